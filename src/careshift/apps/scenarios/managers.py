"""Querysets for scenarios and runs: every query the views and the worker need, named once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import OuterRef, Subquery

if TYPE_CHECKING:
    from careshift.apps.scenarios.models import Run

QUEUED, RUNNING, SUCCEEDED = "queued", "running", "succeeded"


class ScenarioQuerySet(models.QuerySet):
    def with_last_run(self) -> ScenarioQuerySet:
        """Annotate each scenario with its latest run's status and id (for the list page)."""
        from careshift.apps.scenarios.models import Run

        latest = Run.objects.filter(scenario=OuterRef("pk")).order_by("-queued_at", "-pk")
        return self.annotate(
            last_run_status=Subquery(latest.values("job__status")[:1]),
            last_run_id=Subquery(latest.values("pk")[:1]),
        )


class RunQuerySet(models.QuerySet):
    """Runs with their job (status, progress) loaded in the same query."""

    def with_job(self) -> RunQuerySet:
        return self.select_related("job")

    def queued(self) -> RunQuerySet:
        return self.with_job().filter(job__status=QUEUED).order_by("queued_at", "pk")

    def active(self) -> RunQuerySet:
        return self.with_job().filter(job__status__in=(QUEUED, RUNNING))

    def succeeded(self) -> RunQuerySet:
        return self.with_job().filter(job__status=SUCCEEDED)

    def latest_succeeded(self) -> Run | None:
        return self.succeeded().order_by("-job__finished_at", "-pk").first()


class SummaryQuerySet(models.QuerySet):
    def chart_rows(self, run_id: int, locality: str, measures: list[str]) -> list[dict[str, Any]]:
        """Only the rows one results page needs: one locality, the named measures, every setting."""
        return list(
            self.filter(run_id=run_id, locality=locality, measure__in=measures)
            .order_by("measure", "setting", "year")
            .values("year", "locality", "setting", "measure", "p10", "p50", "p90")
        )
