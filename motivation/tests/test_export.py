"""The client's export holds every dated version of their balance and values, and their rulers."""

from motivation.tests.support import FIRST, OCT_3, OCT_24, SECOND, MotivationTestCase
from privacy.export import build_export


class ExportTest(MotivationTestCase):
    def test_it_gives_the_client_every_version_in_plain_words(self) -> None:
        self.balance(FIRST, at=OCT_3)
        self.balance(SECOND, at=OCT_24)
        self.values()
        self.rulers()
        section = build_export(self.client_record)["motivation"]
        balances = section["decisional_balance"]  # type: ignore[index]
        self.assertEqual(
            [b["Good things about changing"] for b in balances], [FIRST["change_benefits"], SECOND["change_benefits"]]
        )
        values = section["what_matters_to_me"][0]["values"]  # type: ignore[index]
        self.assertEqual(
            values[0],
            {
                "value": "Honesty",
                "most_important": True,
                "why_it_matters": "I hate hiding things.",
                "how_it_sits_with_the_behaviour": "It clashes: there is always a secret.",
            },
        )
        rulers = section["rulers"]  # type: ignore[index]
        self.assertEqual((rulers[0]["Importance"], rulers[0]["Readiness"]), (6, 5))
        self.assertIn("Importance: Why a 6 and not a lower number?", rulers[0]["follow_up"])

    def test_it_leaves_out_other_clients(self) -> None:
        self.balance(client=self.bo_record)
        section = build_export(self.client_record)["motivation"]
        self.assertEqual(section["decisional_balance"], [])  # type: ignore[index]
