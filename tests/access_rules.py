"""The access matrix: what every URL gives every person (SECURITY.md; STYLE.md rule 13).

One row per URL name, namespaced like reverse() wants it ("api:me"). `expect` lists one outcome
per person, in the order of PEOPLE:

    anonymous · Alex (client) · Dr Tan (Alex's therapist) · Dr Lee (another therapist) ·
    Sam (Alex's supporter) · Ada (admin) · Olive (therapist, other practice) · Oscar (admin, other practice)

Outcomes: "ok" (2xx, or a redirect anywhere but the login page), "login" (a redirect to the
login page, or 401 from the API), "404", "405", "403" (seen but not changeable; rare).

`kwargs` builds the URL's arguments and `data` the POST body, from the cast. Each request runs
in a savepoint that is rolled back afterwards, so builders may create rows and a POST that
changes something changes it for that one request only. A POST row is for a POST-only view:
a GET to it must answer 405 (checked too). A pattern without a name is keyed by its
route ("/api/v1/") and its rule gives the `path` to request.

People are signed in as if some minutes ago: allauth pages that want a fresh sign-in redirect
to its re-authentication page, which counts as "ok" (they are reached, not refused). Staff have
an authenticator app and recovery codes; Alex and Sam have neither, so allauth answers 404 for
the pages that manage them.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.utils import timezone

from accounts.models import Invitation, Role, User, hash_token
from accounts.views import INVITE_TOKEN
from api.models import ApiToken, hash_api_token

if TYPE_CHECKING:
    from lib.testing import WaymarkTestCase

Outcome = Literal["ok", "login", "404", "405", "403"]
OUTCOMES: frozenset[str] = frozenset(get_args(Outcome))

# (label, attribute of the test case holding the person); anonymous has no one.
PEOPLE: tuple[tuple[str, str | None], ...] = (
    ("anonymous", None),
    ("Alex (client)", "alex"),
    ("Dr Tan (Alex's therapist)", "therapist"),
    ("Dr Lee (another therapist)", "other_therapist"),
    ("Sam (Alex's supporter)", "supporter"),
    ("Ada (admin)", "admin"),
    ("Olive (therapist, other practice)", "outsider"),
    ("Oscar (admin, other practice)", "outsider_admin"),
)

Builder = Callable[["WaymarkTestCase"], dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    expect: str
    method: Literal["GET", "POST"] = "GET"
    kwargs: Builder | None = None
    data: Builder | None = None
    path: str | None = None
    outcomes: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        outcomes = tuple(self.expect.split())
        if len(outcomes) != len(PEOPLE) or not OUTCOMES.issuperset(outcomes):
            raise ValueError(f"expect needs {len(PEOPLE)} of {sorted(OUTCOMES)}, got {self.expect!r}")
        object.__setattr__(self, "outcomes", outcomes)


def alex_record(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"public_id": case.client_record.public_id}


def alex_record_id(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"id": case.client_record.public_id}


def hand_to_dr_lee(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"therapist": case.other_therapist.pk}


def dr_lee(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"public_id": case.other_therapist.public_id}


def alex_api_token(case: "WaymarkTestCase") -> dict[str, Any]:
    token = ApiToken.objects.create(user=case.alex, name="Phone", token_hash=hash_api_token(uuid.uuid4().hex))
    return {"public_id": token.public_id}


def _open_invitation(case: "WaymarkTestCase", token: str) -> Invitation:
    return Invitation.objects.create(
        practice=case.practice,
        email="new.therapist@example.com",
        role=Role.THERAPIST,
        invited_by=case.admin,
        token_hash=hash_token(token),
        expires_at=Invitation.expiry_from(timezone.now()),
    )


def harbour_invitation(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"public_id": _open_invitation(case, Invitation.new_token()).public_id}


def invitation_in_session(case: "WaymarkTestCase") -> dict[str, Any]:
    """What the invitation link leaves behind: an open invitation's token in the session."""
    token = Invitation.new_token()
    _open_invitation(case, token)
    session = case.client.session
    session[INVITE_TOKEN] = token
    session.save()
    return {}


def staff_recovery_codes(case: "WaymarkTestCase") -> dict[str, Any]:
    """As the real set-up leaves them: whoever set up an authenticator app also has recovery codes."""
    for user in User.objects.filter(authenticator__type=Authenticator.Type.TOTP):
        RecoveryCodes.activate(user)
    return {}


def made_up_token(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"token": "not-a-real-token"}


def made_up_key(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"key": "not-a-real-key"}


def made_up_reset_key(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"uidb36": "1", "key": "not-a-real-key"}


ANYONE = "ok ok ok ok ok ok ok ok"
SIGNED_IN = "login ok ok ok ok ok ok ok"
ADMINS = "login 404 404 404 404 ok 404 ok"
THERAPISTS = "login 404 ok ok 404 404 ok 404"
ALEX_ONLY = "login ok 404 404 404 404 404 404"
ALEX_THERAPIST_ONLY = "login 404 ok 404 404 404 404 404"
HARBOUR_ADMIN_ONLY = "login 404 404 404 404 ok 404 404"
NOBODY = "404 404 404 404 404 404 404 404"
WITH_AUTHENTICATOR_APP = "login 404 ok ok 404 ok ok ok"

#        anonymous · Alex · Dr Tan · Dr Lee · Sam · Ada · Olive · Oscar
RULES: dict[str, Rule] = {
    # Waymark's own pages.
    "home": Rule(SIGNED_IN),
    "healthz": Rule(ANYONE),
    "quick_exit": Rule(ANYONE, method="POST"),
    "accept_invitation": Rule(ANYONE, kwargs=invitation_in_session),
    "invitation_link": Rule(ANYONE, kwargs=made_up_token),
    "account_settings": Rule(SIGNED_IN),
    "api_tokens": Rule(SIGNED_IN),
    "api_token_revoke": Rule(ALEX_ONLY, method="POST", kwargs=alex_api_token),
    "crisis": Rule(ANYONE),
    "practice_people": Rule(ADMINS),
    "practice_invite_therapist": Rule(ADMINS),
    "practice_set_active": Rule(HARBOUR_ADMIN_ONLY, method="POST", kwargs=dr_lee),
    "practice_withdraw_invitation": Rule(HARBOUR_ADMIN_ONLY, method="POST", kwargs=harbour_invitation),
    "practice_settings": Rule(ADMINS),
    "caseload": Rule(THERAPISTS),
    "caseload_invite_client": Rule(THERAPISTS),
    "client_record": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_record),
    "client_transfer": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_record, data=hand_to_dr_lee),
    "privacy_home": Rule(ALEX_ONLY),
    "privacy_consent": Rule(ALEX_ONLY),
    "privacy_withdraw_consent": Rule(ALEX_ONLY, method="POST"),
    "privacy_access_log": Rule(ALEX_ONLY),
    "privacy_export": Rule(ALEX_ONLY, method="POST"),
    "privacy_delete": Rule(ALEX_ONLY),
    "privacy_delete_cancel": Rule(ALEX_ONLY, method="POST"),
    # The JSON API (session auth here; tokens are tested in api/tests).
    "api:api-root": Rule(NOBODY),
    "api:openapi-json": Rule(ANYONE),
    "api:me": Rule(SIGNED_IN),
    "api:clients": Rule(SIGNED_IN),
    "api:client_detail": Rule("login ok ok 404 404 404 404 404", kwargs=alex_record_id),
    "/api/v1/": Rule(NOBODY, path="/api/v1/no-such-thing"),
    # allauth: sign-in, password and email pages.
    "account_login": Rule(ANYONE),
    "account_logout": Rule(ANYONE),
    "account_inactive": Rule(ANYONE),
    "account_signup": Rule(ANYONE),
    "account_reauthenticate": Rule(SIGNED_IN),
    "account_email": Rule(SIGNED_IN),
    "account_email_verification_sent": Rule(ANYONE),
    "account_change_password": Rule(SIGNED_IN),
    "account_set_password": Rule(SIGNED_IN),
    "account_reset_password": Rule(ANYONE),
    "account_confirm_login_code": Rule(SIGNED_IN),
    "account_confirm_email": Rule(ANYONE, kwargs=made_up_key),
    "account_reset_password_from_key_done": Rule(ANYONE),
    "account_reset_password_from_key": Rule(ANYONE, kwargs=made_up_reset_key),
    "account_reset_password_done": Rule(ANYONE),
    # allauth: two-step sign-in and sessions.
    "mfa_index": Rule(SIGNED_IN),
    "mfa_authenticate": Rule(SIGNED_IN),
    "mfa_reauthenticate": Rule(SIGNED_IN),
    "mfa_activate_totp": Rule(SIGNED_IN),
    "mfa_deactivate_totp": Rule(WITH_AUTHENTICATOR_APP),
    "mfa_view_recovery_codes": Rule(WITH_AUTHENTICATOR_APP, kwargs=staff_recovery_codes),
    "mfa_generate_recovery_codes": Rule(SIGNED_IN),
    "mfa_download_recovery_codes": Rule(WITH_AUTHENTICATOR_APP, kwargs=staff_recovery_codes),
    "usersessions_list": Rule(SIGNED_IN),
}
