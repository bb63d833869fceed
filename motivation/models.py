"""Motivational-interviewing worksheets: the decisional balance and "what matters to me".

Every save is a new dated version (a full snapshot), so the client and their therapist can see
how things moved. The rulers are not here: they are the measures app's readiness instrument.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from lib.fields import EncryptedTextField

ITEM_CHARS = 300
VALUE_NAME_CHARS = 60
VALUE_LINE_CHARS = 300


class Box(models.TextChoices):
    """The four boxes, in the order they are shown: what the behaviour gives comes first, without judgement."""

    STAY_BENEFITS = "stay_benefits", "Good things about how things are now"
    STAY_COSTS = "stay_costs", "Not so good things about how things are now"
    CHANGE_BENEFITS = "change_benefits", "Good things about changing"
    CHANGE_COSTS = "change_costs", "Not so good things about changing"


# Each box in a few words, for lists and timelines.
BOX_SHORT: dict[str, str] = {
    Box.STAY_BENEFITS: "Good now",
    Box.STAY_COSTS: "Not so good now",
    Box.CHANGE_BENEFITS: "Good about changing",
    Box.CHANGE_COSTS: "Hard about changing",
}

# A question to start each box, and an example, in the words the client sees.
BOX_GUIDE: dict[str, tuple[str, str]] = {
    Box.STAY_BENEFITS: (
        "What does it give you, or help you with, as things are?",
        "It helps me switch off after a long day.",
    ),
    Box.STAY_COSTS: (
        "What does it cost you, now or later, if nothing changes?",
        "I feel far away from my partner.",
    ),
    Box.CHANGE_BENEFITS: (
        "What might be better if you made a change?",
        "I would sleep more and feel less on edge.",
    ),
    Box.CHANGE_COSTS: (
        "What might be hard, or what would you miss, if you made a change?",
        "I would need another way to cope with stress.",
    ),
}


class BalanceVersion(models.Model):
    """One dated snapshot of the client's four boxes."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="balance_versions")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["client", "created_at"])]

    def __str__(self) -> str:
        return "Decisional balance"


class BalanceItem(models.Model):
    """One short line in one box of one snapshot."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(BalanceVersion, on_delete=models.CASCADE, related_name="items")
    box = models.CharField(max_length=15, choices=Box.choices)
    order = models.PositiveSmallIntegerField(default=0)
    text = EncryptedTextField(max_chars=ITEM_CHARS)

    class Meta:
        ordering = ["box", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_box_display()} item"


# The values offered, in Waymark's own words: (key, name, a few words on what it can mean).
# Only the name is stored (encrypted), so a client's old versions keep the words they chose.
VALUES: tuple[tuple[str, str, str], ...] = (
    ("family", "Family", "Being there for the people I call family."),
    ("partner", "Partner and intimacy", "Closeness, trust and tenderness with a partner."),
    ("friendship", "Friendship", "Good friends, and being a good friend."),
    ("honesty", "Honesty", "Being truthful with others and with myself."),
    ("health", "Health", "Looking after my body and my mind."),
    ("faith", "Faith or spirituality", "My beliefs, practice or sense of something larger."),
    ("freedom", "Freedom", "Choosing for myself, not being driven."),
    ("self_respect", "Self-respect", "Being someone I can look in the eye."),
    ("kindness", "Kindness", "Care for others, and for myself."),
    ("work", "Work and craft", "Doing my work well and taking pride in it."),
    ("learning", "Learning and growing", "Curiosity, and becoming more of who I can be."),
    ("creativity", "Creativity", "Making things, ideas or music."),
    ("adventure", "Adventure", "New places, new experiences, a bit of daring."),
    ("community", "Community", "Belonging, and giving something back."),
    ("calm", "Peace of mind", "Feeling settled and at ease."),
    ("fun", "Fun and play", "Laughter, games and lightness."),
    ("reliability", "Being reliable", "Keeping my word; people can count on me."),
    ("courage", "Courage", "Facing hard things rather than hiding from them."),
)
VALUE_NAMES: dict[str, str] = {key: name for key, name, _ in VALUES}


class ValuesVersion(models.Model):
    """One dated snapshot of what matters to the client."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="values_versions")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["client", "created_at"])]

    def __str__(self) -> str:
        return "What matters to me"


class ChosenValue(models.Model):
    """A value the client chose; for the few that matter most, why, and how the behaviour sits with it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(ValuesVersion, on_delete=models.CASCADE, related_name="chosen")
    order = models.PositiveSmallIntegerField(default=0)
    name = EncryptedTextField(max_chars=VALUE_NAME_CHARS)
    top = models.BooleanField(default=False)
    why = EncryptedTextField(max_chars=VALUE_LINE_CHARS)
    fit = EncryptedTextField(max_chars=VALUE_LINE_CHARS)

    class Meta:
        ordering = ["-top", "order", "pk"]

    def __str__(self) -> str:
        return "Chosen value"
