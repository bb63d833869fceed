"""What a client records day to day: check-ins, urges, lapses, and their own list of triggers.

Free text is encrypted at rest. Sobriety is counted from lapses only (tracking.streaks): a lapse
is an inner-circle event, and it resets the current streak while the longest and the total stay.
"""

import datetime
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lib.fields import EncryptedTextField

NOTE_CHARS = 280
SHORT_CHARS = 200
STEP_CHARS = 1_000
LONG_CHARS = 2_000
TRIGGER_CHARS = 80
KEY_CHARS = 64


class Mood(models.IntegerChoices):
    VERY_LOW = 1, "Very low"
    LOW = 2, "Low"
    OKAY = 3, "Okay"
    GOOD = 4, "Good"
    VERY_GOOD = 5, "Very good"


class SleepQuality(models.IntegerChoices):
    POOR = 1, "Poor"
    OKAY = 2, "Okay"
    GOOD = 3, "Good"


class CommonTrigger(models.TextChoices):
    STRESS = "stress", "Stress"
    BOREDOM = "boredom", "Boredom"
    LONELINESS = "loneliness", "Loneliness"
    TIREDNESS = "tiredness", "Tiredness"
    CONFLICT = "conflict", "An argument or conflict"
    REJECTION = "rejection", "Feeling rejected"
    ALONE_AT_HOME = "alone_at_home", "Alone at home"
    LATE_NIGHT = "late_night", "Late at night"
    SCROLLING = "scrolling", "Scrolling on my phone"
    SOMETHING_SEEN = "something_seen", "Something I saw"
    ALCOHOL = "alcohol", "Alcohol or drugs"
    TRAVEL = "travel", "Travel or a hotel"


class Place(models.TextChoices):
    HOME = "home", "At home"
    WORK = "work", "At work"
    TRAVELLING = "travelling", "Travelling"
    OUT = "out", "Out and about"
    OTHER = "other", "Somewhere else"


class Device(models.TextChoices):
    PHONE = "phone", "Phone"
    LAPTOP = "laptop", "Laptop or computer"
    TABLET = "tablet", "Tablet"
    TV = "tv", "TV"
    CONSOLE = "console", "Games console"
    NONE = "none", "No device"


class Outcome(models.TextChoices):
    RODE_IT_OUT = "rode_it_out", "I rode it out"
    MIDDLE_CIRCLE = "middle_circle", "A middle-circle behaviour"
    LAPSE = "lapse", "A lapse"


def _one_key_per_client(model: str) -> models.UniqueConstraint:
    """A repeated submission (a flaky connection) carries the same key, so it is stored once."""
    return models.UniqueConstraint(
        fields=["client", "idempotency_key"], condition=~Q(idempotency_key=""), name=f"{model}_one_per_key"
    )


class Trigger(models.Model):
    """One of the client's own triggers, offered alongside the common ones when logging an urge."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="triggers")
    name = EncryptedTextField(max_chars=TRIGGER_CHARS)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return "Trigger"


class CheckIn(models.Model):
    """One a day per client, for a day on the client's own calendar; a second one that day edits it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="check_ins")
    day = models.DateField()
    mood = models.PositiveSmallIntegerField(choices=Mood.choices)
    urge = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    sober = models.BooleanField()
    hungry = models.BooleanField(default=False)
    angry = models.BooleanField(default=False)
    lonely = models.BooleanField(default=False)
    tired = models.BooleanField(default=False)
    sleep_hours = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    sleep_quality = models.PositiveSmallIntegerField(choices=SleepQuality.choices, null=True, blank=True)
    note = EncryptedTextField(max_chars=NOTE_CHARS)
    idempotency_key = models.CharField(max_length=KEY_CHARS, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["client", "day"], name="one_check_in_per_day"),
            _one_key_per_client("checkin"),
            models.CheckConstraint(condition=Q(mood__gte=1, mood__lte=5), name="checkin_mood_1_to_5"),
            models.CheckConstraint(condition=Q(urge__lte=10), name="checkin_urge_0_to_10"),
            models.CheckConstraint(
                condition=Q(sleep_hours__isnull=True) | Q(sleep_hours__gte=0, sleep_hours__lte=24),
                name="checkin_sleep_0_to_24",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.day:%Y-%m-%d}"

    @property
    def halt(self) -> list[str]:
        """The HALT flags that were on, in their usual order."""
        flags = (("Hungry", self.hungry), ("Angry", self.angry), ("Lonely", self.lonely), ("Tired", self.tired))
        return [name for name, on in flags if on]


class Urge(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="urges")
    occurred_at = models.DateTimeField()
    intensity = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    common_trigger = models.CharField(max_length=20, choices=CommonTrigger.choices, blank=True)
    trigger = models.ForeignKey(Trigger, null=True, blank=True, on_delete=models.SET_NULL, related_name="urges")
    place = models.CharField(max_length=12, choices=Place.choices, blank=True)
    alone = models.BooleanField(null=True, blank=True)
    device = models.CharField(max_length=10, choices=Device.choices, blank=True)
    feeling = EncryptedTextField(max_chars=SHORT_CHARS)
    what_i_did = EncryptedTextField(max_chars=STEP_CHARS)
    outcome = models.CharField(max_length=14, choices=Outcome.choices)
    notes = EncryptedTextField(max_chars=LONG_CHARS)
    # From the SOS page: how strong the urge was after surfing it (intensity is the before rating).
    intensity_after = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(10)])
    via_sos = models.BooleanField(default=False)
    idempotency_key = models.CharField(max_length=KEY_CHARS, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["client", "occurred_at"])]
        constraints = [
            _one_key_per_client("urge"),
            models.CheckConstraint(condition=Q(intensity__lte=10), name="urge_intensity_0_to_10"),
        ]

    def __str__(self) -> str:
        return "Urge"

    def trigger_label(self) -> str:
        """The trigger in words: the client's own (needs `trigger` loaded) or a common one."""
        if self.trigger is not None:
            return self.trigger.name
        return self.get_common_trigger_display() if self.common_trigger else ""


# The steps of the behaviour-chain analysis, in order: (field, question, example prompt).
CHAIN_STEPS: tuple[tuple[str, str, str], ...] = (
    (
        "vulnerability",
        "What made me more vulnerable?",
        "Tired after a long week, skipped lunch, hadn't spoken to anyone all day.",
    ),
    (
        "prompting_event",
        "What set it off?",
        "An email from my manager; an image that came up while scrolling.",
    ),
    (
        "thoughts_feelings_urges",
        "What did I think, feel and want?",
        "“I deserve a break.” Restless and low; the urge climbed to an 8.",
    ),
    (
        "behaviour",
        "What did I do?",
        "Opened the browser on my phone in bed, around midnight.",
    ),
    (
        "consequences",
        "What happened afterwards?",
        "Felt relief, then flat and ashamed; slept badly; snapped at breakfast.",
    ),
    (
        "do_differently",
        "What could I do differently next time?",
        "Phone charges in the kitchen; text my friend when the urge passes a 5.",
    ),
)


class Lapse(models.Model):
    """An inner-circle event, recorded as something to learn from: what happened and the chain to it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey("caseload.Client", on_delete=models.CASCADE, related_name="lapses")
    occurred_at = models.DateTimeField()
    what_happened = EncryptedTextField(max_chars=LONG_CHARS)
    vulnerability = EncryptedTextField(max_chars=STEP_CHARS)
    prompting_event = EncryptedTextField(max_chars=STEP_CHARS)
    thoughts_feelings_urges = EncryptedTextField(max_chars=STEP_CHARS)
    behaviour = EncryptedTextField(max_chars=STEP_CHARS)
    consequences = EncryptedTextField(max_chars=STEP_CHARS)
    do_differently = EncryptedTextField(max_chars=STEP_CHARS)
    review_with_therapist = models.BooleanField(default=False)
    urge = models.OneToOneField(Urge, null=True, blank=True, on_delete=models.SET_NULL, related_name="lapse")
    idempotency_key = models.CharField(max_length=KEY_CHARS, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["client", "occurred_at"])]
        constraints = [_one_key_per_client("lapse")]

    def __str__(self) -> str:
        return "Lapse"

    def chain(self) -> list[tuple[str, str]]:
        """(question, answer) for each step of the chain, answered or not."""
        return [(question, getattr(self, field)) for field, question, _ in CHAIN_STEPS]

    @property
    def chain_started(self) -> bool:
        return any(getattr(self, field) for field, _, _ in CHAIN_STEPS)


class CheckInReminder(models.Model):
    """The client's daily nudge to check in, at a time of day on their own clock; content-free email.

    `last_sent_on` is the client's local day the last one went out, so a day has at most one.
    """

    client = models.OneToOneField("caseload.Client", on_delete=models.CASCADE, related_name="check_in_reminder")
    enabled = models.BooleanField(default=False)
    at_time = models.TimeField(default=datetime.time(20, 0))
    last_sent_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return "Check-in reminder"
