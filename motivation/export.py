"""The client's decisional balance and values, every dated version, in their data export."""

from caseload.models import Client
from motivation.actions import boxes_of
from motivation.models import BalanceVersion, Box, ValuesVersion
from motivation.queries import ruler_results
from privacy.export import register_section


@register_section
def motivation(client: Client) -> tuple[str, object]:
    balances = BalanceVersion.objects.filter(client=client).prefetch_related("items").order_by("created_at", "pk")
    values = ValuesVersion.objects.filter(client=client).prefetch_related("chosen").order_by("created_at", "pk")
    return "motivation", {
        "decisional_balance": [
            {"saved": version.created_at, **{Box(box).label: items for box, items in boxes_of(version).items()}}
            for version in balances
        ],
        "what_matters_to_me": [
            {
                "saved": version.created_at,
                "values": [
                    {
                        "value": value.name,
                        "most_important": value.top,
                        "why_it_matters": value.why,
                        "how_it_sits_with_the_behaviour": value.fit,
                    }
                    for value in version.chosen.all()
                ],
            }
            for version in values
        ],
        # The same answers are in "questionnaires" (instrument "readiness"); here they read as rulers.
        "rulers": [
            {
                "completed": result.administration.submitted_at,
                **{score.title: score.score for score in result.scores},
                "follow_up": dict(result.notes),
            }
            for result in reversed(ruler_results(client))
        ],
    }
