"""FHIR R4 export: instruments as Questionnaires, results as QuestionnaireResponses, valid per fhir.resources."""

from django.urls import reverse
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from audit.models import Action, AuditEvent
from lib.testing import WaymarkTestCase
from measures import registry
from measures.actions import do_enter_paper_form
from measures.catalogue import parse_upload
from measures.definitions import Definition
from measures.due import client_today
from measures.fhir import definition_from_fhir
from measures.fhir_export import ExportError, questionnaire_for, questionnaire_response_for, validated
from measures.scoring import score
from measures.tests.support import unverified_definition_text

ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"


class QuestionnaireTest(WaymarkTestCase):
    def test_it_exports_every_bundled_instrument_as_a_valid_questionnaire(self) -> None:
        for instrument_id, definition in registry.catalogue().definitions.items():
            with self.subTest(instrument=instrument_id):
                data = questionnaire_for(definition)
                Questionnaire.model_validate(data)
                self.assertEqual((data["id"], data["version"], data["status"]), (instrument_id, "1.0", "active"))
                questions = [item for item in data["item"] if item["type"] != "display"]
                self.assertEqual([item["linkId"] for item in questions], [item.id for item in definition.items])

    def test_it_gives_each_option_its_code_label_and_score(self) -> None:
        data = questionnaire_for(registry.get("phq9"))
        q1 = next(item for item in data["item"] if item["linkId"] == "q1")
        self.assertEqual(q1["text"], "Little interest or pleasure in doing things")
        self.assertEqual(
            [(o["valueCoding"]["code"], o["valueCoding"]["display"], o["extension"][0]) for o in q1["answerOption"]],
            [
                ("0", "Not at all", {"url": ORDINAL, "valueDecimal": 0}),
                ("1", "Several days", {"url": ORDINAL, "valueDecimal": 1}),
                ("2", "More than half the days", {"url": ORDINAL, "valueDecimal": 2}),
                ("3", "Nearly every day", {"url": ORDINAL, "valueDecimal": 3}),
            ],
        )
        self.assertEqual(data["item"][0], {"linkId": "_stem", "type": "display", "text": registry.get("phq9").stem})

    def test_it_says_when_the_asq_asks_question_5(self) -> None:
        q5 = next(item for item in questionnaire_for(registry.get("asq"))["item"] if item["linkId"] == "q5")
        self.assertEqual(q5["enableBehavior"], "any")
        self.assertEqual(
            [(e["question"], e["answerCoding"]["code"]) for e in q5["enableWhen"]],
            [(f"q{n}", "yes") for n in range(1, 5)],
        )

    def test_it_exports_the_dass21_with_its_wording(self) -> None:
        data = questionnaire_for(registry.get("dass21"))
        Questionnaire.model_validate(data)
        self.assertEqual(data["item"][0]["text"], "I found it hard to wind down")

    def test_it_leaves_items_without_wording_it_does_not_have(self) -> None:
        pending = parse_upload(unverified_definition_text(), name="pending.yaml")
        data = questionnaire_for(pending)
        Questionnaire.model_validate(data)
        self.assertFalse([item for item in data["item"] if item["type"] != "display" and "text" in item])

    def test_it_reads_back_into_the_same_definition(self) -> None:
        for instrument_id in ("phq9", "gad7", "asq"):
            with self.subTest(instrument=instrument_id):
                original = registry.get(instrument_id)
                companion = {
                    "citation": original.citation,
                    "is_validated_scale": original.is_validated_scale,
                    "short_name": original.short_name,
                    "scoring": original.scoring.model_dump(exclude_unset=True, exclude_none=True),
                    "item_settings": {
                        i.id: {"if_unanswered": i.if_unanswered} for i in original.items if i.if_unanswered
                    },
                }
                again = definition_from_fhir(questionnaire_for(original), companion, "round trip")
                self.assertEqual([(i.id, i.text) for i in again.items], [(i.id, i.text) for i in original.items])
                answers = {
                    item.id: highest_answer(original, item.id) for item in original.items if item.type == "choice"
                }
                self.assertEqual(score(again, answers).as_dict()["total"], score(original, answers).as_dict()["total"])

    def test_it_refuses_to_send_what_is_not_valid_fhir(self) -> None:
        data = questionnaire_for(registry.get("gad7"))
        data["item"][1]["linkId"] = None
        with self.assertRaises(ExportError):
            validated(data)

    def test_it_serves_the_questionnaire_to_staff_and_records_the_export(self) -> None:
        self.login(self.therapist)
        response = self.client.get(reverse("practice_instrument_fhir", kwargs={"instrument_id": "gad7"}))
        self.assertEqual(response.status_code, 200)
        self.assertIn('filename="questionnaire-gad7-1.0.json"', response["Content-Disposition"])
        self.assertEqual(response.json()["title"], "Generalized Anxiety Disorder scale")
        self.assertTrue(AuditEvent.objects.filter(action=Action.EXPORT, what="measures.questionnaire.fhir").exists())
        self.login(self.alex)
        self.assertEqual(
            self.client.get(reverse("practice_instrument_fhir", kwargs={"instrument_id": "gad7"})).status_code, 404
        )

    def test_it_has_no_questionnaire_for_an_unknown_instrument(self) -> None:
        self.login(self.admin)
        self.assertEqual(
            self.client.get(reverse("practice_instrument_fhir", kwargs={"instrument_id": "csbd19"})).status_code, 404
        )


def highest_answer(definition: Definition, item_id: str) -> object:
    option_set = definition.options_for(definition.item_map[item_id])
    assert option_set is not None
    return option_set.options[-1].value


class QuestionnaireResponseTest(WaymarkTestCase):
    def test_it_exports_a_result_with_every_answer_and_only_the_clients_public_id(self) -> None:
        answers = {"importance": 8, "importance_why": "For my kids", "confidence": 3, "readiness": 6}
        entered = do_enter_paper_form(
            self.therapist, self.client_record, "readiness", answers, client_today(self.client_record)
        )
        data = questionnaire_response_for(entered)
        QuestionnaireResponse.model_validate(data)
        self.assertEqual(data["questionnaire"], "urn:waymark:questionnaire:readiness|1.0")
        self.assertEqual(data["status"], "completed")
        self.assertEqual(data["subject"], {"reference": f"Patient/{self.client_record.public_id}"})
        assert entered.submitted_at is not None
        self.assertEqual(data["authored"], entered.submitted_at.isoformat())
        by_id = {item["linkId"]: item for item in data["item"]}
        self.assertEqual(
            by_id["importance"]["answer"],
            [{"valueCoding": {"system": "urn:waymark:questionnaire:readiness:ruler", "code": "8", "display": "8"}}],
        )
        self.assertEqual(
            by_id["importance_why"],
            {
                "linkId": "importance_why",
                "text": "Why an 8 and not a lower number?",
                "answer": [{"valueString": "For my kids"}],
            },
        )
        self.assertNotIn("importance_next", by_id)
        self.assertNotIn("Alex", str(data))
        self.assertNotIn("alex@example.com", str(data))

    def test_it_exports_an_asq_with_yes_and_no_codes(self) -> None:
        answers = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}
        entered = do_enter_paper_form(
            self.therapist, self.client_record, "asq", answers, client_today(self.client_record)
        )
        data = validated(questionnaire_response_for(entered))
        self.assertEqual([item["answer"][0]["valueCoding"]["code"] for item in data["item"]], ["no"] * 4)
