import json

from django.urls import reverse
from django.utils import timezone

from lib.testing import WaymarkTestCase
from measures.models import Administration, Mode, Schedule, Status


class ExportTest(WaymarkTestCase):
    def test_it_puts_every_questionnaire_and_its_answers_in_the_clients_export(self) -> None:
        Schedule.objects.create(
            client=self.client_record, instrument_id="phq9", every_days=28, starts_on=timezone.localdate()
        )
        answered = Administration(
            client=self.client_record,
            instrument_id="asq",
            instrument_version="1.0",
            status=Status.SUBMITTED,
            mode=Mode.PAPER,
            entered_by=self.therapist,
            due_on=timezone.localdate(),
            submitted_at=timezone.now(),
            answers={"q1": "no", "q2": "no", "q3": "no", "q4": "yes"},
            free_text=json.dumps({"q4_how": "pills", "q4_when": "2019"}),
            result={"screen": {"result": "non_acute_positive"}},
        )
        answered.save()
        self.login(self.alex)
        response = self.client.post(reverse("privacy_export"))
        data = json.loads(response.content)
        [row] = data["questionnaires"]
        self.assertEqual(row["instrument"], "asq")
        self.assertEqual(row["answers"]["q4_how"], "pills")
        self.assertEqual(row["entered_by"], "Dr Tan")
        self.assertEqual(row["result"], {"screen": {"result": "non_acute_positive"}})
        self.assertEqual(data["questionnaire_schedules"][0]["every_days"], 28)
