from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from caseload.models import Client
from goals.models import Goal, GoalStatus, Review
from stages.models import StageChange


class DemoTests(TestCase):
    def test_it_gives_the_demo_clients_a_stage_history_and_goals_once(self) -> None:
        call_command("load_demo", stdout=StringIO())
        call_command("load_demo", stdout=StringIO())
        clients = {c.user.email.split("@")[0]: c for c in Client.objects.select_related("user")}
        moves = {
            name: [(m.from_stage, m.to_stage) for m in StageChange.objects.filter(client=client).order_by("moved_at")]
            for name, client in clients.items()
        }
        self.assertEqual(moves["alex"], [])
        self.assertEqual(moves["sam"], [(1, 2), (2, 3), (3, 2)])
        self.assertEqual(moves["lin"], [(1, 2), (2, 3), (3, 4)])
        for name, client in clients.items():
            if moves[name]:
                last = StageChange.objects.filter(client=client).order_by("moved_at").last()
                assert last is not None
                self.assertEqual((client.stage, client.stage_since), (last.to_stage, last.moved_at), name)
        lin = Goal.objects.filter(client=clients["lin"])
        self.assertGreaterEqual(lin.values("domain").distinct().count(), 5)
        self.assertTrue(lin.filter(status=GoalStatus.ACHIEVED).exists())
        self.assertGreater(Review.objects.filter(goal__client=clients["lin"]).count(), 5)
        self.assertEqual(Goal.objects.filter(client=clients["ravi"]).count(), 2)
