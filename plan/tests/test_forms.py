from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from plan.forms import PlanForm

VALID = {"abstinence_starts_on": "2025-03-03", "abstinence_days": "90"}


class CircleFieldTest(SimpleTestCase):
    @given(st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=400))
    def test_it_turns_any_typed_text_into_trimmed_distinct_lines(self, typed: str) -> None:
        form = PlanForm({**VALID, "inner": typed})
        self.assertTrue(form.is_valid(), form.errors)
        items = form.cleaned_data["inner"]
        self.assertEqual(len(items), len(set(items)))
        for item in items:
            self.assertTrue(item)
            self.assertEqual(item, item.strip())
            self.assertNotIn("\n", item)

    def test_it_keeps_the_order_and_drops_blank_lines_and_repeats(self) -> None:
        form = PlanForm({**VALID, "outer": "Morning run\r\n\r\n  Yoga \nMorning run\n\t\n"})
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.circles()["outer"], ["Morning run", "Yoga"])
        self.assertEqual(form.circles()["inner"], [])

    def test_it_refuses_a_wall_of_text_before_reading_it(self) -> None:
        form = PlanForm({**VALID, "middle": "x" * 10_000})
        self.assertFalse(form.is_valid())
        self.assertIn("middle", form.errors)
