"""The demo practice's motivation work: Alex's thinking moves between two balances; loading twice adds nothing."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from caseload.models import Client
from measures.models import Administration
from motivation.models import BalanceVersion, ChosenValue, ValuesVersion
from motivation.queries import balance_view, ruler_results


class DemoMotivationTest(TestCase):
    def load(self) -> None:
        call_command("load_demo", stdout=StringIO())

    def test_it_shows_alex_weighing_things_up_over_a_few_weeks(self) -> None:
        self.load()
        alex = Client.objects.select_related("user", "practice").get(user__email="alex@demo.waymark.test")
        view = balance_view(alex)
        assert view is not None and view.since is not None
        self.assertGreaterEqual((view.version.created_at - view.since.created_at).days, 14)
        self.assertGreater(view.added, 0)
        self.assertGreater(view.removed, 0)
        rulers = ruler_results(alex)
        self.assertEqual(len(rulers), 2)
        self.assertTrue(all(score.change and score.change > 0 for score in rulers[0].scores))
        self.assertTrue(ValuesVersion.objects.filter(client=alex).exists())

    def test_it_adds_nothing_the_second_time(self) -> None:
        self.load()
        counts = (BalanceVersion.objects.count(), ChosenValue.objects.count(), Administration.objects.count())
        self.load()
        self.assertEqual(
            (BalanceVersion.objects.count(), ChosenValue.objects.count(), Administration.objects.count()), counts
        )
