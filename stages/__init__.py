"""The programme's four stages: entry and exit criteria, and moving a client between them."""
