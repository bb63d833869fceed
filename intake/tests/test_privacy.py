"""The intake's free text is encrypted at rest, and the client's export holds every answer in words."""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.urls import reverse

from intake.models import IntakeHistory
from intake.tests.test_client_flow import GOOD_ANSWERS, step_url
from lib.testing import WaymarkTestCase

FREE_TEXT = {
    "kinds": {"kinds_other": "Quillfeather audio stories"},
    "where": {"devices_other": "Quillfeather smartwatch", "situations_other": "Quillfeather night bus"},
    "health": {"conditions": "Quillfeather anxiety", "medication": "Quillfeather 50 mg"},
    "tried": {"attempts_note": "Quillfeather blocker"},
    "five-cs": {f"{c}_note": f"Quillfeather {c}" for c in ("compulsive", "control", "cravings", "consequences")},
    "distress": {"moral_note": "Quillfeather faith"},
}


class EncryptionAtRestTest(WaymarkTestCase):
    def test_it_never_stores_the_free_text_as_plain_text(self) -> None:
        self.login(self.alex)
        for slug, data in FREE_TEXT.items():
            self.assertEqual(self.client.post(step_url(slug), data).status_code, 302, slug)
        intake = IntakeHistory.objects.get()
        text_columns = [name for fields in FREE_TEXT.values() for name in fields]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(text_columns)} FROM intake_intakehistory WHERE id = %s",  # names from this test
                [intake.pk],
            )
            stored = dict(zip(text_columns, cursor.fetchone(), strict=True))
        for name, token in stored.items():
            self.assertTrue(token.startswith("k1$"), name)
            self.assertNotIn("Quillfeather", token, name)
        self.assertEqual(intake.medication, "Quillfeather 50 mg")
        self.assertEqual(intake.control_note, "Quillfeather control")


class ExportTest(WaymarkTestCase):
    def export(self) -> dict[str, Any]:
        self.login(self.alex)
        response = self.client.post(reverse("privacy_export"))
        self.assertEqual(response.status_code, 200)
        return json.loads(response.content)

    def test_it_exports_nothing_before_the_client_starts(self) -> None:
        self.assertIsNone(self.export()["intake_history"])

    def test_it_exports_each_question_with_the_answer_in_words(self) -> None:
        self.login(self.alex)
        for slug, data in GOOD_ANSWERS.items():
            self.client.post(step_url(slug), data)
        self.client.post(reverse("intake_submit"))
        intake = IntakeHistory.objects.get()
        section = self.export()["intake_history"]
        self.assertEqual(
            section["sent_to_therapist"], json.loads(json.dumps(intake.submitted_at, cls=DjangoJSONEncoder))
        )
        self.assertEqual([t["topic"] for t in section["topics"]][:2], ["When it started", "How often and how much"])
        self.assertTrue(all(t["done"] for t in section["topics"]))
        self.assertEqual(
            section["topics"][1]["answers"],
            [
                {"question": "At the moment, how often do you use it?", "answer": "Several times a week"},
                {"question": "About how many hours a week does it take up?", "answer": "6.5"},
            ],
        )
        health = section["topics"][4]["answers"]
        self.assertEqual(health[0]["answer"], "Anxiety since university")
        self.assertIsNone(health[1]["answer"])
        five_cs = section["topics"][6]["answers"]
        self.assertEqual(
            five_cs[1],
            {
                "question": "When I have tried to cut down or stop, I have found it hard to stay in control.",
                "answer": "Very much",
            },
        )
        self.assertEqual(len(five_cs), 4, "empty notes beside the ratings are left out")
        distress = section["topics"][7]["answers"]
        self.assertEqual(distress[0]["answer"], "7 out of 10")

    def test_it_exports_a_withheld_age_as_such(self) -> None:
        self.login(self.alex)
        self.client.post(step_url("start"), {"first_exposure_withheld": "on"})
        start = self.export()["intake_history"]["topics"][0]
        self.assertTrue(start["done"])
        self.assertEqual(
            start["answers"][0],
            {"question": "How old were you when you first saw pornography?", "answer": "I'd rather not say"},
        )
        self.assertEqual(len(start["answers"]), 2)
