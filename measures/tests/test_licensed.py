"""A practice admin adds a licensed instrument, and it then behaves exactly like a bundled one."""

from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import Action, AuditEvent
from lib.testing import WaymarkTestCase
from measures import catalogue
from measures.actions import do_enter_paper_form, do_schedule
from measures.due import client_today
from measures.models import Administration, LicensedInstrument
from measures.tests.support import EXAMPLES, unverified_definition_text

SCALE = (EXAMPLES / "example-scale.yaml").read_text(encoding="utf-8")
FHIR = (EXAMPLES / "example-fhir.fhir.json").read_text(encoding="utf-8")
COMPANION = (EXAMPLES / "example-fhir.yaml").read_text(encoding="utf-8")


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="application/octet-stream")


class UploadTest(WaymarkTestCase):
    url = reverse("practice_instruments")

    def post(self, definition: tuple[str, str], companion: tuple[str, str] | None = None) -> str:
        self.login(self.admin)
        files = {"definition": upload(*definition)}
        if companion:
            files["companion"] = upload(*companion)
        response = self.client.post(self.url, files, follow=True)
        return response.content.decode()

    def test_it_lists_bundled_instruments_with_version_and_licence(self) -> None:
        self.login(self.admin)
        page = self.client.get(self.url).content.decode()
        self.assertIn("<strong>PHQ-9</strong>", page)
        self.assertIn("No permission is required to reproduce", page)
        self.assertNotIn("Wording not yet verified", page)

    def test_it_marks_an_upload_whose_wording_is_not_in_waymark_yet(self) -> None:
        page = self.post(("pending.yaml", unverified_definition_text()))
        self.assertIn("Pending Scale (version 2.1) added. Its items have no wording yet", page)
        self.assertIn('<span class="pill warn">Wording not yet verified</span>', page)
        self.assertNotIn("Therapists can assign it now", page)

    def test_it_adds_an_instrument_in_waymarks_format_and_records_who_did(self) -> None:
        page = self.post(("exs.yaml", SCALE))
        self.assertIn("Example Scale (version 2.1) added.", page)
        row = LicensedInstrument.objects.get()
        self.assertEqual(
            (row.instrument_id, row.version, row.uploaded_by, row.active), ("example-scale", "2.1", self.admin, True)
        )
        self.assertIn("Placeholder: the terms of your licence", page)
        event = AuditEvent.objects.get(what="measures.licensed_instrument.add")
        self.assertEqual(
            (event.action, event.actor_ref, event.target_ref), (Action.WRITE, self.admin.public_id, str(row.public_id))
        )

    def test_it_adds_a_fhir_questionnaire_with_its_companion(self) -> None:
        page = self.post(("exf.fhir.json", FHIR), ("exf.yaml", COMPANION))
        self.assertIn("Example FHIR Scale (version 1.0) added.", page)
        definition = catalogue.definition_for(self.practice, "example-fhir")
        self.assertEqual(definition.short_name, "EXF-4")

    def test_it_names_every_problem_with_a_broken_file(self) -> None:
        broken = SCALE.replace('version: "2.1"', "version: 2.1").replace("label: Never", "lable: Never")
        page = self.post(("broken.yaml", broken))
        self.assertIn("The file was not added.", page)
        self.assertIn("broken.yaml: version: should be text; put it in quotes (&quot;2.1&quot;)", page)
        self.assertIn("lable: is not a field Waymark knows (check the spelling)", page)
        self.assertFalse(LicensedInstrument.objects.exists())

    def test_it_explains_a_fhir_questionnaire_of_the_wrong_shape_instead_of_failing(self) -> None:
        self.login(self.admin)
        shapes = {
            "an item that is text": ('"item": [', '"item": ["f0", '),
            "an answerOption that is text": ('"answerOption": [', '"answerOption": ["never", '),
            "an extension that is text": ('"extension": [', '"extension": ["ordinalValue", '),
        }
        for shape, (old, new) in shapes.items():
            with self.subTest(shape):
                broken = FHIR.replace(old, new, 1)
                files = {"definition": upload("exf.fhir.json", broken), "companion": upload("exf.yaml", COMPANION)}
                response = self.client.post(self.url, files)
                self.assertContains(response, "The file was not added.", status_code=400)
                self.assertContains(response, "must be an object, not text", status_code=400)
        self.assertFalse(LicensedInstrument.objects.exists())

    def test_it_refuses_with_a_message_a_file_it_fails_to_understand(self) -> None:
        with (
            mock.patch("measures.catalogue.parse_definition", side_effect=KeyError("surprise")),
            self.assertLogs("measures.catalogue", "ERROR"),
        ):
            page = self.post(("exs.yaml", SCALE))
        self.assertIn("exs.yaml: could not be checked (KeyError: &#x27;surprise&#x27;); please report this", page)
        self.assertFalse(LicensedInstrument.objects.exists())

    def test_it_asks_for_the_companion_of_a_fhir_questionnaire(self) -> None:
        page = self.post(("exf.fhir.json", FHIR))
        self.assertIn("is a FHIR Questionnaire: add the companion YAML", page)
        self.assertIn("is a companion file; upload the FHIR Questionnaire", self.post(("exf.yaml", COMPANION)))

    def test_it_refuses_an_instrument_with_a_bundled_ones_id(self) -> None:
        page = self.post(("mine.yaml", SCALE.replace("id: example-scale", "id: phq9")))
        self.assertIn("instrument id &#x27;phq9&#x27; is already used by a bundled instrument", page)
        self.assertFalse(LicensedInstrument.objects.exists())

    def test_it_refuses_the_same_version_twice_and_replaces_an_older_one(self) -> None:
        self.post(("exs.yaml", SCALE))
        self.assertIn("to change a definition, raise its version", self.post(("exs.yaml", SCALE)))
        self.post(("exs.yaml", SCALE.replace('version: "2.1"', 'version: "2.2"')))
        self.assertEqual(
            list(LicensedInstrument.objects.order_by("version").values_list("version", "active")),
            [("2.1", False), ("2.2", True)],
        )
        self.assertEqual(catalogue.definition_for(self.practice, "example-scale").version, "2.2")
        self.assertEqual(catalogue.definition_for(self.practice, "example-scale", "2.1").version, "2.1")

    def test_it_refuses_a_file_that_is_not_text(self) -> None:
        self.login(self.admin)
        bad = SimpleUploadedFile("scale.yaml", b"\xff\xfe\x00broken", content_type="application/octet-stream")
        response = self.client.post(self.url, {"definition": bad})
        self.assertContains(response, "This file is not text (UTF-8)", status_code=400)

    def test_it_is_only_for_admins(self) -> None:
        self.login(self.therapist)
        self.assertEqual(self.client.post(self.url, {"definition": upload("exs.yaml", SCALE)}).status_code, 404)
        self.assertFalse(LicensedInstrument.objects.exists())

    def test_it_stops_offering_an_instrument(self) -> None:
        self.post(("exs.yaml", SCALE))
        row = LicensedInstrument.objects.get()
        response = self.client.post(
            reverse("practice_instrument_retire", kwargs={"public_id": row.public_id}), follow=True
        )
        self.assertContains(response, "Example Scale is no longer offered.")
        self.assertNotIn("example-scale", catalogue.definitions_for(self.practice))
        self.assertTrue(AuditEvent.objects.filter(what="measures.licensed_instrument.retire").exists())


class LicensedLikeBundledTest(WaymarkTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        LicensedInstrument.objects.create(
            practice=cls.practice, instrument_id="example-scale", version="2.1", title="Example Scale", definition=SCALE
        )

    def test_it_is_offered_to_this_practice_only(self) -> None:
        self.assertIn("example-scale", catalogue.definitions_for(self.practice))
        self.assertIn("phq9", catalogue.definitions_for(self.practice))
        assert self.outsider.practice is not None
        self.assertNotIn("example-scale", catalogue.definitions_for(self.outsider.practice))

    def test_it_can_be_assigned_entered_scored_and_charted(self) -> None:
        today = client_today(self.client_record)
        do_schedule(self.therapist, self.client_record, "example-scale", every_days=28)
        answers = {"ex1": 3, "ex2": 3, "ex3": 4, "ex4": 2, "ex5": 2, "ex6": 0}
        entered = do_enter_paper_form(self.therapist, self.client_record, "example-scale", answers, today)
        self.assertEqual(entered.total, 18)
        self.assertEqual(entered.result_data["total"]["band"], "High")
        self.assertEqual(entered.result_data["critical"][0]["code"], "exs_item3")
        self.login(self.therapist)
        page = self.client.get(
            reverse("therapist_measures", kwargs={"client_id": self.client_record.public_id})
        ).content.decode()
        self.assertIn('<option value="example-scale">EXS-6: Example Scale</option>', page)
        self.assertIn("EXS-6 total over time</title>", page)
        # The paper form completed the one that was due, and the schedule carries on from it.
        rows = Administration.objects.filter(instrument_id="example-scale").order_by("due_on")
        self.assertEqual(list(rows.values_list("status", flat=True)), ["submitted", "due"])

    def test_its_results_keep_their_wording_after_it_stops_being_offered(self) -> None:
        entered = do_enter_paper_form(
            self.therapist,
            self.client_record,
            "example-scale",
            {"ex1": 1, "ex2": 1, "ex3": 1, "ex4": 1, "ex5": 1, "ex6": 1},
            client_today(self.client_record),
        )
        LicensedInstrument.objects.update(active=False)
        self.login(self.therapist)
        kwargs = {"client_id": self.client_record.public_id, "administration_id": entered.public_id}
        self.assertContains(self.client.get(reverse("therapist_measures_result", kwargs=kwargs)), "Example item 1 …")
        measures_page = reverse("therapist_measures", kwargs={"client_id": self.client_record.public_id})
        self.assertContains(self.client.get(measures_page), "EXS-6 total over time")
