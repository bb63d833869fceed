"""Schemathesis on /api/v1/tasks alone, per role: no 5xx, responses as the schema says, nobody else's tasks.

api/tests/test_schemathesis.py fuzzes every area's operations; this checks the tasks' operations on their
own, aiming the ids at a task of Alex's and one of Bo's.
"""

import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import AuthContext, Case
from schemathesis.core.result import Err

from accounts.models import User
from api.actions import do_create_token
from api.tests import test_schemathesis as everything
from homework.models import Kind, Task
from lib.testing import WaymarkTestCase
from waymark.wsgi import application


class TasksFuzzTest(WaymarkTestCase):
    def setUp(self) -> None:
        for signal in (request_started, request_finished):  # as in api/tests/test_schemathesis.py
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)
        self.alexs = Task.objects.create(client=self.client_record, kind=Kind.CUSTOM, title="A walk")
        self.bos = Task.objects.create(client=self.bo_record, kind=Kind.CUSTOM, title="Bo's task")

    def fuzz(self, user: User | None, sees_alex: bool = False, sees_bo: bool = False) -> None:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)  # fresh: no one's token
        if user is not None:
            raw = do_create_token(user, "schemathesis")[1]

            class Token:
                def get(self, case: Case, ctx: AuthContext) -> str:
                    return raw

                def set(self, case: Case, data: str, ctx: AuthContext) -> None:
                    case.headers["Authorization"] = f"Bearer {data}"

            schema.auth(refresh_interval=None)(Token)
        hidden = [
            str(obj.public_id) for obj, seen in ((self.client_record, sees_alex), (self.bo_record, sees_bo)) if not seen
        ]
        hidden += [str(task.public_id) for task, seen in ((self.alexs, sees_alex), (self.bos, sees_bo)) if not seen]
        for result in schema.get_all_operations():
            if isinstance(result, Err):
                raise result.err()
            operation = result.ok()
            if not operation.path.startswith("/tasks"):
                continue
            strategies = [operation.as_strategy()]
            if "{id}" in operation.path:
                ids = [self.alexs.public_id, self.bos.public_id, self.client_record.public_id]
                strategies += [operation.as_strategy(path_parameters={"id": str(i)}) for i in ids]

            @everything.FUZZ
            @given(case=st.one_of(strategies))
            def check(case: Case) -> None:
                response = case.call_and_validate()
                leaked = [public_id for public_id in hidden if public_id in response.text]
                assert not leaked, f"{case.method} {case.formatted_path} showed what it should not: {leaked}"

            check()

    def test_it_holds_for_the_client(self) -> None:
        self.fuzz(self.alex, sees_alex=True)

    def test_it_holds_for_their_therapist(self) -> None:
        self.fuzz(self.therapist, sees_alex=True)

    def test_it_holds_for_another_therapist(self) -> None:
        self.fuzz(self.other_therapist, sees_bo=True)

    def test_it_holds_for_everyone_else(self) -> None:
        for someone in (self.supporter, self.admin, self.outsider, None):
            with self.subTest(someone=someone.name if someone else "anonymous"):
                self.fuzz(someone)
