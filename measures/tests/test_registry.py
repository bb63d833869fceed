import json
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.core import checks
from django.test import override_settings

from lib.testing import WaymarkTestCase
from measures import registry
from measures.scoring import score
from measures.tests.support import EXAMPLES, INSTRUMENTS


class RegistryTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        override = override_settings(WAYMARK_INSTRUMENTS_DIR=self.folder)
        override.enable()
        self.addCleanup(override.disable)
        registry.clear_cache()
        self.addCleanup(registry.clear_cache)

    def add(self, name: str, text: str | None = None) -> None:
        target = self.folder / name
        if text is None:
            shutil.copy(EXAMPLES / name, target)
        else:
            target.write_text(text, encoding="utf-8")

    def test_it_loads_the_bundled_instruments_cleanly(self) -> None:
        loaded = registry.catalogue()
        self.assertEqual(sorted(loaded.definitions), ["asq", "dass21", "gad7", "phq9", "readiness"])
        self.assertEqual(loaded.problems, ())

    def test_it_adds_a_practices_licensed_instruments_in_both_formats(self) -> None:
        for name in ("example-scale.yaml", "example-fhir.yaml", "example-fhir.fhir.json"):
            self.add(name)
        loaded = registry.catalogue()
        self.assertEqual(loaded.problems, ())
        self.assertIn("example-scale", loaded.definitions)
        result = score(registry.get("example-fhir"), {"f1": 1, "f2": 1, "f3": 1, "f4": "always"})
        self.assertEqual(result.instrument_version, "1.0")

    def test_it_leaves_a_broken_file_out_and_keeps_the_rest(self) -> None:
        self.add("broken.yaml", "id: broken\nitems: [\n")
        loaded = registry.catalogue()
        self.assertIn("phq9", loaded.definitions)
        self.assertEqual(len(loaded.problems), 1)
        self.assertTrue(loaded.problems[0].startswith("broken.yaml: is not valid YAML"))

    def test_it_leaves_out_a_questionnaire_of_the_wrong_shape_and_keeps_the_rest(self) -> None:
        self.add("example-scale.yaml")
        self.add("example-fhir.yaml")
        fhir = json.loads((EXAMPLES / "example-fhir.fhir.json").read_text(encoding="utf-8"))
        fhir["item"][1]["answerOption"] = "never, sometimes, often, always"
        self.add("example-fhir.fhir.json", json.dumps(fhir))
        loaded = registry.catalogue()
        self.assertIn("example-scale", loaded.definitions)
        self.assertIn("phq9", loaded.definitions)
        self.assertNotIn("example-fhir", loaded.definitions)
        self.assertIn(
            "example-fhir.yaml (example-fhir.fhir.json): item 'f1': answerOption must be a list of objects, not text",
            loaded.problems,
        )

    def test_it_turns_any_error_in_one_file_into_a_problem_for_that_file(self) -> None:
        self.add("example-scale.yaml")
        self.add("example-fhir.yaml")
        self.add("example-fhir.fhir.json")
        real_load_file = registry.load_file

        def load_file(path: Path) -> object:
            if path.name == "example-fhir.yaml":
                raise TypeError("something Waymark did not foresee")
            return real_load_file(path)

        with mock.patch.object(registry, "load_file", load_file), self.assertLogs("measures.registry", "ERROR"):
            loaded = registry.catalogue()
        self.assertIn("example-scale", loaded.definitions)
        self.assertNotIn("example-fhir", loaded.definitions)
        self.assertEqual(
            loaded.problems,
            (
                "example-fhir.yaml: could not be loaded (TypeError: something Waymark did not foresee); "
                "please report this as a bug",
            ),
        )

    def test_it_reports_broken_files_in_the_system_check(self) -> None:
        self.add("broken.yaml", "id: broken\n")
        errors = [e for e in checks.run_checks() if e.id == "measures.E001"]
        self.assertEqual([e.msg for e in errors][:1], ["broken.yaml: version: is required but missing"])

    def test_it_refuses_a_second_instrument_with_a_bundled_id(self) -> None:
        self.add("my-phq9.yaml", (INSTRUMENTS / "phq9.yaml").read_text(encoding="utf-8"))
        problems = registry.catalogue().problems
        self.assertEqual(len(problems), 1)
        self.assertIn("my-phq9.yaml: instrument id 'phq9' is already used by", problems[0])

    def test_it_refuses_a_fhir_questionnaire_without_a_companion(self) -> None:
        self.add("example-fhir.fhir.json")
        self.assertEqual(
            registry.catalogue().problems,
            (
                "example-fhir.fhir.json: is a FHIR Questionnaire; load it through a companion file that names it "
                "in fhir_questionnaire",
            ),
        )

    def test_it_refuses_a_follow_up_instrument_that_is_not_loaded(self) -> None:
        text = (EXAMPLES / "example-scale.yaml").read_text(encoding="utf-8")
        self.add("example-scale.yaml", text.replace("severity: urgent}", "severity: urgent, then_ask: nowhere}"))
        self.assertEqual(
            registry.catalogue().problems,
            ("example-scale.yaml: critical rule 'exs_item3' asks for 'nowhere', which is not loaded",),
        )

    def test_it_says_which_instruments_are_loaded_when_asked_for_another(self) -> None:
        with self.assertRaisesMessage(registry.UnknownInstrument, "No instrument 'csbd19' is loaded (loaded: asq"):
            registry.get("csbd19")
