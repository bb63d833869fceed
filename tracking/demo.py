"""The demo practice's tracking: months of check-ins, urges and lapses for clients in stages 2 to 4."""

from caseload.models import Client
from demo import people
from privacy.access_log import zone_of
from tracking.history import generate_history
from tracking.models import CheckIn

# Lapses per demo client: fewer the further along they are.
LAPSES_BY_STAGE = {2: 3, 3: 2, 4: 1}


def add_tracking_history(seed: int = 11) -> None:
    """Idempotent: a client who already has check-ins is left alone."""
    for spec in people.CLIENTS:
        if spec.stage not in LAPSES_BY_STAGE:
            continue
        client = Client.objects.select_related("user", "practice").filter(user__email=spec.email).first()
        if client is None or CheckIn.objects.filter(client=client).exists():
            continue
        joined = client.created_at.astimezone(zone_of(client)).date()
        days = (spec.weeks_ago * 7) - 3  # they began checking in a few days after joining
        if days > 0 and joined:
            generate_history(client, days, lapses=LAPSES_BY_STAGE[spec.stage], seed=seed)
