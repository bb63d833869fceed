from datetime import timedelta

from plan.history import history
from plan.queries import history_of
from plan.tests.support import INNER, MIDDLE, OUTER, PlanTestCase


class HistoryTest(PlanTestCase):
    def test_it_describes_the_first_version_by_its_size(self) -> None:
        self.start()
        [first] = history(history_of(self.client_record))
        self.assertTrue(first.first)
        self.assertEqual(first.counts, {"inner": 3, "middle": 2, "outer": 3})

    def test_it_lists_items_added_and_removed_per_circle(self) -> None:
        self.start()
        self.revise(circles={"inner": [*INNER, "Dating apps"], "middle": MIDDLE[1:], "outer": ["Yoga", *OUTER]})
        newest, _ = history(history_of(self.client_record))
        changed = {c.circle: (c.added, c.removed) for c in newest.circles}
        self.assertEqual(
            changed,
            {"inner": (["Dating apps"], []), "middle": ([], [MIDDLE[0]]), "outer": (["Yoga"], [])},
        )
        self.assertIsNone(newest.start)
        self.assertIsNone(newest.days)
        self.assertFalse(newest.breach_changed)

    def test_it_shows_period_changes_between_consecutive_versions(self) -> None:
        first = self.start()
        later = first.abstinence_starts_on + timedelta(days=3)
        self.revise(abstinence_days=60)
        self.revise(abstinence_starts_on=later, breach_definition="Any inner-circle behaviour.")
        third, second, _ = history(history_of(self.client_record))
        self.assertEqual(second.days, (90, 60))
        self.assertIsNone(second.start)
        self.assertEqual(third.start, (first.abstinence_starts_on, later))
        self.assertIsNone(third.days)
        self.assertTrue(third.breach_changed)
        self.assertEqual(third.circles, [])

    def test_it_notices_a_reordering_is_no_change_to_the_items(self) -> None:
        self.start()
        self.revise(circles={"outer": list(reversed(OUTER))}, change_note="Put what helps most first")
        newest, _ = history(history_of(self.client_record))
        self.assertTrue(newest.changed_nothing)
