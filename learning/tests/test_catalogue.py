import os
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, override_settings

from learning import catalogue
from learning.catalogue import ModuleError, parse_module, reading_minutes
from learning.checks import module_files
from learning.tests.support import FIXTURES, fixture_course, module_text, write_module


class ParseModuleTest(SimpleTestCase):
    def problems(self, text: str, name: str = "delta.md") -> list[str]:
        with self.assertRaises(ModuleError) as caught:
            parse_module(text, name)
        return caught.exception.problems

    def assert_problem(self, text: str, expected: str, name: str = "delta.md") -> None:
        problems = self.problems(text, name)
        self.assertTrue(all(p.startswith(f"{name}: ") for p in problems), problems)
        self.assertTrue(any(expected in p for p in problems), f"{expected!r} not in {problems}")

    def test_it_reads_a_valid_module(self) -> None:
        module = parse_module(module_text(), "delta.md")
        self.assertEqual((module.slug, module.title, module.minutes, module.order), ("delta", "A valid module", 1, 4))
        self.assertEqual(module.reflections, ("What stood out?",))
        self.assertIn("<h2>A section</h2>", module.html)

    def test_it_names_the_file_when_front_matter_is_missing(self) -> None:
        self.assert_problem("Just words.\n", "must start with front matter")

    def test_it_names_the_line_of_broken_yaml(self) -> None:
        text = "---\nslug: delta\ntitle: Digital hygiene: making it work\n---\nBody.\n"
        self.assert_problem(text, "not valid YAML on line 3")

    def test_it_names_each_missing_key(self) -> None:
        for key in ("slug", "title", "summary", "order", "reflections", "references"):
            with self.subTest(key=key):
                self.assert_problem(module_text(**{key: None}), f"'{key}' is missing")  # type: ignore[arg-type]

    def test_it_refuses_an_unknown_key(self) -> None:
        self.assert_problem(module_text(author="Someone"), "'author' is not a field a module has")

    def test_it_refuses_wrong_types(self) -> None:
        self.assert_problem(module_text(order="six"), "'order'")
        self.assert_problem(module_text(order=True), "'order'")
        self.assert_problem(module_text(title=["a", "b"]), "'title'")
        self.assert_problem(module_text(reflections="Just one?"), "'reflections'")

    def test_it_wants_the_slug_to_match_the_file_name(self) -> None:
        self.assert_problem(module_text(), "must be the file's name without .md ('epsilon')", name="epsilon.md")

    def test_it_wants_a_plain_slug(self) -> None:
        self.assert_problem(module_text(slug="Delta_One"), "lower-case letters, digits and hyphens", "Delta_One.md")

    def test_it_keeps_reserved_words_for_the_pages(self) -> None:
        self.assert_problem(module_text(slug="journal"), "reserved", name="journal.md")

    def test_it_loads_a_file_with_a_typed_reading_time_and_says_it_is_no_longer_used(self) -> None:
        module = parse_module(module_text(minutes=6, body=" ".join(["word"] * 1000)), "delta.md")
        self.assertEqual(module.minutes, 5)  # worked out from the words, not the 6 typed in
        self.assertIn("`minutes` is no longer used", catalogue.NO_MINUTES)
        self.assertEqual(
            module.notices,
            ("delta.md: " + catalogue.NO_MINUTES,),
        )

    def test_it_works_out_the_reading_time_from_the_words(self) -> None:
        words = lambda n: " ".join(["word"] * n)  # noqa: E731
        for count, minutes in ((1, 1), (99, 1), (299, 1), (300, 2), (899, 4), (900, 5), (1299, 6), (1700, 9)):
            with self.subTest(words=count):
                self.assertEqual(parse_module(module_text(body=words(count)), "delta.md").minutes, minutes)

    def test_it_counts_the_words_a_reader_sees(self) -> None:
        body = "## A heading\n\n- **one** [two](https://example.org/a/very/long/path) — `three`\n"
        self.assertEqual(reading_minutes(body * 180), 5)  # 5 words a time, 900 in all: marks and links not counted

    def test_it_wants_one_or_two_reflections(self) -> None:
        self.assert_problem(module_text(reflections=[]), "'reflections'")
        self.assert_problem(module_text(reflections=["a?", "b?", "c?"]), "'reflections'")
        self.assert_problem(module_text(reflections=["  "]), "'reflections.0'")

    def test_it_wants_at_least_one_reference(self) -> None:
        self.assert_problem(module_text(references=[]), "'references'")

    def test_it_wants_a_body(self) -> None:
        self.assert_problem(module_text(body="\n  \n"), "the body is empty")

    def test_it_refuses_raw_html_naming_the_line(self) -> None:
        self.assert_problem(module_text(body="Fine.\n\n<script>alert(1)</script>"), "raw HTML is not allowed (line 13)")
        self.assert_problem(module_text(body='A <span style="color:red">red</span> word.'), "raw HTML")

    def test_it_allows_angle_brackets_that_are_not_html(self) -> None:
        parse_module(module_text(body="Less than 5 < 6, and `<b>` in code is fine."), "delta.md")

    def test_it_refuses_script_links_and_images(self) -> None:
        self.assert_problem(module_text(body="[click](javascript:alert(1))"), "the link to 'javascript:alert(1)'")
        self.assert_problem(module_text(body="[x](data:text/html,hi)"), "is not allowed")
        self.assert_problem(module_text(body="![a cat](https://example.org/cat.png)"), "images are not supported")
        parse_module(module_text(body="[a](https://example.org) [b](/learn/) [c](mailto:help@example.org)"), "delta.md")

    def test_it_refuses_headings_that_skip_a_level(self) -> None:
        self.assert_problem(module_text(body="## One\n\n#### Three"), "skips a level")
        self.assert_problem(module_text(body="### Deep first\n\n## Then shallow"), "skips a level")
        parse_module(module_text(body="# Top\n\n## Next"), "delta.md")  # shifted to h2 and h3

    def test_it_lists_every_problem_at_once(self) -> None:
        problems = self.problems(module_text(body="<div>x</div>", order=-1, references=[]))
        self.assertEqual(len(problems), 3, problems)


class CatalogueTest(SimpleTestCase):
    def setUp(self) -> None:
        self.tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.bundled = self.tmp / "bundled"
        self.practice = self.tmp / "practice"
        self.bundled.mkdir()
        self.practice.mkdir()
        self.enterContext(override_settings(WAYMARK_LEARNING_BUNDLED_DIR=self.bundled, WAYMARK_LEARNING_DIR=""))

    def test_it_orders_the_library(self) -> None:
        write_module(self.bundled, "delta", module_text(order=2))
        write_module(self.bundled, "epsilon", module_text(slug="epsilon", order=1))
        self.assertEqual([m.slug for m in catalogue.modules()], ["epsilon", "delta"])
        self.assertEqual(catalogue.module("delta").title, "A valid module")  # type: ignore[union-attr]
        self.assertIsNone(catalogue.module("nope"))

    def test_it_leaves_out_a_broken_file_and_keeps_the_others(self) -> None:
        write_module(self.bundled, "delta", module_text())
        write_module(self.bundled, "broken", module_text(slug="broken", order=5, title=["a", "b"]))
        loaded = catalogue.catalogue()
        self.assertEqual([m.slug for m in loaded.modules], ["delta"])
        self.assertEqual(len(loaded.problems), 1)
        self.assertIn("broken.md: 'title'", loaded.problems[0])

    def test_it_refuses_two_modules_with_one_order(self) -> None:
        write_module(self.bundled, "delta", module_text(order=3))
        write_module(self.bundled, "epsilon", module_text(slug="epsilon", order=3))
        loaded = catalogue.catalogue()
        self.assertEqual([m.slug for m in loaded.modules], ["delta"])
        self.assertIn("epsilon.md: order 3 is already used by", loaded.problems[0])
        self.assertIn("delta.md", loaded.problems[0])

    def test_a_practice_adds_modules_and_replaces_one_by_slug(self) -> None:
        write_module(self.bundled, "delta", module_text())
        write_module(self.bundled, "epsilon", module_text(slug="epsilon", order=5))
        write_module(self.practice, "delta", module_text(title="Our own version"))
        write_module(self.practice, "zeta", module_text(slug="zeta", order=9))
        with override_settings(WAYMARK_LEARNING_DIR=str(self.practice)):
            loaded = catalogue.catalogue()
        self.assertEqual((loaded.modules[0].slug, loaded.modules[0].title), ("delta", "Our own version"))
        self.assertEqual([m.slug for m in loaded.modules], ["delta", "epsilon", "zeta"])
        self.assertEqual(loaded.problems, ())

    def test_it_logs_a_file_that_breaks_while_the_server_runs(self) -> None:
        path = write_module(self.bundled, "delta", module_text())
        self.assertEqual([m.slug for m in catalogue.modules()], ["delta"])
        path.write_text(module_text(body="<b>bold</b>"), encoding="utf-8")
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
        with self.assertLogs("learning.catalogue", "WARNING") as logged:
            self.assertEqual(catalogue.modules(), ())
        self.assertEqual(len(logged.output), 1)
        self.assertIn("delta.md: raw HTML is not allowed", logged.output[0])
        with self.assertNoLogs("learning.catalogue"):  # once per change, not on every request
            catalogue.modules()

    def test_it_says_when_a_broken_replacement_leaves_the_bundled_module_in_place(self) -> None:
        write_module(self.bundled, "delta", module_text())
        write_module(self.practice, "delta", module_text(title="Our own version", references=[]))
        with (
            override_settings(WAYMARK_LEARNING_DIR=str(self.practice)),
            self.assertLogs("learning.catalogue") as logged,
        ):
            loaded = catalogue.catalogue()
        self.assertEqual(loaded.modules[0].title, "A valid module")
        self.assertEqual(len(logged.output), 2)
        self.assertIn("practice/delta.md: 'references'", logged.output[0])
        self.assertIn("practice/delta.md: until it loads, the library shows the earlier 'delta'", logged.output[1])

    def test_it_parses_each_file_once(self) -> None:
        write_module(self.bundled, "delta", module_text())
        with mock.patch("learning.catalogue.parse_module", wraps=catalogue.parse_module) as parse:
            for _ in range(5):
                catalogue.modules()
                catalogue.module("delta")
        self.assertEqual(parse.call_count, 1)

    def test_it_picks_up_an_edited_file(self) -> None:
        path = write_module(self.bundled, "delta", module_text())
        self.assertEqual(catalogue.module("delta").title, "A valid module")  # type: ignore[union-attr]
        path.write_text(module_text(title="Edited title, now longer"), encoding="utf-8")
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
        self.assertEqual(catalogue.module("delta").title, "Edited title, now longer")  # type: ignore[union-attr]

    def test_the_system_check_reports_each_bad_file(self) -> None:
        write_module(self.bundled, "delta", module_text(body="<b>bold</b>"))
        write_module(self.bundled, "epsilon", module_text(slug="epsilon", references=None))
        messages = module_files()
        self.assertEqual([m.id for m in messages], ["learning.E001", "learning.E001"])
        self.assertTrue(any("delta.md: raw HTML" in m.msg for m in messages))
        self.assertTrue(any("epsilon.md: 'references' is missing" in m.msg for m in messages))

    def test_the_check_command_lists_each_file_and_fails_on_a_problem(self) -> None:
        write_module(self.bundled, "delta", module_text())
        write_module(self.bundled, "epsilon", module_text(slug="epsilon", order=5, body="<b>bold</b>"))
        out = StringIO()
        with self.assertRaisesMessage(CommandError, "1 problem(s) found"):
            call_command("check_learning", stdout=out)
        lines = out.getvalue().splitlines()
        self.assertTrue(any(line.endswith("delta.md: OK") for line in lines), lines)
        self.assertTrue(any("epsilon.md: raw HTML" in line for line in lines), lines)

    def test_a_file_written_with_a_reading_time_still_loads_with_a_warning(self) -> None:
        write_module(self.bundled, "delta", module_text(minutes=6))
        out = StringIO()
        call_command("check_learning", stdout=out)
        lines = out.getvalue().splitlines()
        self.assertTrue(any(line.endswith("delta.md: OK") for line in lines), lines)
        self.assertTrue(any("delta.md: `minutes` is no longer used" in line for line in lines), lines)
        self.assertEqual([m.id for m in module_files()], ["learning.W001"])

    def test_the_check_command_passes_a_clean_folder(self) -> None:
        write_module(self.bundled, "delta", module_text())
        out = StringIO()
        call_command("check_learning", stdout=out)
        self.assertIn("1 modules loaded.", out.getvalue())


class FixtureCourseTest(SimpleTestCase):
    @fixture_course
    def test_the_fixture_course_loads(self) -> None:
        self.assertEqual([m.slug for m in catalogue.modules()], ["alpha", "beta", "gamma"])
        self.assertEqual(catalogue.catalogue().problems, ())
        self.assertTrue(str(FIXTURES).endswith("learning/tests/modules"))


class BundledCourseTest(SimpleTestCase):
    """The course that ships: every file valid, at least twelve modules, each 5 to 8 minutes."""

    @override_settings(WAYMARK_LEARNING_DIR="")
    def test_every_bundled_module_loads(self) -> None:
        loaded = catalogue.build([catalogue.BUNDLED_DIR])
        self.assertEqual(loaded.problems, ())
        self.assertGreaterEqual(len(loaded.modules), 12)
        for module in loaded.modules:
            with self.subTest(module=module.slug):
                self.assertNotIn("<script", module.html)

    def test_every_bundled_module_reads_in_5_to_8_minutes(self) -> None:
        """Worked out from each file's text as the page does, whether or not the file loads for another reason."""
        for path in sorted(catalogue.BUNDLED_DIR.glob("*.md")):
            found = catalogue.FRONT_MATTER.match(path.read_text(encoding="utf-8"))
            assert found is not None, path.name
            minutes = reading_minutes(found["body"])
            with self.subTest(module=path.name):
                self.assertTrue(5 <= minutes <= 8, f"{path.name} reads in {minutes} minutes")
