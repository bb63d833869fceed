"""The progress report a therapist downloads as a PDF."""
