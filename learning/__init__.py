"""The psychoeducation course, reading progress and the client's journal of reflections."""
