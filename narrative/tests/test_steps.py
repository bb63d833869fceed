"""The steps are data in steps.yaml, checked on load: a mistake names the file, the step and the field."""

from django.test import SimpleTestCase

from narrative.steps import MAX_CHARS, StepsError, after, all_steps, before, load_steps, step_by_id

GOOD = """
- id: one
  title: One
  question: First?
  hint: A hint.
  max_chars: 500
"""


class StepsFileTest(SimpleTestCase):
    def test_it_loads_the_six_steps_in_order_with_the_six_things_it_can_do(self) -> None:
        steps = all_steps()
        self.assertEqual(
            [step.id for step in steps],
            ["beginning", "growing", "harder-times", "what-it-does", "costs", "instead"],
        )
        self.assertEqual([step.number for step in steps], [1, 2, 3, 4, 5, 6])
        choices = step_by_id("what-it-does").choices  # type: ignore[union-attr]
        self.assertEqual(
            [choice.id for choice in choices],
            ["self-soothing", "numbing", "avoidance", "escape", "excitement", "connection"],
        )
        self.assertTrue(all(choice.explanation for choice in choices))
        self.assertTrue(all(step.hint and step.max_chars <= MAX_CHARS for step in steps))

    def test_it_never_uses_the_word_addict(self) -> None:
        for step in all_steps():
            words = " ".join([step.title, step.question, step.hint, *(c.explanation for c in step.choices)])
            self.assertNotIn("addict", words.lower(), step.id)

    def test_it_walks_forwards_and_back(self) -> None:
        first, second = all_steps()[:2]
        self.assertEqual((before(first), after(first)), (None, second))
        self.assertIsNone(after(all_steps()[-1]))
        self.assertIsNone(step_by_id("no-such-step"))

    def test_it_names_the_file_the_step_and_the_field_of_a_mistake(self) -> None:
        cases = [
            ("- [not, a, mapping]", "steps.yaml, step 1: must be a mapping"),
            (GOOD.replace("max_chars: 500", "max_chars: 50"), "step 'one': 'max_chars' must be a whole number"),
            (GOOD.replace("max_chars: 500", "max_chars: lots"), "'max_chars' must be a whole number"),
            (GOOD.replace("id: one", "id: One Two"), "'id' must be lower-case letters"),
            (GOOD.replace("id: one", "id: print"), "'id' cannot be 'print'"),
            (GOOD + GOOD, "step 'one': 'id' is used twice"),
            (GOOD.replace("hint: A hint.", "hint: ''"), "step 'one': 'hint' must be some text"),
            (GOOD + "  colour: blue\n", "unknown field 'colour'"),
            (GOOD + "  choices: []\n", "'choices' must be a list"),
            (GOOD + "  choices:\n    - id: x\n      label: X\n", "choice 1: 'explanation' must be some text"),
            ("[", "steps.yaml is not valid YAML"),
            ("{}", "steps.yaml must be a list of steps"),
        ]
        for text, problem in cases:
            with self.subTest(problem=problem), self.assertRaisesMessage(StepsError, problem):
                load_steps(text)

    def test_it_tidies_folded_text(self) -> None:
        (step,) = load_steps(GOOD.replace("hint: A hint.", "hint: >-\n    A hint\n    over two lines."))
        self.assertEqual(step.hint, "A hint over two lines.")
