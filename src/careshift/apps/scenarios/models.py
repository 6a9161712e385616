"""Scenarios, their runs, and run results stored as rows (so they survive restarts and work on PostgreSQL).

A :class:`Scenario` holds the engine's validated scenario as JSON (``spec``). A :class:`Run` freezes a
copy of that spec, is executed as a ``scenario.run`` job (``jobs.py``) and, when it succeeds, owns its
summary (:class:`RunSummaryRow`) and waterfall (:class:`RunWaterfallRow`) rows.

A scenario is a *draft* or *agreed*. An agreed scenario has a **pinned run**: the run its board figures
and comparisons use. Rerunning it keeps the new run but leaves the pin alone; only someone allowed to
``pin_run`` moves the pin (or returns the scenario to draft), giving a reason that the audit log keeps.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from careshift.apps.jobs.models import Job
from careshift.apps.scenarios.managers import RunQuerySet, ScenarioQuerySet, SummaryQuerySet
from careshift.site.concurrency import Versioned


class Scenario(Versioned, models.Model):
    """A scenario people edit; ``version`` (from :class:`Versioned`) refuses a save that would overwrite
    someone else's newer one (careshift.site.concurrency)."""

    name = models.CharField(max_length=200, help_text="A short name, e.g. 'Virtual wards at scale'.")
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in addresses and the API.")
    description = models.TextField(blank=True, help_text="What this scenario tests and why.")
    spec = models.JSONField(help_text="The engine's validated scenario (careshift.model.scenario.Scenario).")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="scenarios"
    )
    is_sample = models.BooleanField(default=False, help_text="Shipped with careshift (created on set-up).")

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"

    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Draft while it is worked on; agreed once its pinned run is the one people quote.",
    )
    pinned_run = models.ForeignKey(
        "Run",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The run an agreed scenario is quoted and compared by; a rerun does not move it.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="scenario_name_unique_ignoring_case")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("scenarios:detail", args=[self.slug])

    @property
    def is_agreed(self) -> bool:
        return self.status == self.Status.AGREED


class ScenarioVersion(models.Model):
    """What a scenario was after one save: every create, edit, import or API change keeps one, so its
    edit history can say what changed (``careshift.apps.scenarios.versions``)."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(help_text="The scenario's version after this save (1 = created).")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    spec = models.JSONField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint("scenario", "number", name="one_scenario_version_per_number")]

    def __str__(self) -> str:
        return f"Version {self.number} of '{self.name}'"


class Run(models.Model):
    """One run of a scenario: the domain record (frozen spec, seed, versions, results rows). Its place
    in the queue, progress, cancellation and outcome are its :class:`~careshift.apps.jobs.models.Job`
    (kind ``scenario.run``); the properties below read them from there."""

    Status = Job.Status

    class Executor(models.TextChoices):
        LOCAL = "local", "This server"
        DASK = "dask", "Dask cluster"

    FINISHED = Job.FINISHED

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="runs")
    job = models.OneToOneField(Job, on_delete=models.PROTECT, related_name="run")
    spec = models.JSONField(help_text="The scenario as it was when the run was started (frozen).")
    iterations = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    executor = models.CharField(max_length=10, choices=Executor.choices, default=Executor.LOCAL)
    datapack_name = models.CharField(max_length=200, blank=True)
    datapack_version = models.CharField(max_length=100, blank=True)
    engine_version = models.CharField(max_length=100, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    queued_at = models.DateTimeField(auto_now_add=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["scenario", "queued_at"])]

    def __str__(self) -> str:
        return f"Run {self.pk} of '{self.scenario.name}' ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("scenarios:run", args=[self.pk])

    status = property(lambda self: self.job.status, doc="queued, running, succeeded, failed or cancelled")
    done = property(lambda self: self.job.done, doc="Iterations completed so far.")
    total = property(lambda self: self.job.total)
    cancel_requested = property(lambda self: self.job.cancel_requested)
    error_message = property(lambda self: self.job.error_message)
    error_hint = property(lambda self: self.job.error_hint)
    started_at = property(lambda self: self.job.started_at)
    finished_at = property(lambda self: self.job.finished_at)
    worker_id = property(lambda self: self.job.worker_id)
    heartbeat = property(lambda self: self.job.heartbeat)
    is_finished = property(lambda self: self.job.is_finished)
    percent = property(lambda self: self.job.percent, doc="0 to 99 until the run has succeeded, then 100.")
    stage = property(lambda self: self.job.message, doc="What the run is doing now, e.g. summarising.")

    def get_status_display(self) -> str:
        return str(self.job.get_status_display())


class RunSummaryRow(models.Model):
    """One line of ``Results.summary()``: a measure's P10/P50/P90 for a year, locality and setting."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="summary_rows")
    year = models.PositiveSmallIntegerField()
    locality = models.CharField(max_length=50)
    setting = models.CharField(max_length=50)
    measure = models.CharField(max_length=60)
    p10 = models.FloatField()
    p50 = models.FloatField()
    p90 = models.FloatField()

    objects = SummaryQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["run", "locality", "measure", "setting", "year"])]


class RunIterations(models.Model):
    """A run's per-iteration county totals (``careshift.model.totals.IterationTotals`` as a compressed
    ``.npz``, no pickles), kept so that two runs with the same seed and iterations can be compared by
    paired differences."""

    run = models.OneToOneField(Run, on_delete=models.CASCADE, related_name="iteration_totals")
    data = models.BinaryField()


class RunWaterfallRow(models.Model):
    """One step of ``Results.waterfall()`` (horizon year, each series' median run); ``position`` keeps
    step order."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="waterfall_rows")
    locality = models.CharField(max_length=50)
    setting = models.CharField(max_length=50)
    measure = models.CharField(max_length=60)
    position = models.PositiveIntegerField()  # a few hundred levers give more than 32,767 steps
    step = models.CharField(max_length=200)
    value = models.FloatField()

    class Meta:
        ordering = ["position"]
        indexes = [models.Index(fields=["run", "locality", "measure", "setting"])]


class SavedView(models.Model):
    """A results or compare page with its filters, saved under a name and shared by its link
    (``/scenarios/views/<id>/``); ``careshift.apps.scenarios.saved_views`` saves, lists and deletes."""

    class Kind(models.TextChoices):
        RESULTS = "results", "Results"
        COMPARE = "compare", "Comparison"

    name = models.CharField(max_length=200, help_text="What the view shows, e.g. 'Acute beds, Oxford City'.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    path = models.CharField(max_length=200, help_text="The page's address, e.g. /scenarios/runs/12/results/.")
    query = models.TextField(blank=True, help_text="The page's filters as a query string.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="saved_views"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"Saved view '{self.name}'"

    def get_absolute_url(self) -> str:
        return reverse("scenarios:saved_view", args=[self.pk])

    @property
    def target(self) -> str:
        """The page the view opens, with its filters."""
        return f"{self.path}?{self.query}" if self.query else self.path


class LeverTemplate(models.Model):
    """A reusable lever in the lever library: a lever (as a scenario holds it, with its cohort, typical
    ranges and evidence) and its implementation cost, from which a scenario's lever is started
    (``careshift.apps.scenarios.library``)."""

    name = models.CharField(max_length=200, unique=True, help_text="The lever's name, e.g. 'Virtual wards'.")
    lever = models.JSONField(help_text="The lever as a scenario holds it (careshift.model.scenario.Lever).")
    one_off_cost = models.FloatField(null=True, blank=True, help_text="Typical one-off cost (£).")
    recurring_cost = models.FloatField(null=True, blank=True, help_text="Typical recurring cost (£ a year).")
    source = models.CharField(max_length=300, blank=True, help_text="Where it came from, e.g. a scenario.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"Lever template '{self.name}'"

    def get_absolute_url(self) -> str:
        return f"{reverse('scenarios:lever_library')}#template-{self.pk}"
