"""The client's /motivation/ pages: the overview, the balance and its versions, the rulers, the values."""

from datetime import timedelta

import time_machine
from django.urls import reverse

from measures.models import Administration
from motivation.actions import EMPTY_BALANCE, NOTHING_CHANGED, ValueChoice
from motivation.models import BalanceVersion, ValuesVersion
from motivation.tests.support import FIRST, NOV_1, OCT_3, OCT_24, RULERS, SECOND, VALUES, MotivationTestCase
from motivation.views import ALREADY_SAVED

DRAFTS = {"X-Waymark-Draft": "1"}  # a save sent by static/waymark/drafts.js


class OverviewTest(MotivationTestCase):
    url = reverse("motivation")

    def page(self) -> str:
        self.login(self.alex)
        with time_machine.travel(NOV_1, tick=False):
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_invites_a_client_who_has_not_started_without_assuming_anything(self) -> None:
        page = self.page()
        self.assertIn("nothing here assumes you have to change", page)
        self.assertIn("Start the decisional balance", page)
        self.assertIn("Take the rulers", page)
        self.assertIn("Choose what matters to you", page)
        self.assertNotIn("addict", page.lower())

    def test_it_shows_each_tools_date_and_how_motivation_moved(self) -> None:
        self.balance(FIRST, at=OCT_3)
        self.rulers(at=OCT_3)
        self.balance(SECOND, at=OCT_24)
        self.rulers(RULERS | {"importance": 8, "readiness": 4}, at=OCT_24 + timedelta(hours=1))
        self.values(at=OCT_24)
        page = self.page()
        self.assertIn("Last saved 24 Oct 2025 · 2 versions kept", page)
        self.assertIn("Importance <strong>8</strong>", page)
        self.assertIn("Importance 8 (up 2)", page)
        self.assertIn("Readiness 4 (down 1)", page)
        self.assertIn("Good now 1", page)
        self.assertIn("Most important: Honesty and Health", page)
        self.assertLess(page.index("Importance 8 (up 2)"), page.index("Readiness 5"))

    def test_it_runs_the_same_queries_for_a_short_or_a_long_history(self) -> None:
        self.balance(FIRST)
        self.rulers()
        self.values()
        short = self.count_queries(self.url)
        for n in range(15):
            self.balance({"stay_costs": [f"Cost {n}"]}, at=OCT_3 + timedelta(days=n + 1))
            self.values([ValueChoice(f"Value {n}", top=True)], at=OCT_3 + timedelta(days=n + 1))
            self.rulers(RULERS | {"importance": n % 11}, at=OCT_3 + timedelta(days=n + 1))
        self.assertEqual(self.count_queries(self.url), short)


class BalancePagesTest(MotivationTestCase):
    def test_it_saves_the_four_boxes_from_a_phone_form(self) -> None:
        self.login(self.alex)
        form = self.client.get(reverse("motivation_balance_edit"))
        self.assertContains(form, 'name="stay_benefits"', count=2)  # the spare rows, nothing saved yet
        body = {
            "stay_benefits": ["Switching off", ""],
            "stay_costs": ["Tired", ""],
            "change_benefits": ["More sleep", "Honesty", ""],
            "change_costs": [""],
            "csrfmiddlewaretoken": "x",
        }
        with time_machine.travel(OCT_3, tick=False):
            response = self.client.post(reverse("motivation_balance_edit"), body, follow=True)
        self.assertRedirects(response, reverse("motivation_balance"))
        self.assertContains(response, "Saved, with today&#x27;s date.")
        self.assertContains(response, "Your version of 3 October 2025.")
        self.assertContains(response, "Honesty")
        self.assertEqual(BalanceVersion.objects.count(), 1)

    def test_it_starts_a_revisit_from_the_newest_version(self) -> None:
        self.balance(FIRST)
        self.login(self.alex)
        page = self.client.get(reverse("motivation_balance_edit")).content.decode()
        for text in FIRST["change_costs"]:
            self.assertIn(f'value="{text}"', page)
        self.assertIn("Starting from your version of 3 October 2025.", page)

    def test_it_explains_bad_input_and_saves_nothing(self) -> None:
        self.balance(FIRST)
        self.login(self.alex)
        for body, words in [
            ({"stay_costs": ["", " "]}, EMPTY_BALANCE),
            ({"stay_costs": ["x" * 301]}, "300 characters or fewer"),
            ({"change_costs": [f"Item {n}" for n in range(21)]}, "up to 20 items"),
            (FIRST, NOTHING_CHANGED),
        ]:
            with self.subTest(words):
                response = self.client.post(reverse("motivation_balance_edit"), body)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, words, status_code=400)
        self.assertEqual(BalanceVersion.objects.count(), 1)

    def test_it_keeps_what_was_typed_when_a_save_is_refused(self) -> None:
        self.login(self.alex)
        response = self.client.post(reverse("motivation_balance_edit"), {"stay_costs": ["Tired", "x" * 301]})
        self.assertContains(response, 'value="Tired"', status_code=400)

    def test_a_long_paste_is_kept_whole_with_a_clear_note(self) -> None:
        self.login(self.alex)
        self.assertNotContains(self.client.get(reverse("motivation_balance_edit")), "maxlength")  # no silent cut
        long_item = "I lose whole evenings to it " * 12  # 336 characters
        response = self.client.post(reverse("motivation_balance_edit"), {"stay_costs": [long_item]})
        self.assertContains(response, "300 characters or fewer (one has 335)", status_code=400)
        self.assertContains(response, f'value="{long_item}"', status_code=400)  # as typed
        self.assertNotContains(response, "maxlength", status_code=400)
        self.assertFalse(BalanceVersion.objects.exists())

    def test_it_keeps_unsaved_words_on_the_open_page_only(self) -> None:
        self.balance(FIRST)
        self.login(self.alex)
        form = self.client.get(reverse("motivation_balance_edit")).content.decode()
        self.assertIn("waymark/drafts.js", form)
        self.assertIn("data-draft-form", form)
        self.assertIn('role="status" data-draft-status', form)
        self.assertNotIn("data-draft-unsaved", form)
        self.assertNotIn("Discard", form)
        self.assertNotIn("data-draft-current", self.client.get(reverse("motivation_balance")).content.decode())
        refused = self.client.post(reverse("motivation_balance_edit"), {"stay_costs": ["x" * 301]})
        self.assertContains(refused, "data-draft-unsaved", status_code=400)  # drafts.js asks before leaving
        self.assertContains(refused, "Not saved yet: see the note above.", status_code=400)

    def test_it_tells_drafts_js_where_to_go_and_keeps_the_message_for_that_page(self) -> None:
        first = self.balance(FIRST)
        self.login(self.alex)
        body = SECOND | {"started_from": str(first.public_id)}
        response = self.client.post(reverse("motivation_balance_edit"), body, headers=DRAFTS)
        self.assertEqual(response.json(), {"redirect": reverse("motivation_balance")})
        self.assertEqual(BalanceVersion.objects.count(), 2)
        self.assertContains(self.client.get(reverse("motivation_balance")), "Saved, with today&#x27;s date.")

    def test_it_answers_drafts_js_with_the_page_and_its_errors_when_a_save_is_refused(self) -> None:
        self.login(self.alex)
        response = self.client.post(reverse("motivation_balance_edit"), {"stay_costs": [""]}, headers=DRAFTS)
        self.assertContains(response, EMPTY_BALANCE, status_code=400)
        self.assertIn("text/html", response["Content-Type"])
        self.assertFalse(BalanceVersion.objects.exists())

    def test_a_save_sent_again_after_its_answer_was_lost_is_not_refused(self) -> None:
        first = self.balance(FIRST)
        self.login(self.alex)
        body = SECOND | {"started_from": str(first.public_id)}
        self.client.post(reverse("motivation_balance_edit"), body, headers=DRAFTS)  # the answer never arrives
        response = self.client.post(reverse("motivation_balance_edit"), body, headers=DRAFTS)
        self.assertEqual(response.json(), {"redirect": reverse("motivation_balance")})
        self.assertEqual(BalanceVersion.objects.count(), 2)
        self.assertContains(self.client.get(reverse("motivation_balance")), ALREADY_SAVED)
        newest = BalanceVersion.objects.first()
        assert newest is not None
        same = body | {"started_from": str(newest.public_id)}  # from a form opened on the newest: nothing new
        self.assertContains(
            self.client.post(reverse("motivation_balance_edit"), same), NOTHING_CHANGED, status_code=400
        )

    def test_it_shows_what_changed_since_the_version_before(self) -> None:
        self.balance(FIRST, at=OCT_3)
        self.balance(SECOND, at=OCT_24)
        self.login(self.alex)
        response = self.client.get(reverse("motivation_balance"))
        self.assertContains(response, "Compared with 3 October 2025: 2 new items, 2 no longer listed.")
        self.assertContains(response, 'Being honest with Mia <span class="pill">New')
        self.assertContains(response, "No longer listed since 3 Oct")
        self.assertContains(response, "<del>Admitting it is a problem</del>", html=False)

    def test_it_opens_an_earlier_version_and_compares_any_two(self) -> None:
        first = self.balance(FIRST, at=OCT_3)
        second = self.balance(SECOND, at=OCT_24)
        third = self.balance(FIRST, at=NOV_1)
        self.login(self.alex)
        older = self.client.get(reverse("motivation_balance_version", args=[second.public_id]))
        self.assertContains(older, "Your version of 24 October 2025. Compared with 3 October 2025")
        same = self.client.get(
            reverse("motivation_balance_version", args=[third.public_id]), {"since": str(first.public_id)}
        )
        self.assertContains(same, "0 new items, 0 no longer listed")

    def test_it_answers_404_for_someone_elses_or_a_made_up_version(self) -> None:
        bos = self.balance(FIRST, client=self.bo_record)
        mine = self.balance(FIRST)
        self.login(self.alex)
        cases: list[tuple[str, dict[str, str]]] = [
            (reverse("motivation_balance_version", args=[bos.public_id]), {}),
            (reverse("motivation_balance_version", args=["6a0f8c2e-0000-4000-8000-000000000000"]), {}),
            (reverse("motivation_balance"), {"since": str(bos.public_id)}),
            (reverse("motivation_balance_version", args=[mine.public_id]), {"since": "not-a-uuid"}),
        ]
        for url, query in cases:
            with self.subTest(url=url, query=query):
                self.assertEqual(self.client.get(url, query).status_code, 404)

    def test_it_runs_the_same_queries_for_two_versions_or_twenty(self) -> None:
        self.balance(FIRST, at=OCT_3)
        self.balance(SECOND, at=OCT_24)
        short = self.count_queries(reverse("motivation_balance"))
        for n in range(18):
            self.balance({"stay_costs": [f"Cost {n}", "Tired"]}, at=OCT_24 + timedelta(days=n + 1))
        self.assertEqual(self.count_queries(reverse("motivation_balance")), short)


class RulersPageTest(MotivationTestCase):
    url = reverse("motivation_rulers")

    def test_it_shows_the_rulers_over_time_with_the_follow_up_answers(self) -> None:
        self.rulers(at=OCT_3)
        self.rulers(RULERS | {"importance": 8, "confidence": 3, "readiness_next": "A plan for bad nights"}, at=OCT_24)
        self.login(self.alex)
        with time_machine.travel(NOV_1, tick=False):
            page = self.client.get(self.url).content.decode()
        self.assertIn("↑ up 2", page)
        self.assertIn('<span class="small muted">same</span>', page)
        self.assertIn("Importance: Why a 6 and not a lower number?", page)
        self.assertIn("Readiness: What would it take to move to 6?", page)
        self.assertIn("A plan for bad nights", page)
        self.assertLess(page.index("24 Oct 2025"), page.index("3 Oct 2025"))

    def test_it_lets_the_client_start_the_rulers_themself(self) -> None:
        self.login(self.alex)
        self.assertContains(self.client.get(self.url), "Take the rulers now")
        response = self.client.post(reverse("motivation_rulers_start"))
        administration = Administration.objects.get(instrument_id="readiness")
        self.assertRedirects(
            response, reverse("measures_start", args=[administration.public_id]), fetch_redirect_response=False
        )
        self.assertContains(self.client.get(self.url), reverse("measures_start", args=[administration.public_id]))

    def test_it_runs_the_same_queries_for_one_result_or_twelve(self) -> None:
        self.rulers(at=OCT_3)
        short = self.count_queries(self.url)
        for n in range(11):
            self.rulers(RULERS | {"importance": n}, at=OCT_3 + timedelta(days=n + 1))
        self.assertEqual(self.count_queries(self.url), short)


class ValuesPagesTest(MotivationTestCase):
    def body(self, **extra: str) -> dict[str, str]:
        return {
            "honesty-chosen": "on",
            "honesty-top": "on",
            "honesty-why": "I hate hiding things.",
            "honesty-fit": "It clashes.",
            "family-chosen": "on",
            "own1-name": "My dog",
            "own1-top": "on",
            "own1-why": "She needs walks.",
            "own2-name": "",
            "health-why": "Written, then unticked: left out",
            **extra,
        }

    def test_it_saves_chosen_values_and_the_clients_own(self) -> None:
        self.login(self.alex)
        self.assertContains(self.client.get(reverse("motivation_values_edit")), "Faith or spirituality")
        with time_machine.travel(OCT_3, tick=False):
            response = self.client.post(reverse("motivation_values_edit"), self.body(), follow=True)
        self.assertRedirects(response, reverse("motivation_values"))
        chosen = ValuesVersion.objects.get().chosen.all()
        self.assertEqual([(v.name, v.top) for v in chosen], [("Honesty", True), ("My dog", True), ("Family", False)])
        self.assertContains(response, "She needs walks.")
        self.assertNotContains(response, "Written, then unticked")

    def test_it_explains_bad_input_and_saves_nothing(self) -> None:
        self.login(self.alex)
        six = {f"{key}-chosen": "on" for key in ("family", "honesty", "health", "kindness", "freedom", "calm")}
        six |= {f"{key}-top": "on" for key in ("family", "honesty", "health", "kindness", "freedom", "calm")}
        for body, words in [
            ({}, "Choose at least one value before saving."),
            (six, "Mark up to 5 values as the most important to you."),
            ({"own1-name": "x" * 61}, "Please keep this to 60 characters or fewer (it has 61)."),
            (
                {"honesty-chosen": "on", "honesty-why": "y" * 301},
                "Please keep this to 300 characters or fewer (it has 301).",
            ),
        ]:
            with self.subTest(words):
                response = self.client.post(reverse("motivation_values_edit"), body)
                self.assertContains(response, words, status_code=400)
        self.assertFalse(ValuesVersion.objects.exists())

    def test_a_long_paste_is_kept_whole_with_a_clear_note(self) -> None:
        self.login(self.alex)
        self.assertNotContains(self.client.get(reverse("motivation_values_edit")), "maxlength")  # no silent cut
        long_line = "Every secret pulls me further from being honest. " * 7  # 343 characters
        long_name = "Being someone my children can rely on, whatever the day brings"  # 62
        response = self.client.post(
            reverse("motivation_values_edit"),
            self.body(**{"honesty-fit": long_line, "own1-name": long_name}),
        )
        self.assertContains(response, "Please keep this to 300 characters or fewer (it has 342).", status_code=400)
        self.assertContains(response, "Please keep this to 60 characters or fewer (it has 62).", status_code=400)
        self.assertContains(response, long_line.strip(), status_code=400)
        self.assertContains(response, f'value="{long_name}"', status_code=400)
        self.assertNotContains(response, "maxlength", status_code=400)
        self.assertFalse(ValuesVersion.objects.exists())

    def test_a_line_break_counts_once_as_the_page_counts_it(self) -> None:
        self.login(self.alex)
        why = "a" * 100 + "\r\n" + "b" * 100 + "\r\n" + "c" * 98  # 300 on the page; 302 as the browser sends it
        response = self.client.post(reverse("motivation_values_edit"), self.body(**{"honesty-why": why}))
        self.assertEqual(response.status_code, 302)
        honesty = next(v for v in ValuesVersion.objects.get().chosen.all() if v.name == "Honesty")
        self.assertEqual(honesty.why, "a" * 100 + "\n" + "b" * 100 + "\n" + "c" * 98)

    def test_it_asks_about_the_behaviour_without_naming_it(self) -> None:
        self.values(VALUES)
        self.login(self.alex)
        form = self.client.get(reverse("motivation_values_edit")).content.decode()
        self.assertIn("How does the behaviour you want to change sit with it: does it fit, or clash?", form)
        page = self.client.get(reverse("motivation_values")).content.decode()
        self.assertIn("How the behaviour you want to change sits with it:", page)
        for shown in (form, page):
            self.assertNotIn("acting out", shown)

    def test_it_starts_from_the_newest_choice_and_keeps_every_version(self) -> None:
        self.values([*VALUES, ValueChoice("Walking the hills", top=True, why="Fresh air")], at=OCT_3)
        self.values([ValueChoice("Honesty", top=True), ValueChoice("Kindness")], at=OCT_24)
        self.login(self.alex)
        form = self.client.get(reverse("motivation_values_edit")).content.decode()
        self.assertIn('name="honesty-top" id="id_honesty-top" checked', form)
        self.assertIn('name="kindness-chosen" id="id_kindness-chosen" checked', form)
        page = self.client.get(reverse("motivation_values")).content.decode()
        self.assertIn("Added: Kindness", page)
        self.assertIn("Taken off: Health, Walking the hills, Family", page)
        self.assertIn("Fresh air", page)  # what it said then

    def test_it_offers_a_row_for_each_own_value_already_chosen(self) -> None:
        own = [ValueChoice(f"Mine {n}") for n in range(4)]
        self.values(own)
        self.login(self.alex)
        form = self.client.get(reverse("motivation_values_edit")).content.decode()
        self.assertIn('value="Mine 3"', form)
        self.assertIn('name="own5-name"', form)

    def test_it_gives_each_row_of_the_clients_own_its_own_name(self) -> None:
        self.login(self.alex)
        form = self.client.get(reverse("motivation_values_edit")).content.decode()
        for n in (1, 2, 3):
            label = f'Something else that matters to me<span class="visually-hidden"> ({n})</span></label>'
            self.assertIn(f'<label for="id_own{n}-name">{label}', form)
            self.assertIn(f'aria-label="Your own value ({n})"', form)
            self.assertIn(f'<span class="visually-hidden">: Your own value ({n})</span>', form)
        self.assertIn('aria-label="Honesty"', form)

    def test_it_saves_values_sent_by_drafts_js_and_once_only(self) -> None:
        self.login(self.alex)
        form = self.client.get(reverse("motivation_values_edit")).content.decode()
        self.assertIn("data-draft-form", form)
        self.assertIn('name="started_from" value=""', form)
        body = self.body(started_from="")
        for _ in range(2):  # the first answer lost on the way back
            response = self.client.post(reverse("motivation_values_edit"), body, headers=DRAFTS)
            self.assertEqual(response.json(), {"redirect": reverse("motivation_values")})
        self.assertEqual(ValuesVersion.objects.count(), 1)
