"""The cast, each with a personal API token, and a request helper that reads JSON."""

from typing import Any

from django.test.client import Client as HttpClient

from accounts.models import User
from api.actions import do_create_token
from lib.testing import WaymarkTestCase


class ApiTestCase(WaymarkTestCase):
    def token_for(self, user: User) -> str:
        return do_create_token(user, "test script")[1]

    def api_get(self, path: str, token: str | None = None, **extra: Any) -> Any:
        """A request from a program: no browser cookies, only the token if there is one."""
        if token is not None:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return HttpClient().get(f"/api/v1{path}", **extra)

    def as_user(self, user: User, path: str) -> Any:
        return self.api_get(path, self.token_for(user))

    def csrf_checking_browser(self, user: User) -> HttpClient:
        browser = HttpClient(enforce_csrf_checks=True)
        browser.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return browser
