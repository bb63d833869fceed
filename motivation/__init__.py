"""Motivational-interviewing tools: decisional balance, rulers, what matters to me."""
