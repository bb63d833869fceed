from collections.abc import Mapping
from datetime import timedelta

from django.utils import timezone

from lib.testing import WaymarkTestCase
from measures import registry
from measures.models import Administration, Status
from measures.scoring import score
from safety.models import AlertSeverity, RiskAlert
from safety.risk import raise_alerts_for

PHQ9_ITEMS = [f"q{n}" for n in range(1, 10)]


class RaiseAlertsTest(WaymarkTestCase):
    def submitted(self, instrument_id: str, answers: Mapping[str, object]) -> Administration:
        result = score(registry.get(instrument_id), answers)
        return Administration.objects.create(
            client=self.client_record,
            instrument_id=instrument_id,
            instrument_version=result.instrument_version,
            status=Status.SUBMITTED,
            due_on=timezone.localdate(),
            submitted_at=timezone.now(),
            answers=dict(answers),
            result=result.as_dict(),
        )

    def test_it_raises_an_urgent_alert_for_phq9_item_9(self) -> None:
        answers = {item: 0 for item in PHQ9_ITEMS} | {"q9": 1, "q10": 1}
        alerts = raise_alerts_for(self.submitted("phq9", answers))
        self.assertEqual([(a.severity, a.reason) for a in alerts], [(AlertSeverity.URGENT, "phq9.phq9_item9")])

    def test_it_raises_a_critical_alert_for_an_acute_positive_asq(self) -> None:
        answers = {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "yes"}
        alerts = raise_alerts_for(self.submitted("asq", answers))
        self.assertEqual([(a.severity, a.reason) for a in alerts], [(AlertSeverity.CRITICAL, "asq.acute_positive")])
        self.assertLessEqual(alerts[0].acknowledge_by, timezone.now() + timedelta(minutes=60))

    def test_it_raises_nothing_for_a_negative_screen(self) -> None:
        answers = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}
        self.assertEqual(raise_alerts_for(self.submitted("asq", answers)), [])

    def test_it_never_raises_the_same_alert_twice(self) -> None:
        administration = self.submitted("asq", {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "no"})
        raise_alerts_for(administration)
        raise_alerts_for(administration)
        self.assertEqual(RiskAlert.objects.filter(administration=administration).count(), 1)
