"""Retention from the command line and as a background job: respondents past their date are erased
(their answers too unless publishable), the rest kept, and each run is in the audit log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from click.testing import CliRunner
from django.utils import timezone

from careshift.apps.accounts.models import AuditEvent
from careshift.apps.engagement.models import Consultation, Respondent, Response
from careshift.apps.jobs import services, worker
from careshift.apps.jobs.models import Job


def _people(db: None) -> Consultation:
    c = Consultation.objects.create(slug="old", title="Old", summary="Long closed")
    today = timezone.localdate()
    for n, (days, publish) in enumerate([(-1, False), (-30, True), (5, False)]):
        person = Respondent.objects.create(
            consultation=c, email=f"p{n}@example.org", retain_until=today + timedelta(days=days)
        )
        Response.objects.create(
            consultation=c, respondent=person, idempotency_key=f"k{n}", may_publish=publish
        )
    return c


def _run(*args: str) -> str:
    from careshift.cli import main

    result = CliRunner().invoke(main, ["engagement", "purge", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_dry_run_counts_and_erases_nothing(db: None) -> None:
    _people(db)
    assert "2 respondent(s) are past their retention date" in _run("--dry-run")
    assert (
        Respondent.objects.count() == 3 and not AuditEvent.objects.filter(action="respondent.delete").exists()
    )


def test_purge_erases_the_expired_keeps_the_rest_and_is_audited(db: None) -> None:
    _people(db)
    assert "Erased 2 respondent(s)" in _run()
    assert list(Respondent.objects.values_list("email", flat=True)) == ["p2@example.org"]
    assert set(Response.objects.values_list("idempotency_key", flat=True)) == {"k1", "k2"}  # k1 publishable
    assert Response.objects.get(idempotency_key="k1").respondent is None
    event = AuditEvent.objects.get(action="respondent.delete")
    assert event.changes["expired"] == 2 and event.changes["via"] == "cli"
    assert "Erased 0 respondent(s)" in _run()  # nothing left to erase


def test_purge_as_a_job(db: None, user_factory: Callable[..., Any]) -> None:
    _people(db)
    owner = user_factory("administrator")
    job = services.enqueue("engagement.purge_expired", {}, owner=owner, title="Retention")
    assert worker.run_forever(once=True) == 1
    job.refresh_from_db()
    assert job.status == "succeeded" and "Erased 2" in job.result
    assert Respondent.objects.count() == 1
    event = AuditEvent.objects.get(action="respondent.delete")
    assert event.user == owner and event.changes["via"] == f"job {job.pk}"


def test_queue_flag_queues_the_job(db: None) -> None:
    _people(db)
    assert "Queued job" in _run("--queue")
    assert Job.objects.filter(kind="engagement.purge_expired", status="queued").count() == 1
    assert Respondent.objects.count() == 3
