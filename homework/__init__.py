"""Tasks and homework a therapist assigns and the client completes."""
