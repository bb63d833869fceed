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
    return {"therapist": case.other_therapist.pk, "note": "Doing well; next session is on Tuesday."}


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


# Safety pathway: an open risk alert about Alex, and what acknowledging it sends.
def alex_alert(case: "WaymarkTestCase") -> dict[str, Any]:
    from safety.models import AlertSeverity, RiskAlert

    now = timezone.now()
    alert = RiskAlert.objects.create(
        client=case.client_record,
        severity=AlertSeverity.CRITICAL,
        reason="asq.acute_positive",
        acknowledge_by=RiskAlert.deadline_from(now, AlertSeverity.CRITICAL),
    )
    return {"public_id": alert.public_id}


def acknowledgement(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"note": "Called the client; we went through the safety plan."}


# Intake history: the client's own questions, and the therapist's summary of them.
def first_intake_topic(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"slug": "start"}


def alex_intake(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"client_id": case.client_record.public_id}


# Client flow (questionnaires): one of Alex's, due today, and one he has sent.
def alex_administration(case: "WaymarkTestCase") -> dict[str, Any]:
    from measures.models import Administration

    administration = Administration.objects.create(
        client=case.client_record, instrument_id="phq9", due_on=timezone.localdate()
    )
    return {"public_id": administration.public_id}


def alex_first_question(case: "WaymarkTestCase") -> dict[str, Any]:
    from measures.models import Administration
    from measures.views.client import question_token

    kwargs = alex_administration(case)
    administration = Administration.objects.get(public_id=kwargs["public_id"])
    return {**kwargs, "token": question_token(administration, "q1")}


def alex_sent_administration(case: "WaymarkTestCase") -> dict[str, Any]:
    from measures.models import Administration, Status

    administration = Administration.objects.create(
        client=case.client_record,
        instrument_id="gad7",
        due_on=timezone.localdate(),
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
        answers={f"q{n}": 0 for n in range(1, 8)},
        result={"instrument": "gad7", "total": {"score": 0, "band": "Minimal", "clinical": False}, "subscales": {}},
        total=0,
    )
    return {"public_id": administration.public_id}


# Results (therapist's questionnaire pages, licensed instruments): Alex's measures, one scored result.
def alex_measures(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"client_id": case.client_record.public_id}


def gad7_every_four_weeks(case: "WaymarkTestCase") -> dict[str, Any]:
    from datetime import timedelta

    starts_on = timezone.localdate() + timedelta(days=1)  # tomorrow in UTC is never before Alex's today
    return {"instrument": "gad7", "repeat": "weeks", "every_weeks": "4", "starts_on": starts_on.isoformat()}


def alex_schedule(case: "WaymarkTestCase") -> dict[str, Any]:
    from measures.models import Schedule

    schedule = Schedule.objects.create(
        client=case.client_record, instrument_id="phq9", every_days=28, starts_on=timezone.localdate()
    )
    return {**alex_measures(case), "schedule_id": schedule.public_id}


def alex_phq9_paper(case: "WaymarkTestCase") -> dict[str, Any]:
    return {**alex_measures(case), "instrument_id": "phq9"}


def alex_scored_result(case: "WaymarkTestCase") -> dict[str, Any]:
    from measures import registry
    from measures.models import Administration, Status
    from measures.scoring import score

    answers = {f"q{n}": 1 for n in range(1, 8)}
    result = score(registry.get("gad7"), answers)
    administration = Administration.objects.create(
        client=case.client_record,
        instrument_id="gad7",
        instrument_version="1.0",
        due_on=timezone.localdate(),
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
        answers=answers,
        result=result.as_dict(),
        total=7,
    )
    return {**alex_measures(case), "administration_id": administration.public_id}


def gad7_correction(case: "WaymarkTestCase") -> dict[str, Any]:
    return {**{f"q{n}": "0" for n in range(1, 8)}, "reason": "Entered from the wrong form."}


def harbour_licensed_instrument(case: "WaymarkTestCase") -> dict[str, Any]:
    from measures.models import LicensedInstrument
    from measures.tests.support import EXAMPLES

    instrument = LicensedInstrument.objects.create(
        practice=case.practice,
        instrument_id="example-scale",
        version="2.1",
        title="Example Scale",
        definition=(EXAMPLES / "example-scale.yaml").read_text(encoding="utf-8"),
    )
    return {"public_id": instrument.public_id}


def phq9_questionnaire(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"instrument_id": "phq9"}


# Recovery plan: Alex's first version, drafted and waiting for both signatures.
def alex_plan_version(case: "WaymarkTestCase") -> dict[str, Any]:
    from plan.actions import do_start_plan

    version = do_start_plan(
        case.alex, case.client_record, timezone.localdate(), 90, "", {"inner": ["Watching pornography"]}
    )
    return {"version_id": version.public_id}


def alex_plan(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"client_id": case.client_record.public_id}


def alex_plan_to_sign(case: "WaymarkTestCase") -> dict[str, Any]:
    return {**alex_plan(case), **alex_plan_version(case)}


# Relapse-prevention plan: Alex's, with one trigger, so there is something to review.
def alex_prevention_plan(case: "WaymarkTestCase") -> dict[str, Any]:
    from plan.actions import Entry, do_save_prevention_plan

    do_save_prevention_plan(case.alex, case.client_record, [Entry("trigger", "Feeling lonely", "Call my brother")], "")
    return alex_plan(case)


# Tracking: one of Alex's urges and one of his lapses, and his record's id for the therapist's pages.
def alex_urge(case: "WaymarkTestCase") -> dict[str, Any]:
    from tracking.models import Outcome, Urge

    urge = Urge.objects.create(
        client=case.client_record, occurred_at=timezone.now(), intensity=6, outcome=Outcome.RODE_IT_OUT
    )
    return {"public_id": urge.public_id}


def alex_lapse(case: "WaymarkTestCase") -> dict[str, Any]:
    from tracking.models import Lapse

    return {"public_id": Lapse.objects.create(client=case.client_record, occurred_at=timezone.now()).public_id}


def alex_tracking(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"client_id": case.client_record.public_id}


# SOS: one of Alex's reasons to stay sober, and an urge rated before and after.
def alex_reason(case: "WaymarkTestCase") -> dict[str, Any]:
    from sos.models import Reason

    return {"public_id": Reason.objects.create(client=case.client_record, text="For my daughter").public_id}


# Safety plan: Alex's record for his therapist's page, and a plan to save or review.
def alex_safety_plan(case: "WaymarkTestCase") -> dict[str, Any]:
    from safety.plan_actions import do_save_safety_plan

    do_save_safety_plan(case.alex, case.client_record, {"people": "My sister Jo 9123 4567"})
    return {"client_id": case.client_record.public_id}


def safety_plan_steps(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"coping": "A walk around the block"}


# Device checklist: a phone of Alex's, his therapist's view, and a device to add.
def alex_device(case: "WaymarkTestCase") -> dict[str, Any]:
    from devices.models import Device

    return {"device_id": Device.objects.create(client=case.client_record, kind="phone").public_id}


def alex_devices(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"client_id": case.client_record.public_id}


def new_device(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"kind": "tablet", "name": "Old tablet"}


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
    # Safety pathway: risk alerts are for the treating therapist (and the clinical lead once escalated).
    "alerts": Rule(THERAPISTS),
    "alert": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_alert),
    "alert_acknowledge": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_alert, data=acknowledgement),
    # Intake history: the client answers it; only their own therapist reads it.
    "intake": Rule(ALEX_ONLY),
    "intake_step": Rule(ALEX_ONLY, kwargs=first_intake_topic),
    "intake_review": Rule(ALEX_ONLY),
    "intake_submit": Rule(ALEX_ONLY, method="POST"),
    "client_intake": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_intake),
    # Client flow: a client answers only their own questionnaires.
    "measures_due": Rule(ALEX_ONLY),
    "measures_start": Rule(ALEX_ONLY, kwargs=alex_administration),
    "measures_item": Rule(ALEX_ONLY, kwargs=alex_first_question),
    "measures_review": Rule(ALEX_ONLY, kwargs=alex_administration),
    "measures_result": Rule(ALEX_ONLY, kwargs=alex_sent_administration),
    # Results: the therapist's questionnaire pages; the practice's instruments (licensed uploads are admin-only).
    "therapist_measures": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_measures),
    "therapist_measures_assign": Rule(
        ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_measures, data=gad7_every_four_weeks
    ),
    "therapist_measures_intake": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_measures),
    "therapist_measures_end_schedule": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_schedule),
    "therapist_measures_paper": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_phq9_paper),
    "therapist_measures_result": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_scored_result),
    "therapist_measures_correct": Rule(
        ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_scored_result, data=gad7_correction
    ),
    "therapist_measures_fhir": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_scored_result),
    "practice_instruments": Rule(ADMINS),
    "practice_instrument_retire": Rule(HARBOUR_ADMIN_ONLY, method="POST", kwargs=harbour_licensed_instrument),
    "practice_instrument_fhir": Rule("login 404 ok ok 404 ok ok ok", kwargs=phq9_questionnaire),
    # Recovery plan: the client's own pages, and their therapist's.
    "plan": Rule(ALEX_ONLY),
    "plan_edit": Rule(ALEX_ONLY),
    "plan_history": Rule(ALEX_ONLY),
    "plan_sign": Rule(ALEX_ONLY, method="POST", kwargs=alex_plan_version),
    "client_plan": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_plan),
    "client_plan_edit": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_plan),
    "client_plan_sign": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_plan_to_sign),
    # Relapse-prevention plan: the client's own pages, and their therapist's.
    "plan_prevention": Rule(ALEX_ONLY),
    "plan_prevention_edit": Rule(ALEX_ONLY),
    "client_plan_prevention": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_plan),
    "client_plan_prevention_edit": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_plan),
    "client_plan_prevention_review": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_prevention_plan),
    # SOS: the client's own page and reasons; nobody else's.
    "sos": Rule(ALEX_ONLY),
    "sos_reasons": Rule(ALEX_ONLY),
    "sos_reason_edit": Rule(ALEX_ONLY, kwargs=alex_reason),
    "sos_reason_remove": Rule(ALEX_ONLY, method="POST", kwargs=alex_reason),
    # Safety plan: the client's own (under Help now), and their therapist's page with the review stamp.
    "safety_plan": Rule(ALEX_ONLY),
    "safety_plan_edit": Rule(ALEX_ONLY),
    "client_safety_plan": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_safety_plan),
    "client_safety_plan_reviewed": Rule(ALEX_THERAPIST_ONLY, method="POST", kwargs=alex_safety_plan),
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
    # Device checklist: the client's /devices/ pages and their therapist's reading of them.
    "devices": Rule(ALEX_ONLY),
    "device_add": Rule(ALEX_ONLY, method="POST", data=new_device),
    "device": Rule(ALEX_ONLY, kwargs=alex_device),
    "device_remove": Rule(ALEX_ONLY, method="POST", kwargs=alex_device),
    "client_devices": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_devices),
    # Tracking: the client's /today/ pages, the therapist's reading of them, and the API.
    "tracking_today": Rule(ALEX_ONLY),
    "tracking_urges": Rule(ALEX_ONLY),
    "tracking_urge_new": Rule(ALEX_ONLY),
    "tracking_urge": Rule(ALEX_ONLY, kwargs=alex_urge),
    "tracking_lapses": Rule(ALEX_ONLY),
    "tracking_lapse_new": Rule(ALEX_ONLY),
    "tracking_lapse": Rule(ALEX_ONLY, kwargs=alex_lapse),
    "tracking_lapse_edit": Rule(ALEX_ONLY, kwargs=alex_lapse),
    # Tracking: the daily check-in reminder setting.
    "tracking_reminder": Rule(ALEX_ONLY),
    "tracking_client": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_tracking),
    "tracking_client_urges": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_tracking),
    "tracking_client_lapses": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_tracking),
    # Insights (urge patterns, mood, sober runs): Alex's own page and his therapist's reading of it.
    "tracking_insights": Rule(ALEX_ONLY),
    "tracking_client_insights": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_tracking),
    # Skills: the client's practice log and timer, and the exercise cards (clients only).
    "skills_practice": Rule(ALEX_ONLY),
    "skills_cards": Rule(ALEX_ONLY),
    "skills_card": Rule(ALEX_ONLY, kwargs=lambda case: {"card_id": "paced-breathing"}),
    "api:checkins": Rule(ALEX_ONLY),  # a therapist names the client with ?client=<id>: tracking/tests
    "api:urges": Rule(ALEX_ONLY),
    "api:lapses": Rule(ALEX_ONLY),
}


def _merge_area_rules() -> None:
    """Areas keep their rows in tests/access_rules_<area>.py (a RULES dict of their own); merged here."""
    import importlib
    import pkgutil

    import tests

    for module in pkgutil.iter_modules(tests.__path__):
        if module.name.startswith("access_rules_"):
            area = importlib.import_module(f"tests.{module.name}")
            if clash := RULES.keys() & area.RULES.keys():
                raise ValueError(f"{module.name} repeats rules for {sorted(clash)}")
            RULES.update(area.RULES)


_merge_area_rules()
