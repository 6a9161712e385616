"""Options appraisal: an evidence bank, the agreed principles and priorities, options, criteria and scores,
and an equality impact assessment per option.

An :class:`Appraisal` compares :class:`Option` s (each a model scenario plus the sites it keeps open)
against :class:`Criterion` s: hurdles (pass/fail with a reason) and weighted criteria filled either from
the model and access results or by a panel (:class:`PanelScore`, one per scorer with a rationale). The
methods live in ``careshift.analysis.appraisal``; ``services.py`` assembles the score table for them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class EvidenceItem(models.Model):
    class Kind(models.TextChoices):
        TRIAL = "trial", "Randomised trial"
        REVIEW = "review", "Systematic review"
        EVALUATION = "evaluation", "Evaluation"
        LOCAL_DATA = "local_data", "Local data"
        EXPERT_VIEW = "expert_view", "Expert view"

    class Grade(models.TextChoices):  # GRADE certainty of evidence (Guyatt et al. 2008)
        HIGH = "high", "High"
        MODERATE = "moderate", "Moderate"
        LOW = "low", "Low"
        VERY_LOW = "very_low", "Very low"

    title = models.CharField(max_length=300)
    citation = models.TextField(help_text="Authors, year, title, journal or publisher.")
    link = models.URLField(blank=True, max_length=500)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    grade = models.CharField(
        max_length=10, choices=Grade.choices, help_text="How sure we can be (GRADE certainty)."
    )
    published = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    workstream_tags = models.CharField(
        max_length=300, blank=True, help_text="Workstreams it informs, separated by commas."
    )
    lever_tags = models.CharField(
        max_length=300, blank=True, help_text="Scenario levers it informs (their names), separated by commas."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("appraisal:evidence_detail", args=[self.pk])

    @property
    def levers(self) -> list[str]:
        return [t.strip() for t in self.lever_tags.split(",") if t.strip()]

    @property
    def workstreams(self) -> list[str]:
        return [t.strip() for t in self.workstream_tags.split(",") if t.strip()]


class EffectSize(models.Model):
    """What the evidence says about one outcome: a low, central and high effect."""

    evidence = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="effects")
    outcome = models.CharField(max_length=200, help_text="e.g. 'emergency admissions avoided'.")
    unit = models.CharField(max_length=40, default="%", help_text="e.g. '%', 'days', 'per 1,000'.")
    low = models.FloatField()
    central = models.FloatField()
    high = models.FloatField()

    class Meta:
        ordering = ["outcome"]

    def __str__(self) -> str:
        return f"{self.outcome}: {self.central:g}{self.unit} ({self.low:g} to {self.high:g})"


class Principle(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Priority(models.Model):
    title = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    principles = models.ManyToManyField(Principle, related_name="priorities", blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "title"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title


class Appraisal(models.Model):
    class Method(models.TextChoices):
        WEIGHTED_SUM = "weighted_sum", "Weighted sum"
        TOPSIS = "topsis", "TOPSIS"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.WEIGHTED_SUM)
    horizon_year = models.PositiveSmallIntegerField(default=2040)
    travel_basis = models.CharField(
        max_length=30,
        default="car",
        help_text="The travel times the access criteria and the equality assessment use: car or public "
        "transport (estimated), or an imported matrix ('matrix-<number>').",
    )
    illustrative = models.BooleanField(default=False, help_text="Demonstration data, not a real appraisal.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("appraisal:detail", args=[self.slug])


class Option(models.Model):
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="options")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    scenario = models.ForeignKey(
        "scenarios.Scenario",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The model scenario whose results this option uses.",
    )
    site_codes = models.JSONField(
        default=list, blank=True, help_text="Codes of the sites this option keeps open (from the data pack)."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["appraisal", "name"], name="option_name_unique")]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    class Kind(models.TextChoices):
        HURDLE = "hurdle", "Hurdle (pass or fail)"
        WEIGHTED = "weighted", "Weighted"

    class Source(models.TextChoices):
        PANEL = "panel", "Scored by the panel"
        COST = "cost", "Model: cost in the horizon year"
        SAVINGS = "savings", "Model: savings against doing nothing"
        BEDS = "beds", "Model: beds for the risk target"
        RISK = "risk", "Model: probability of turning patients away (acute)"
        WORKFORCE = "workforce", "Model: workforce (WTE)"
        ACCESS_30 = "access_30", "Access: share of people within 30 minutes of a site"
        ACCESS_75 = "access_75", "Access: share of over-75s within 30 minutes of a site"
        MEAN_TIME = "mean_time", "Access: mean travel time to the nearest site"

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WEIGHTED)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.PANEL)
    higher_is_better = models.BooleanField(default=True)
    weight = models.FloatField(default=1.0)
    weight_low = models.FloatField(default=0.5, help_text="Lowest weight the board would accept.")
    weight_high = models.FloatField(default=1.5, help_text="Highest weight the board would accept.")
    principles = models.ManyToManyField(Principle, related_name="criteria", blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["appraisal", "name"], name="criterion_name_unique")]

    def __str__(self) -> str:
        return self.name


class HurdleResult(models.Model):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="hurdles")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="hurdle_results")
    passed = models.BooleanField()
    reason = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["option", "criterion"], name="hurdle_unique")]


class PanelScore(models.Model):
    """One scorer's score (0-10) of one option on one criterion, with their rationale."""

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    rationale = models.TextField()
    evidence = models.ManyToManyField(EvidenceItem, blank=True, related_name="scores")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "criterion", "scorer"], name="score_unique"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=10), name="score_range"),
        ]


class EqualityAssessment(models.Model):
    """An equality impact assessment of one option; each sign-off freezes a version."""

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="equality_assessments")
    version = models.PositiveIntegerField(default=1)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["option", "-version"]
        constraints = [models.UniqueConstraint(fields=["option", "version"], name="eia_version_unique")]

    def __str__(self) -> str:
        return f"Equality impact of {self.option} (version {self.version})"

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None


class EqualityRow(models.Model):
    class Impact(models.TextChoices):
        POSITIVE = "positive", "Positive"
        NEUTRAL = "neutral", "Neutral"
        NEGATIVE = "negative", "Negative"
        UNKNOWN = "unknown", "Not yet known"

    assessment = models.ForeignKey(EqualityAssessment, on_delete=models.CASCADE, related_name="rows")
    characteristic = models.CharField(max_length=100)
    impact = models.CharField(max_length=10, choices=Impact.choices, default=Impact.UNKNOWN)
    evidence = models.TextField(blank=True)
    mitigation = models.TextField(blank=True)
    prefilled = models.BooleanField(default=False, help_text="Filled from the model and access results.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]


class Analysis(models.Model):
    """A background analysis (on the platform's job system): where new hubs should go, or how robust an
    appraisal's ranking is to its weights. ``params`` is its input, ``result`` its output (JSON)."""

    class Kind(models.TextChoices):
        LOCATIONS = "locations", "Where should new hubs go?"
        SENSITIVITY = "sensitivity", "Weight sensitivity (rank acceptability)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    appraisal = models.ForeignKey(
        Appraisal, null=True, blank=True, on_delete=models.CASCADE, related_name="analyses"
    )
    job = models.OneToOneField(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="appraisal_analysis"
    )
    params = models.JSONField(default=dict)
    result = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name_plural = "analyses"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.pk})"

    def get_absolute_url(self) -> str:
        return reverse("appraisal:analysis", args=[self.pk])

    @property
    def status(self) -> str:
        return self.job.status if self.job is not None else "cancelled"


class TravelMatrix(models.Model):
    """A travel-time matrix imported for an appraisal (e.g. from r5r, OpenTripPlanner or a GIS team):
    minutes from every small area of the data pack to each site it names, in the pack's area order."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="travel_matrices")
    name = models.CharField(max_length=200, help_text="e.g. 'Public transport, weekday morning peak'.")
    source = models.TextField(help_text="Where the times come from: tool, network data and date.")
    areas = models.JSONField(help_text="Small-area codes, in the order of the rows of minutes.")
    sites = models.JSONField(help_text="Site codes, in the order of the columns of minutes.")
    minutes = models.JSONField(help_text="Minutes, one list per small area.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "name"], name="travel_matrix_name_unique")
        ]

    def __str__(self) -> str:
        return self.name
