"""The client's story, written in guided steps, with versions and the therapist's comments."""
