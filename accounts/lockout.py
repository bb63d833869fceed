"""django-axes hooks: lock on the e-mail typed together with the IP, and answer kindly."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str | None:
    """The address both lockouts count by: allauth's reading, so one proxy setting serves both."""
    from allauth.account.adapter import get_adapter

    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        return None


def username_from_request(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or request.POST.get("login") or ""
    return str(value).strip().lower()[:254]


def locked_out(request: HttpRequest, credentials: dict[str, Any] | None, *args: Any, **kwargs: Any) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)
