"""A correction alerts only on what is new, and is scored with the version the original was scored with."""

from django.core import mail

from audit.models import AuditEvent
from measures import catalogue
from measures.actions import do_correct, do_enter_paper_form
from measures.models import Administration, LicensedInstrument
from measures.tests.client_support import ASQ_ALL_NO, ClientFlowCase, phq9
from measures.tests.support import EXAMPLES
from safety.models import RiskAlert

SCALE = (EXAMPLES / "example-scale.yaml").read_text(encoding="utf-8")
NEWER_SCALE = SCALE.replace('version: "2.1"', 'version: "3.0"').replace("label: Low}", "label: Lower}")


class CorrectionAlertTest(ClientFlowCase):
    def correct(self, original: Administration, answers: dict[str, object]) -> Administration:
        with self.captureOnCommitCallbacks(execute=True):
            return do_correct(self.therapist, original, answers, "Typo when entering")

    def sent_with_alerts(self, instrument_id: str, answers: dict[str, object]) -> Administration:
        with self.captureOnCommitCallbacks(execute=True):
            sent = self.send(self.give(instrument_id), answers)
        mail.outbox.clear()
        return sent

    def test_it_raises_no_second_alert_when_a_typo_is_fixed_in_a_result_with_a_critical_answer(self) -> None:
        original = self.sent_with_alerts("phq9", phq9(10, item9=2))
        self.send(Administration.objects.open().get(instrument_id="asq"), ASQ_ALL_NO)  # the ASQ it asked for
        mail.outbox.clear()
        corrected = self.correct(original, {**phq9(10, item9=2), "q1": 0, "q2": 3})
        self.assertEqual(list(RiskAlert.objects.values_list("administration", flat=True)), [original.pk])
        self.assertEqual(AuditEvent.objects.filter(what="risk_alert.raise").count(), 1)
        self.assertEqual(mail.outbox, [])
        self.assertFalse(Administration.objects.open().exists())  # and no second ASQ
        self.assertEqual(corrected.result_data["critical"][0]["code"], "phq9_item9")  # the result still says so

    def test_it_alerts_on_a_reason_the_original_did_not_have(self) -> None:
        original = self.sent_with_alerts("asq", {**ASQ_ALL_NO, "q1": "yes", "q5": "no"})
        corrected = self.correct(original, {**ASQ_ALL_NO, "q1": "yes", "q5": "yes"})
        alerts = RiskAlert.objects.order_by("pk")
        self.assertEqual(
            [(alert.administration_id, alert.reason) for alert in alerts],
            [(original.pk, "asq.non_acute_positive"), (corrected.pk, "asq.acute_positive")],
        )

    def test_it_asks_the_asq_when_a_correction_brings_item_9_above_zero(self) -> None:
        original = self.sent_with_alerts("phq9", phq9(6))
        corrected = self.correct(original, phq9(6, item9=1))
        self.assertEqual(RiskAlert.objects.get().administration_id, corrected.pk)
        self.assertEqual(Administration.objects.open().get().instrument_id, "asq")


class CorrectionVersionTest(ClientFlowCase):
    def test_it_scores_a_correction_with_the_version_the_original_was_scored_with(self) -> None:
        first = LicensedInstrument.objects.create(
            practice=self.practice,
            instrument_id="example-scale",
            version="2.1",
            title="Example Scale",
            definition=SCALE,
        )
        answers = {"ex1": 1, "ex2": 1, "ex3": 1, "ex4": 1, "ex5": 1, "ex6": 4}
        original = do_enter_paper_form(self.therapist, self.client_record, "example-scale", answers, self.today())
        first.active = False
        first.save()
        LicensedInstrument.objects.create(
            practice=self.practice,
            instrument_id="example-scale",
            version="3.0",
            title="Example Scale",
            definition=NEWER_SCALE,
        )
        self.assertEqual(catalogue.definition_for(self.practice, "example-scale").version, "3.0")
        corrected = do_correct(self.therapist, original, {**answers, "ex1": 2}, "Item 1 was a 2 on paper")
        self.assertEqual(corrected.instrument_version, "2.1")
        self.assertEqual(corrected.result_data["total"], {"score": 6, "band": "Low", "clinical": False})
