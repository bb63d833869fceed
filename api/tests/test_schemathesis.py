"""Schemathesis against /api/v1/openapi.json, once per role, with real credentials.

Every operation, with valid and invalid input: no 5xx, every response as the schema says, and
nobody's response ever carries the id of a client they may not see.
"""

import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import AuthContext, Case, GenerationMode
from schemathesis.core.result import Err

from accounts.models import User
from api.actions import do_create_token
from caseload.models import Client
from lib.testing import WaymarkTestCase
from waymark.wsgi import application

# Small and fixed, so the module runs in seconds and fails the same way twice.
FUZZ = hypothesis_settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


class SchemathesisTest(WaymarkTestCase):
    def setUp(self) -> None:
        # The real WSGI handler closes the database connection after each request, which would
        # end this test's transaction; Django's test client switches this off the same way.
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)
        self.schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

    def send(self, container: str, name: str, value: str) -> None:
        """Give every generated request this credential, the way schemathesis expects to be told."""

        class Credential:
            def get(self, case: Case, ctx: AuthContext) -> str:
                return value

            def set(self, case: Case, data: str, ctx: AuthContext) -> None:
                getattr(case, container)[name] = data

        self.schema.auth(refresh_interval=None)(Credential)

    def send_token(self, user: User) -> None:
        _, raw = do_create_token(user, "schemathesis")
        self.send("headers", "Authorization", f"Bearer {raw}")

    def fuzz(self, *may_see: Client) -> set[int]:
        """Run every operation as whoever send() set up, who may see only these clients.

        Returns the statuses seen on /me, so callers can tell the credential worked.
        """
        visible = {str(client.public_id) for client in may_see}
        hidden = {str(public_id) for public_id in Client.objects.values_list("public_id", flat=True)} - visible
        known = [str(self.client_record.public_id), str(self.bo_record.public_id)]
        me_statuses: set[int] = set()
        for result in self.schema.get_all_operations():
            if isinstance(result, Err):
                raise result.err()
            operation = result.ok()
            strategies = [operation.as_strategy(generation_mode=mode) for mode in GenerationMode]
            if "{id}" in operation.path:
                # Random ids only ever miss; aim at real clients too, the one we may see and the one we may not.
                strategies += [operation.as_strategy(path_parameters={"id": public_id}) for public_id in known]

            @FUZZ
            @given(case=st.one_of(strategies))
            def check(case: Case) -> None:
                response = case.call_and_validate()
                leaked = {public_id for public_id in hidden if public_id in response.text}
                assert not leaked, f"{case.method} {case.formatted_path} showed clients it should not: {leaked}"
                if case.operation.path.endswith("/me"):
                    me_statuses.add(response.status_code)

            check()
        return me_statuses

    def assert_signed_in(self, statuses: set[int]) -> None:
        self.assertIn(200, statuses)

    def test_it_holds_for_a_client(self) -> None:
        self.send_token(self.alex)
        self.assert_signed_in(self.fuzz(self.client_record))

    def test_it_holds_for_a_therapist(self) -> None:
        self.send_token(self.therapist)
        self.assert_signed_in(self.fuzz(self.client_record))

    def test_it_holds_for_another_therapist(self) -> None:
        self.send_token(self.other_therapist)
        self.assert_signed_in(self.fuzz(self.bo_record))

    def test_it_holds_for_a_therapist_in_the_browser(self) -> None:
        self.login(self.therapist)
        self.send("cookies", settings.SESSION_COOKIE_NAME, self.client.cookies[settings.SESSION_COOKIE_NAME].value)
        self.assert_signed_in(self.fuzz(self.client_record))

    def test_it_holds_for_a_supporter(self) -> None:
        self.send_token(self.supporter)
        self.assert_signed_in(self.fuzz())

    def test_it_holds_for_an_admin(self) -> None:
        self.send_token(self.admin)
        self.assert_signed_in(self.fuzz())

    def test_it_holds_for_an_outsider(self) -> None:
        self.send_token(self.outsider)
        self.assert_signed_in(self.fuzz())

    def test_it_holds_for_anonymous_visitors(self) -> None:
        self.assertEqual(self.fuzz(), {401})
