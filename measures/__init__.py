"""Questionnaires as data: definition files, their validation, and the scoring engine."""
