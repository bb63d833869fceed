"""Loaded with -p before Django starts: a fixed data key, immediate tasks, in-memory mail."""

import os

os.environ.setdefault("WAYMARK_TESTING", "1")
os.environ.setdefault("WAYMARK_DATA_KEYS", "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
os.environ.setdefault("SECRET_KEY", "test-secret-key-that-is-long-enough-for-django-checks-0123456789")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
