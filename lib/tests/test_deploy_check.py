"""Production settings pass Django's deployment checklist and refuse to start without their secrets."""

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

# Variables the test run sets for itself (lib/pytest_plugin.py) or a developer may have set: a
# production start sees none of them.
NOT_IN_PRODUCTION = (
    "DEBUG",
    "WAYMARK_TESTING",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "WAYMARK_DATA_KEYS",
    "WAYMARK_DATA_KEYS_FILE",
    "DATABASE_URL",
    "SQLITE_PATH",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "TASKS_BACKEND",
    "EMAIL_BACKEND",
    "DJANGO_SETTINGS_MODULE",
)
DATA_KEYS = "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in NOT_IN_PRODUCTION}
    with tempfile.TemporaryDirectory() as var_dir:
        clean.update({"WAYMARK_VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "waymark.settings", **env})
        return subprocess.run(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
            env=clean,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


class DeployCheckTest(SimpleTestCase):
    def production_env(self) -> dict[str, str]:
        return {
            "SECRET_KEY": secrets.token_urlsafe(64),
            "WAYMARK_DATA_KEYS": DATA_KEYS,
            "ALLOWED_HOSTS": "waymark.example.org",
        }

    def test_it_passes_the_deployment_checklist_under_production_settings(self) -> None:
        result = run_manage("check", "--deploy", "--fail-level", "WARNING", **self.production_env())
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout + result.stderr)

    def test_it_flags_a_production_server_started_in_debug_mode(self) -> None:
        result = run_manage("check", "--deploy", "--fail-level", "WARNING", DEBUG="true", **self.production_env())
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("security.W018", result.stdout + result.stderr)

    def test_it_refuses_to_start_without_a_secret_key(self) -> None:
        env = self.production_env()
        del env["SECRET_KEY"]
        result = run_manage("check", **env)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImproperlyConfigured", result.stderr)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_it_refuses_to_start_without_data_keys(self) -> None:
        env = self.production_env()
        del env["WAYMARK_DATA_KEYS"]
        result = run_manage("check", **env)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImproperlyConfigured", result.stderr)
        self.assertIn("WAYMARK_DATA_KEYS", result.stderr)

    def test_it_reads_secrets_from_files(self) -> None:
        with tempfile.TemporaryDirectory() as secrets_dir:
            key_file = Path(secrets_dir) / "secret-key"
            key_file.write_text(secrets.token_urlsafe(64) + "\n")
            data_file = Path(secrets_dir) / "data-keys"
            data_file.write_text(DATA_KEYS + "\n")
            result = run_manage(
                "check",
                "--deploy",
                "--fail-level",
                "WARNING",
                SECRET_KEY_FILE=str(key_file),
                WAYMARK_DATA_KEYS_FILE=str(data_file),
                ALLOWED_HOSTS="waymark.example.org",
            )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout + result.stderr)
