"""The JSON API, /api/v1/, with its OpenAPI schema at /api/v1/openapi.json.

There is no docs page: django-ninja's Swagger UI loads from a CDN, and we load no third-party
scripts. Every error, inside an operation or not, is JSON shaped {"error": "..."}.
"""

import logging
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import ConfigDict

from accounts.models import Role, User
from api.auth import AUTH
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client, Stage

logger = logging.getLogger(__name__)

# No API request needs more than this; checked before anything reads the body, and well under
# Django's DATA_UPLOAD_MAX_MEMORY_SIZE.
MAX_BODY_BYTES = 64 * 1024

NOT_FOUND = "Not found."
SOMETHING_WRONG = "Something went wrong."

View = Callable[..., HttpResponse]


def json_error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _body_error(request: HttpRequest) -> JsonResponse | None:
    """Refuse an oversize body before anything reads it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return json_error(400, "The request could not be read.")
    if length > MAX_BODY_BYTES:
        return json_error(413, f"The request is too large (the limit is {MAX_BODY_BYTES // 1024} KB).")
    return None


def _json_errors(view: View) -> View:
    """Errors that happen outside an operation (a wrong method, an oversize body) answered in JSON too."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (refused := _body_error(request)) is not None:
            return refused
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return json_error(404, NOT_FOUND)
        except Exception:
            logger.exception("Unhandled error in the API")
            return json_error(500, SOMETHING_WRONG)
        if response.status_code == 405:
            allowed = response.get("Allow", "")
            response = json_error(405, "This method is not allowed here.")
            response["Allow"] = allowed
        return response

    # Operations check CSRF themselves (for session auth only); the schema and 404s change nothing.
    return csrf_exempt(wrapped)


@csrf_exempt
def _no_such_endpoint(request: HttpRequest) -> HttpResponse:
    return json_error(404, NOT_FOUND)


class WaymarkAPI(NinjaAPI):
    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        wrapped: list[URLResolver | URLPattern] = []
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                view = require_safe(pattern.callback) if pattern.name == "openapi-json" else pattern.callback
                pattern = URLPattern(pattern.pattern, _json_errors(view), pattern.default_args, pattern.name)
            wrapped.append(pattern)
        return [*wrapped, re_path(r"", _no_such_endpoint)], app_name, namespace


api = WaymarkAPI(
    title="Waymark API",
    version="1",
    description="Send a personal token from /account/tokens/ as `Authorization: Bearer <token>`.",
    auth=AUTH,
    urls_namespace="api",
    docs_url=None,
)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return json_error(404, NOT_FOUND)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = json_error(401, "Sign in or send a valid token.")
    response["WWW-Authenticate"] = 'Bearer realm="waymark"'
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return json_error(exc.status_code, str(exc))


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = "; ".join(f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in exc.errors[:5])
    return json_error(422, f"The request is not valid ({problems}).")


@api.exception_handler(Exception)
def unhandled(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.error("Unhandled error in the API", exc_info=exc)
    return json_error(500, SOMETHING_WRONG)


class StrictSchema(Schema):
    model_config = ConfigDict(extra="forbid")


class Error(StrictSchema):
    error: str


class MeOut(StrictSchema):
    id: uuid.UUID
    email: str
    name: str
    role: Role
    time_zone: str


class ClientOut(StrictSchema):
    id: uuid.UUID
    name: str
    stage: Stage
    stage_name: str

    @classmethod
    def of(cls, client: Client) -> "ClientOut":
        return cls(
            id=client.public_id, name=client.name, stage=Stage(client.stage), stage_name=client.get_stage_display()
        )


# Every operation may answer 401 (no valid credentials) or 403 (a session without its CSRF
# token, or staff who have not set up two-step sign-in).
REFUSALS: dict[int, type[Schema]] = {401: Error, 403: Error}


NAME_THE_CLIENT = "Not found. Name the client with ?client=<id>."


def api_user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]  # set by the API's authentication


def client_named(request: HttpRequest, client_id: uuid.UUID | None, what: str) -> Client:
    """The client named with ?client= (client_for: 404 unless theirs to see), or the signed-in client's own.

    The read is audited as ``what`` (nothing is written when a client reads their own).
    """
    user = api_user(request)
    if client_id is not None:
        client = client_for(user, client_id)
    elif user.is_client:
        client = client_for(user, user.client.public_id)
    else:
        raise HttpError(404, NAME_THE_CLIENT)
    record_read(user, client, what)
    return client


@api.get("/me", response={200: MeOut, **REFUSALS}, summary="The signed-in person")
def me(request: HttpRequest) -> MeOut:
    user = api_user(request)
    return MeOut(
        id=user.public_id, email=user.email, name=user.name, role=Role(user.role), time_zone=user.local_zone_name()
    )


@api.get("/clients", response={200: list[ClientOut], **REFUSALS}, summary="Clients whose record you may read")
def clients(request: HttpRequest) -> list[ClientOut]:
    rows = Client.objects.visible_to(api_user(request)).select_related("user").order_by("user__display_name", "pk")
    return [ClientOut.of(client) for client in rows]


@api.get(
    "/clients/{uuid:id}",
    response={200: ClientOut, 404: Error, **REFUSALS},
    summary="One client whose record you may read",
)
def client_detail(request: HttpRequest, id: uuid.UUID) -> ClientOut:
    user = api_user(request)
    client = client_for(user, id)
    record_read(user, client, "api.client")
    return ClientOut.of(client)


api.add_router("", "tracking.api.router")  # /checkins, /urges, /lapses
api.add_router("", "stages.api.router")
api.add_router("", "homework.api.router")
api.add_router("", "notes.api.router")
api.add_router("", "goals.api.router")
api.add_router("", "learning.api.router")
api.add_router("", "narrative.api.router")
api.add_router("", "motivation.api.router")
