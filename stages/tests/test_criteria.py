from datetime import timedelta

import time_machine
from django.utils import timezone

from caseload.models import Client, Stage
from connect.models import SupporterGrant
from goals.actions import do_add_goal, do_review_goal
from lib.testing import WaymarkTestCase
from stages.criteria import Record, exit_checklist
from stages.tests.support import completed, meet_stage_1, meet_stage_2, meet_stage_3
from tracking.models import Lapse


def met(client: Client) -> dict[str, bool]:
    return {check.id: check.met for check in exit_checklist(client, Record(client))}


class CriteriaTests(WaymarkTestCase):
    def in_stage(self, stage: int, since_days: int = 0) -> Client:
        since = timezone.now() - timedelta(days=since_days)
        Client.objects.filter(pk=self.client_record.pk).update(stage=stage, stage_since=since)
        return Client.objects.select_related("user", "practice").get(pk=self.client_record.pk)

    def test_it_shows_nothing_met_for_a_new_client(self) -> None:
        self.assertEqual(
            met(self.client_record),
            {"intake": False, "baseline": False, "asq": False, "narrative": False, "readiness": False},
        )

    def test_it_needs_both_phq9_and_gad7_for_the_baseline(self) -> None:
        completed(self.client_record, "phq9")
        self.assertFalse(met(self.client_record)["baseline"])
        completed(self.client_record, "gad7")
        self.assertTrue(met(self.client_record)["baseline"])

    def test_it_counts_stage_1_met_once_the_record_shows_it(self) -> None:
        meet_stage_1(self.client_record)
        self.assertTrue(all(met(self.client_record).values()))

    def test_it_counts_stage_2_met_once_the_plans_and_devices_are_in_place(self) -> None:
        alex = self.in_stage(Stage.ABSTINENCE)
        self.assertEqual(set(met(alex)), {"plan_signed", "devices", "prevention", "safety_plan"})
        self.assertFalse(any(met(alex).values()))
        meet_stage_2(alex)
        self.assertTrue(all(met(alex).values()))

    def test_it_counts_a_full_abstinence_period_and_a_supporter_in_stage_3(self) -> None:
        alex = self.in_stage(Stage.CONNECTING)
        meet_stage_2(alex, days_sober=89)
        self.assertEqual(met(alex), {"sober_period": False, "connected": True})
        [sober, _] = exit_checklist(alex, Record(alex))
        self.assertEqual(sober.detail, "89 of 90 days so far")
        with time_machine.travel(timezone.now() + timedelta(days=1)):
            self.assertTrue(met(alex)["sober_period"])
        Lapse.objects.create(client=alex, occurred_at=timezone.now() - timedelta(days=2))
        SupporterGrant.objects.filter(client=alex).update(revoked_at=timezone.now())
        self.assertEqual(met(alex), {"sober_period": False, "connected": False})

    def test_it_wants_goals_reviewed_and_measures_repeated_to_finish_stage_4(self) -> None:
        meet_stage_3(self.client_record)
        completed(self.client_record, "phq9", timezone.now() - timedelta(days=60))
        completed(self.client_record, "gad7", timezone.now() - timedelta(days=60))
        alex = self.in_stage(Stage.LASTING, since_days=30)
        self.assertEqual(met(alex), {"goals_reviewed": False, "measures_repeated": False, "sober_lasting": True})
        goal = do_add_goal(self.alex, alex, "meaning", "Volunteer at the shelter")
        self.assertFalse(met(alex)["goals_reviewed"])
        do_review_goal(self.therapist, goal, 4)
        completed(alex, "phq9")
        completed(alex, "gad7")
        self.assertTrue(all(met(alex).values()))
        with time_machine.travel(timezone.now() + timedelta(weeks=9)):
            self.assertFalse(met(alex)["goals_reviewed"])


class QueryCountTests(WaymarkTestCase):
    """Each stage's checklist costs the same few queries however long the record is."""

    EXPECTED: dict[int, int] = {Stage.EDUCATION: 3, Stage.ABSTINENCE: 5, Stage.CONNECTING: 3, Stage.LASTING: 4}

    def count(self, stage: int) -> None:
        Client.objects.filter(pk=self.client_record.pk).update(stage=stage)
        alex = Client.objects.select_related("user", "practice").get(pk=self.client_record.pk)
        with self.assertNumQueries(self.EXPECTED[stage]):
            exit_checklist(alex, Record(alex))

    def test_it_reads_each_checklist_in_a_fixed_number_of_queries(self) -> None:
        meet_stage_1(self.client_record)
        meet_stage_3(self.client_record)
        do_review_goal(self.alex, do_add_goal(self.alex, self.client_record, "social", "First goal"), 1)
        for stage in Stage.values:
            with self.subTest(stage=stage, history="short"):
                self.count(stage)
        now = timezone.now()
        for day in range(1, 30):
            completed(self.client_record, "phq9", now - timedelta(days=day))
            Lapse.objects.create(client=self.client_record, occurred_at=now - timedelta(days=200 + day))
        for n in range(5):
            goal = do_add_goal(self.alex, self.client_record, "social", f"Goal {n}")
            do_review_goal(self.alex, goal, n)
        for stage in Stage.values:
            with self.subTest(stage=stage, history="long"):
                self.count(stage)
