"""Change over time: each follow-up classified against the first current result (the baseline)."""

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from measures import registry
from measures.change import BASELINE, CHANGES, against_baseline, completed_on, history
from measures.models import Administration, Status
from measures.scoring import Classification, score
from measures.tests.support import EXAMPLES, spread

SINGAPORE = ZoneInfo("Asia/Singapore")


def result(instrument_id: str, answers: Mapping[str, object], at: datetime) -> Administration:
    scored = score(registry.get(instrument_id), answers)
    return Administration(
        instrument_id=instrument_id,
        status=Status.SUBMITTED,
        due_on=at.date(),
        submitted_at=at,
        answers=dict(answers),
        result=scored.as_dict(),
    )


def phq9(total: int, at: datetime) -> Administration:
    return result("phq9", spread([f"q{n}" for n in range(1, 9)], total) | {"q9": 0}, at)


class AgainstBaselineTest(SimpleTestCase):
    def test_it_marks_the_first_as_baseline_and_classifies_each_later_one_against_it(self) -> None:
        changes = against_baseline(registry.get("phq9"), "total", [18, 15, 12, 7, 24])
        self.assertEqual(
            [change.label if change else None for change in changes],
            ["Baseline", "No reliable change", "Improved", "Recovered", "Deteriorated"],
        )

    def test_it_says_it_in_words_as_well_as_in_the_pill(self) -> None:
        self.assertEqual(BASELINE.label, "Baseline")
        self.assertEqual(CHANGES[Classification.DETERIORATED].pill, "pill warn")
        self.assertEqual(
            {change.label for change in CHANGES.values()},
            {"Recovered", "Improved", "No reliable change", "Deteriorated"},
        )

    def test_it_does_not_classify_a_scale_without_reliable_change_parameters(self) -> None:
        self.assertEqual(against_baseline(registry.get("readiness"), "importance", [3, 9]), [None, None])

    def test_it_uses_jacobson_truax_where_the_definition_gives_sd_and_reliability(self) -> None:
        # docs/instruments.md: SD 5 and r 0.84 make a change of 6 reliable (RCI 2.12) and 5 not (RCI 1.77).
        definition = registry.load_file(EXAMPLES / "example-scale.yaml")
        changes = against_baseline(definition, "total", [14, 9, 8, 20])
        self.assertEqual(
            [change.label if change else None for change in changes],
            ["Baseline", "No reliable change", "Recovered", "Deteriorated"],
        )


class HistoryTest(SimpleTestCase):
    def test_it_builds_newest_first_rows_and_one_chart_per_scale(self) -> None:
        start = datetime(2026, 1, 5, 4, tzinfo=UTC)
        results = [phq9(total, start + timedelta(weeks=4 * n)) for n, total in enumerate([20, 16, 9])]
        built = history(registry.get("phq9"), results, SINGAPORE, key="phq9")
        self.assertEqual([row.total.score for row in built.rows if row.total], [9, 16, 20])
        self.assertEqual(
            [row.total.change.label for row in built.rows if row.total and row.total.change],
            ["Recovered", "No reliable change", "Baseline"],
        )
        self.assertEqual(len(built.scales), 1)
        self.assertEqual([point.short for point in built.scales[0].points], ["Base", "NRC", "Rec"])
        self.assertIn("3 scores on a scale of 0 to 27", built.scales[0].svg)
        self.assertTrue(built.has_total)
        self.assertFalse(built.has_subscales or built.has_screen)

    def test_it_charts_each_readiness_ruler_and_shows_the_asq_screen(self) -> None:
        at = datetime(2026, 1, 5, 4, tzinfo=UTC)
        rulers = history(
            registry.get("readiness"),
            [result("readiness", {"importance": 8, "confidence": 4, "readiness": 6}, at)],
            SINGAPORE,
            key="r",
        )
        self.assertEqual([scale.title for scale in rulers.scales], ["Importance", "Confidence", "Readiness"])
        self.assertTrue(rulers.has_subscales)
        asq = history(
            registry.get("asq"),
            [result("asq", {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}, at)],
            SINGAPORE,
            key="a",
        )
        self.assertEqual(asq.rows[0].screen, "Negative screen")
        self.assertEqual(asq.scales, ())

    def test_it_dates_a_result_where_the_client_lives(self) -> None:
        late_evening_utc = datetime(2026, 3, 1, 20, tzinfo=UTC)  # already 2 March in Singapore
        self.assertEqual(completed_on(phq9(5, late_evening_utc), SINGAPORE), date(2026, 3, 2))
