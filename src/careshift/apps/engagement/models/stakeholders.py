"""The stakeholder register: organisations and people in editable categories, their relationships,
contact permission and lawful basis (kept apart), interest and influence with dated history, the
interaction log and the commitments made to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

SCORES = [(i, str(i)) for i in range(1, 6)]
DEFAULT_CATEGORIES = (
    ("Public", "Patients, carers, minority groups"),
    ("Commissioners", "GPs, council commissioning staff, NHS England"),
    ("Local providers", "Oxford Health, Oxford University Hospitals, ambulance service"),
    ("Public sector partners", "The county and district councils"),
    ("Voluntary and community organisations", "OCVA, Oxfordshire Rural Community Council, charities"),
    ("Professional bodies", "Local Medical Committee, Local Pharmaceutical Committee, trades unions"),
    ("Political partners", "MPs, councillors from parish to county"),
    (
        "Scrutiny bodies",
        "Healthwatch, the Joint Health Overview and Scrutiny Committee, Health and Wellbeing Board",
    ),
    ("Media", "A conduit to the public: Oxford Mail, BBC"),
)


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Stakeholder(models.Model):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", "Organisation"
        PERSON = "person", "Person"
        GROUP = "group", "Group or meeting"

    class LawfulBasis(models.TextChoices):
        NONE = "", "Not recorded"
        CONSENT = "consent", "Consent (UK GDPR 6(1)(a))"
        PUBLIC_TASK = "public_task", "Public task (6(1)(e))"
        LEGITIMATE_INTERESTS = "legitimate_interests", "Legitimate interests (6(1)(f))"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ORGANISATION)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="stakeholders")
    organisation = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text="For a person: where they work.",
    )
    role_title = models.CharField("role or title", max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    may_contact = models.BooleanField(
        "contact permission", default=False, help_text="They (or their organisation) agreed to be contacted."
    )
    contact_permission_date = models.DateField(null=True, blank=True)
    lawful_basis = models.CharField(
        max_length=30,
        choices=LawfulBasis.choices,
        blank=True,
        help_text="The UK GDPR basis for holding their details (separate from permission to contact).",
    )
    interest = models.PositiveSmallIntegerField(choices=SCORES, default=3, help_text="1 (low) to 5 (high).")
    influence = models.PositiveSmallIntegerField(choices=SCORES, default=3, help_text="1 (low) to 5 (high).")
    notes = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category__order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def quadrant(self) -> str:
        """Mendelow's power/interest grid (Mendelow, 1991)."""
        high_power, high_interest = self.influence >= 3, self.interest >= 3
        if high_power and high_interest:
            return "Manage closely"
        if high_power:
            return "Keep satisfied"
        return "Keep informed" if high_interest else "Monitor"


class ScoreChange(models.Model):
    """The dated history of a stakeholder's interest and influence."""

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="score_history")
    on = models.DateField(default=timezone.localdate)
    interest = models.PositiveSmallIntegerField(choices=SCORES)
    influence = models.PositiveSmallIntegerField(choices=SCORES)
    note = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-on", "-pk"]


class Relationship(models.Model):
    class Kind(models.TextChoices):
        MEMBER_OF = "member_of", "is a member of"
        WORKS_FOR = "works_for", "works for"
        REPORTS_TO = "reports_to", "reports to"
        PARTNER = "partner", "works in partnership with"
        FUNDS = "funds", "funds"

    source = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="relationships")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    target = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="related_from")
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"


class Topic(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Interaction(models.Model):
    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        BRIEFING = "briefing", "Briefing"
        CALL = "call", "Call"
        LETTER = "letter", "Letter or e-mail"
        EVENT = "event", "Public event"

    on = models.DateField(default=timezone.localdate)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.TextField()
    issues = models.TextField(blank=True, help_text="Issues raised.")
    stakeholders = models.ManyToManyField(Stakeholder, related_name="interactions")
    topics = models.ManyToManyField(Topic, blank=True, related_name="interactions")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on}"


class Commitment(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="commitments")
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commitments")
    due = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["status", "due"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due < timezone.localdate()
