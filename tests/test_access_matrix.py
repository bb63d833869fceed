"""Every URL, for every person, gives what tests/access_rules.py says, and a new URL needs a row there."""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.http import Http404, HttpResponseBase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from accounts.models import Role, User
from caseload.access import client_for
from caseload.models import Assignment, Client
from connect.access import grant_for
from connect.models import Scope, SupporterGrant
from lib.testing import WaymarkTestCase, activate_totp, make_client, make_user
from practice.models import Practice
from tests.access_rules import PEOPLE, RULES, Rule

WHERE = "tests/access_rules.py (RULES)"


def url_patterns(
    patterns: Sequence[Any] | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(route, name) of every pattern in the URLconf, includes and the API's operations too."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern), inner or "")
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            route = prefix + str(entry.pattern)
            # An unnamed pattern (the API's catch-all) is keyed by its route.
            yield route, name or f"/{route}"


def outcome_of(response: HttpResponseBase) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        return "login" if urlsplit(response["Location"]).path == reverse("account_login") else "ok"
    if response.status_code == 401:
        return "login"
    return "ok" if 200 <= response.status_code < 300 else str(response.status_code)


class UrlCoverageTest(WaymarkTestCase):
    def test_it_has_a_rule_for_every_url(self) -> None:
        missing = [f"{name} ({route})" for route, name in url_patterns() if name not in RULES]
        self.assertEqual(missing, [], f"No access rule for these URLs: add a row for each to {WHERE}.")

    def test_it_has_no_rule_for_a_url_that_is_gone(self) -> None:
        names = {name for _, name in url_patterns()}
        self.assertEqual(sorted(set(RULES) - names), [], f"Remove these rows from {WHERE}: no such URL any more.")


class AccessMatrixTest(WaymarkTestCase):
    """The cast, plus Oscar: an admin of Olive's practice, so admin pages are tried across practices too."""

    outsider_admin: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.outsider_admin = make_user(cls.outsider.practice, "oscar@example.com", Role.ADMIN, "Oscar")
        activate_totp(cls.outsider_admin)

    def outcome(self, name: str, rule: Rule, person: User | None) -> str:
        """One request, in a savepoint rolled back afterwards so no probe changes what the next one sees."""
        with transaction.atomic():
            self.client.logout()
            if person is not None:
                self.login(person)
            kwargs = rule.kwargs(self) if rule.kwargs else None
            url = rule.path or reverse(name, kwargs=kwargs)
            if rule.method == "POST":
                response = self.client.post(url, rule.data(self) if rule.data else {})
            else:
                response = self.client.get(url)
            transaction.set_rollback(True)
        return outcome_of(response)

    def check_person(self, index: int) -> None:
        label, attribute = PEOPLE[index]
        person = getattr(self, attribute) if attribute else None
        for name, rule in RULES.items():
            with self.subTest(url=name, person=label):
                self.assertEqual(
                    self.outcome(name, rule, person),
                    rule.outcomes[index],
                    f"{rule.method} {name} as {label}; the rule is in {WHERE}",
                )

    def test_it_refuses_a_get_to_every_post_only_url(self) -> None:
        """So a link or an image on another site cannot sign anyone out or change anything."""
        for name, rule in RULES.items():
            if rule.method == "POST":
                label, attribute = PEOPLE[rule.outcomes.index("ok")]
                person = getattr(self, attribute) if attribute else None
                with self.subTest(url=name, person=label):
                    self.assertEqual(self.outcome(name, replace(rule, method="GET"), person), "405")

    def test_it_answers_anonymous_visitors_as_the_matrix_says(self) -> None:
        self.check_person(0)

    def test_it_answers_alex_as_the_matrix_says(self) -> None:
        self.check_person(1)

    def test_it_answers_alexs_therapist_as_the_matrix_says(self) -> None:
        self.check_person(2)

    def test_it_answers_another_therapist_as_the_matrix_says(self) -> None:
        self.check_person(3)

    def test_it_answers_alexs_supporter_as_the_matrix_says(self) -> None:
        self.check_person(4)

    def test_it_answers_the_admin_as_the_matrix_says(self) -> None:
        self.check_person(5)

    def test_it_answers_a_therapist_from_another_practice_as_the_matrix_says(self) -> None:
        self.check_person(6)

    def test_it_answers_an_admin_from_another_practice_as_the_matrix_says(self) -> None:
        self.check_person(7)


THERAPISTS = ("therapist", "other_therapist", "dr_kim", "outsider")
CLIENTS = ("client_record", "bo_record", "cy_record", "dee_record")
SUPPORTERS = ("supporter", "sky")
PERSONS = ("alex", "therapist", "other_therapist", "dr_kim", "supporter", "sky", "admin", "outsider")

# Per client: therapists who treated them before, and who treats them now (if anyone).
histories = st.tuples(st.lists(st.sampled_from(THERAPISTS), max_size=2), st.none() | st.sampled_from(THERAPISTS))
# Per client and supporter: the newest grant's state and scopes, and whether an older, revoked one exists.
grants = st.dictionaries(
    st.tuples(st.sampled_from(CLIENTS), st.sampled_from(SUPPORTERS)),
    st.tuples(
        st.sampled_from(("active", "expires_later", "expired", "revoked")),
        st.lists(st.sampled_from(Scope.values), unique=True),
        st.booleans(),
    ),
)


def reaches(check: Callable[..., object], *args: object) -> bool:
    try:
        check(*args)
    except Http404:
        return False
    return True


class ListAndObjectCheckAgreeTest(HypothesisTestCase, WaymarkTestCase):
    """Whatever the assignments and grants, a list shows exactly what the one-object check lets through."""

    dr_kim: User
    sky: User
    cy_record: Client
    dee_record: Client

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.dr_kim = make_user(cls.practice, "kim@example.com", Role.THERAPIST, "Dr Kim")
        activate_totp(cls.dr_kim)
        cls.sky = make_user(cls.practice, "sky@example.com", Role.SUPPORTER, "Sky")
        cls.cy_record = make_client(cls.practice, "cy@example.com", "Cy", None)
        elsewhere = Practice.objects.get(pk=cls.outsider.practice_pk)
        cls.dee_record = make_client(elsewhere, "dee@example.com", "Dee", None)

    def build(self, assignments: tuple[Any, ...], grant_states: dict[Any, Any], inactive: set[str]) -> None:
        Assignment.objects.all().delete()
        SupporterGrant.objects.all().delete()
        now = timezone.now()
        for client_attr, (before, current) in zip(CLIENTS, assignments, strict=True):
            client = getattr(self, client_attr)
            for therapist_attr in before:
                Assignment.objects.create(client=client, therapist=getattr(self, therapist_attr), ended_at=now)
            if current is not None:
                Assignment.objects.create(client=client, therapist=getattr(self, current))
        for (client_attr, supporter_attr), (state, scopes, older) in grant_states.items():
            pair = {"client": getattr(self, client_attr), "supporter": getattr(self, supporter_attr)}
            if older:
                SupporterGrant.objects.create(**pair, scopes=list(Scope.values), revoked_at=now - timedelta(days=9))
            SupporterGrant.objects.create(
                **pair,
                scopes=scopes,
                revoked_at=now if state == "revoked" else None,
                expires_at={"expired": now - timedelta(days=1), "expires_later": now + timedelta(days=30)}.get(state),
            )
        User.objects.filter(pk__in=[getattr(self, attr).pk for attr in inactive]).update(is_active=False)

    def assert_agree(self, user: User) -> None:
        clients = list(Client.objects.all())
        listed = Client.objects.visible_to(user)
        self.assertEqual(len(listed), len({client.pk for client in listed}), f"{user} sees a client twice")
        self.assertEqual(
            {client.public_id for client in listed},
            {client.public_id for client in clients if reaches(client_for, user, client.public_id)},
            f"the clients {user} can list and can open differ",
        )
        now = timezone.now()
        # A client lists the grants they gave; only the grants given to this person open anything.
        granted = SupporterGrant.objects.visible_to(user, now).filter(supporter=user).select_related("client")
        self.assertEqual(
            {(grant.client.public_id, scope) for grant in granted for scope in grant.scopes},
            {
                (client.public_id, scope)
                for client in clients
                for scope in Scope
                if reaches(grant_for, user, client.public_id, scope)
            },
            f"the grants {user} can list and can use differ",
        )

    @settings(max_examples=40, deadline=None, database=None)
    @given(
        assignments=st.tuples(histories, histories, histories, histories),
        grant_states=grants,
        inactive=st.sets(st.sampled_from(PERSONS), max_size=2),
    )
    def test_it_lists_exactly_what_each_person_can_open(
        self, assignments: tuple[Any, ...], grant_states: dict[Any, Any], inactive: set[str]
    ) -> None:
        self.build(assignments, grant_states, inactive)
        for user in User.objects.all():
            self.assert_agree(user)

    def lived_in_world(self) -> None:
        """Cy was Dr Tan's client and now has no therapist; Alex came to Dr Tan from Dr Lee; Dee is Olive's."""
        self.build(
            ((["other_therapist"], "therapist"), ([], "other_therapist"), (["therapist"], None), ([], "outsider")),
            {},
            set(),
        )

    def test_it_lists_on_the_caseload_exactly_the_records_a_therapist_opens(self) -> None:
        self.lived_in_world()
        for user in User.objects.filter(role=Role.THERAPIST):
            with self.subTest(person=str(user)):
                self.login(user)
                listed = {client.public_id for client in self.client.get(reverse("caseload")).context["clients"]}
                opened = {
                    client.public_id
                    for client in Client.objects.all()
                    if self.client.get(reverse("client_record", args=[client.public_id])).status_code == 200
                }
                self.assertEqual(listed, opened)
                self.assertEqual(listed, {client.public_id for client in Client.objects.visible_to(user)})

    def test_it_lists_in_the_api_exactly_the_clients_it_opens(self) -> None:
        self.lived_in_world()
        for user in User.objects.all():
            with self.subTest(person=str(user)):
                self.client.logout()
                self.login(user)
                listed = {row["id"] for row in self.client.get(reverse("api:clients")).json()}
                opened = {
                    str(client.public_id)
                    for client in Client.objects.all()
                    if self.client.get(reverse("api:client_detail", kwargs={"id": client.public_id})).status_code == 200
                }
                self.assertEqual(listed, opened)
                self.assertEqual(listed, {str(client.public_id) for client in Client.objects.visible_to(user)})
