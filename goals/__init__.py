"""Stage 4 goals in the domains of lasting recovery, with steps and reviews."""
