"""Plain helpers shared by every Waymark app."""
