"""The client answers the intake one topic per screen, saving as they go, and sends it at the end."""

from decimal import Decimal
from typing import Any

from django.urls import reverse

from audit.models import AuditEvent
from intake.models import IntakeHistory
from intake.steps import SLUGS
from lib.testing import WaymarkTestCase

GOOD_ANSWERS: dict[str, dict[str, Any]] = {
    "start": {"first_exposure_age": "12", "years_of_use": "8"},
    "amount": {"frequency": "several_weekly", "hours_per_week": "6.5"},
    "kinds": {"kinds": ["pornography", "chat_cam"]},
    "where": {"devices": ["phone"], "situations": ["alone_at_night", "stressed"]},
    "health": {"conditions": "Anxiety since university", "medication": ""},
    "tried": {"attempts": ["alone", "app"], "attempts_note": "A blocker for a month"},
    "five-cs": {"compulsive": "3", "control": "4", "cravings": "2", "consequences": "3"},
    "distress": {"distress": "7", "impairment": "5", "moral_incongruence": "2"},
}


def step_url(slug: str) -> str:
    return reverse("intake_step", args=[slug])


class IntakeStepTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.login(self.alex)

    def intake(self) -> IntakeHistory:
        return IntakeHistory.objects.get(client=self.client_record)

    def answer_all(self) -> None:
        for slug, data in GOOD_ANSWERS.items():
            self.assertEqual(self.client.post(step_url(slug), data).status_code, 302, slug)

    def test_it_says_it_is_not_a_test_before_anything_is_asked(self) -> None:
        response = self.client.get(reverse("intake"))
        self.assertContains(
            response,
            "These questions help you and your therapist understand your story. "
            "They are not a test and there is no score.",
        )
        self.assertContains(response, f'href="{step_url("start")}">Start</a>')
        self.assertFalse(IntakeHistory.objects.exists())

    def test_it_saves_a_topic_and_moves_on_to_the_next(self) -> None:
        response = self.client.post(step_url("start"), GOOD_ANSWERS["start"])
        self.assertRedirects(response, step_url("amount"))
        intake = self.intake()
        self.assertEqual(intake.first_exposure_age, 12)
        self.assertEqual(intake.years_of_use, Decimal("8"))
        self.assertEqual(intake.steps_done, ["start"])
        self.assertIsNone(intake.submitted_at)

    def test_it_shows_saved_answers_when_the_client_goes_back(self) -> None:
        self.client.post(step_url("amount"), GOOD_ANSWERS["amount"])
        response = self.client.get(step_url("amount"))
        self.assertContains(response, 'value="6.5"')
        self.assertContains(response, 'value="several_weekly" id="id_frequency_3" checked')
        self.assertContains(response, f'href="{step_url("start")}">Back</a>')

    def test_it_lets_the_client_skip_every_question_on_a_screen(self) -> None:
        response = self.client.post(step_url("health"), {})
        self.assertRedirects(response, step_url("tried"))
        self.assertEqual(self.intake().steps_done, ["health"])

    def test_it_resumes_at_the_first_topic_not_yet_saved(self) -> None:
        self.client.post(step_url("start"), GOOD_ANSWERS["start"])
        self.client.post(step_url("amount"), GOOD_ANSWERS["amount"])
        self.client.logout()
        self.login(self.alex)
        response = self.client.get(reverse("intake"))
        self.assertContains(response, f'href="{step_url("kinds")}">Carry on where you left off</a>')
        home = self.client.get(reverse("home"))
        self.assertContains(home, "You have answered 2 of 8 topics.")
        self.assertContains(home, f'href="{step_url("kinds")}">Carry on where you left off</a>')

    def test_it_keeps_an_other_answer_in_the_clients_words_and_ticks_something_else(self) -> None:
        self.client.post(step_url("kinds"), {"kinds": ["pornography"], "kinds_other": "Erotic audio stories"})
        intake = self.intake()
        self.assertEqual(intake.kinds, ["pornography", "other"])
        self.assertEqual(intake.kinds_other, "Erotic audio stories")

    def test_it_records_each_save_in_the_audit_log_without_the_answers(self) -> None:
        self.client.post(step_url("health"), GOOD_ANSWERS["health"])
        event = AuditEvent.objects.get(what="intake.step.health")
        self.assertEqual(event.actor_ref, self.alex.public_id)
        self.assertEqual(event.client_ref, self.client_record.public_id)
        self.assertEqual(event.target_ref, str(self.intake().public_id))

    def test_it_answers_404_for_a_topic_that_does_not_exist(self) -> None:
        self.assertEqual(self.client.get(step_url("favourite-colour")).status_code, 404)

    def test_it_sends_the_answers_once_every_topic_is_saved(self) -> None:
        self.answer_all()
        review = self.client.get(reverse("intake_review"))
        self.assertContains(review, "Send to my therapist")
        self.assertContains(review, "Several times a week")
        self.assertContains(review, "7 out of 10")
        response = self.client.post(reverse("intake_submit"), follow=True)
        self.assertContains(response, "Thank you. Your therapist can now read your answers.")
        intake = self.intake()
        self.assertIsNotNone(intake.submitted_at)
        self.assertEqual(AuditEvent.objects.filter(what="intake.submit").count(), 1)

    def test_it_keeps_the_first_date_when_sent_twice(self) -> None:
        self.answer_all()
        self.client.post(reverse("intake_submit"))
        first = self.intake().submitted_at
        self.client.post(reverse("intake_submit"))
        self.assertEqual(self.intake().submitted_at, first)
        self.assertEqual(AuditEvent.objects.filter(what="intake.submit").count(), 1)

    def test_it_will_not_send_before_every_topic_is_saved(self) -> None:
        self.client.post(step_url("start"), GOOD_ANSWERS["start"])
        response = self.client.post(reverse("intake_submit"), follow=True)
        self.assertContains(response, "Please go through every topic before you send your answers.")
        self.assertNotContains(response, "Send to my therapist")
        self.assertIsNone(self.intake().submitted_at)

    def test_it_lets_the_client_change_an_answer_after_sending(self) -> None:
        self.answer_all()
        self.client.post(reverse("intake_submit"))
        sent = self.intake().submitted_at
        page = self.client.get(step_url("amount"))
        self.assertContains(page, "Anything you change here, they will see straight away.")
        response = self.client.post(step_url("amount"), {"frequency": "daily", "hours_per_week": "10"})
        self.assertRedirects(response, reverse("intake_review"))
        intake = self.intake()
        self.assertEqual(intake.frequency, "daily")
        self.assertEqual(intake.submitted_at, sent)
        self.assertIsNotNone(intake.changed_after_submission())

    def test_it_goes_through_every_topic_in_order(self) -> None:
        for slug, following in zip(SLUGS, [*SLUGS[1:], None], strict=True):
            response = self.client.post(step_url(slug), GOOD_ANSWERS[slug])
            expected = step_url(following) if following else reverse("intake_review")
            self.assertRedirects(response, expected)


class IntakeValidationTest(WaymarkTestCase):
    """A bad answer gets a clear message, and nothing on that screen is saved."""

    def setUp(self) -> None:
        self.login(self.alex)
        self.client.post(step_url("start"), {"first_exposure_age": "14"})

    def refused(self, slug: str, data: dict[str, Any], message: str) -> None:
        before = IntakeHistory.objects.get(client=self.client_record)
        response = self.client.post(step_url(slug), data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, message, status_code=400)
        self.assertContains(response, "Nothing on this screen was saved yet.", status_code=400)
        after = IntakeHistory.objects.get(client=self.client_record)
        for name in IntakeHistory._meta.concrete_fields:
            self.assertEqual(getattr(after, name.attname), getattr(before, name.attname), name.name)

    def test_it_refuses_an_age_under_5_or_over_90(self) -> None:
        message = "Please enter an age between 5 and 90, or tick “I&#x27;d rather not say”."
        self.refused("start", {"first_exposure_age": "4"}, message)
        self.refused("start", {"first_exposure_age": "91"}, message)

    def test_it_refuses_an_age_that_is_not_a_whole_number(self) -> None:
        self.refused("start", {"first_exposure_age": "twelve"}, "Please enter an age as a whole number, like 14.")

    def test_it_refuses_an_age_together_with_rather_not_say(self) -> None:
        self.refused(
            "start",
            {"first_exposure_age": "12", "first_exposure_withheld": "on"},
            "Please either enter an age or tick “I&#x27;d rather not say”, not both.",
        )

    def test_it_accepts_rather_not_say_on_its_own(self) -> None:
        response = self.client.post(step_url("start"), {"first_exposure_withheld": "on"})
        self.assertRedirects(response, step_url("amount"))
        intake = IntakeHistory.objects.get(client=self.client_record)
        self.assertTrue(intake.first_exposure_withheld)
        self.assertIsNone(intake.first_exposure_age)

    def test_it_refuses_years_of_use_out_of_range(self) -> None:
        self.refused("start", {"years_of_use": "86"}, "Please enter a number of years between 0 and 85.")
        self.refused("start", {"years_of_use": "-1"}, "Please enter a number of years between 0 and 85.")

    def test_it_refuses_hours_out_of_range(self) -> None:
        message = "Please enter a number of hours between 0 and 168 (the hours in a week)."
        self.refused("amount", {"hours_per_week": "169"}, message)
        self.refused("amount", {"hours_per_week": "-0.5"}, message)
        self.refused("amount", {"hours_per_week": "1e9"}, message)

    def test_it_refuses_hours_that_are_not_a_number(self) -> None:
        self.refused("amount", {"hours_per_week": "NaN"}, "Please enter a number of hours, like 6 or 2.5.")
        self.refused("amount", {"hours_per_week": "lots"}, "Please enter a number of hours, like 6 or 2.5.")

    def test_it_accepts_168_hours_with_decimals_below(self) -> None:
        self.assertEqual(self.client.post(step_url("amount"), {"hours_per_week": "168"}).status_code, 302)
        self.assertEqual(self.client.post(step_url("amount"), {"hours_per_week": "2.25"}).status_code, 302)
        self.assertEqual(IntakeHistory.objects.get().hours_per_week, Decimal("2.25"))

    def test_it_refuses_choices_that_are_not_offered(self) -> None:
        message = "Please choose from the options shown."
        self.refused("amount", {"frequency": "hourly"}, message)
        self.refused("kinds", {"kinds": ["pornography", "telegrams"]}, message)
        self.refused("where", {"devices": ["smart fridge"]}, message)
        self.refused("where", {"situations": ["at the dentist"]}, message)
        self.refused("tried", {"attempts": ["hypnosis"]}, message)
        self.refused("five-cs", {"cravings": "5"}, message)
        self.refused("distress", {"distress": "11"}, message)
        self.refused("distress", {"moral_incongruence": "-1"}, message)

    def test_it_refuses_text_that_is_too_long(self) -> None:
        self.refused(
            "health",
            {"conditions": "x" * 4001, "medication": "Sertraline"},
            "Please keep this to 4,000 characters or fewer (it has 4001 now).",
        )
        self.refused(
            "kinds", {"kinds_other": "y" * 201}, "Please keep this to 200 characters or fewer (it has 201 now)."
        )
        self.refused(
            "five-cs", {"control_note": "z" * 1001}, "Please keep this to 1,000 characters or fewer (it has 1001 now)."
        )

    def test_it_accepts_text_of_exactly_the_longest_length(self) -> None:
        response = self.client.post(step_url("health"), {"conditions": "x" * 4000})
        self.assertRedirects(response, step_url("tried"))
        self.assertEqual(len(IntakeHistory.objects.get().conditions), 4000)


class IntakeOwnershipTest(WaymarkTestCase):
    def test_it_keeps_each_clients_answers_to_themselves(self) -> None:
        self.login(self.alex)
        self.client.post(step_url("health"), {"conditions": "Alex's private words"})
        self.login(self.bo_record.user)
        self.assertNotContains(self.client.get(step_url("health")), "Alex&#x27;s private words")
        self.assertNotContains(self.client.get(reverse("intake_review")), "Alex&#x27;s private words")
        self.client.post(step_url("health"), {"conditions": "Bo's words"})
        alex, bo = (IntakeHistory.objects.get(client=c) for c in (self.client_record, self.bo_record))
        self.assertEqual(alex.conditions, "Alex's private words")
        self.assertEqual(bo.conditions, "Bo's words")

    def test_it_shows_the_client_pages_to_nobody_but_clients(self) -> None:
        for person in (self.therapist, self.supporter, self.admin):
            self.login(person)
            for url in (reverse("intake"), step_url("start"), reverse("intake_review")):
                self.assertEqual(self.client.get(url).status_code, 404, (person, url))
            self.assertEqual(self.client.post(step_url("start"), {"first_exposure_age": "12"}).status_code, 404)
        self.assertFalse(IntakeHistory.objects.exists())


class IntakeQueryCountTest(WaymarkTestCase):
    # Session, user, client, intake, practice (the neutral site name).
    def test_it_runs_a_fixed_number_of_queries_on_a_step_page(self) -> None:
        self.login(self.alex)
        self.client.get(step_url("kinds"))  # the session and consent are settled on the first request
        with self.assertNumQueries(5):
            self.client.get(step_url("kinds"))
        for slug, data in GOOD_ANSWERS.items():
            self.client.post(step_url(slug), data)
        with self.assertNumQueries(5):
            self.client.get(step_url("kinds"))
