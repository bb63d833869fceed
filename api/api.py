"""The JSON API, /api/v1/, with its OpenAPI schema at /api/v1/openapi.json."""

import uuid
from typing import Any

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, ValidationError

from accounts.models import User
from api.auth import AUTH
from caseload.models import Client

api = NinjaAPI(title="Waymark API", version="1", auth=AUTH, urls_namespace="api")


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> Any:
    return api.create_response(request, {"error": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> Any:
    return api.create_response(request, {"error": "Sign in or send a valid token."}, status=401)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> Any:
    return api.create_response(request, {"error": "The request is not valid.", "detail": exc.errors}, status=422)


class Error(Schema):
    error: str


class MeOut(Schema):
    id: uuid.UUID
    email: str
    name: str
    role: str
    time_zone: str


class ClientOut(Schema):
    id: uuid.UUID
    name: str
    stage: int
    stage_name: str


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


@api.get("/me", response={200: MeOut, 401: Error}, summary="The signed-in person")
def me(request: HttpRequest) -> MeOut:
    user = _user(request)
    return MeOut(id=user.public_id, email=user.email, name=user.name, role=user.role, time_zone=user.local_zone_name())


@api.get("/clients", response={200: list[ClientOut], 401: Error}, summary="Clients whose record you may read")
def clients(request: HttpRequest) -> list[ClientOut]:
    rows = Client.objects.visible_to(_user(request)).select_related("user").order_by("user__display_name", "pk")
    return [ClientOut(id=c.public_id, name=c.name, stage=c.stage, stage_name=c.get_stage_display()) for c in rows]
