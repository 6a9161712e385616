"""The programme office's rules that change records: each one checks rights, validates, saves and records
the change in the audit log (who, when, what, why)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from careshift.analysis.programme import gateways, ratings
from careshift.apps.accounts import audit
from careshift.apps.accounts.permissions import check, has_permission
from careshift.apps.programme import status
from careshift.apps.programme.models import (
    BoardPackFile,
    ConfidenceAssessment,
    Programme,
    Project,
    RaidItem,
    Stage,
    StatusReport,
    Workstream,
)
from careshift.errors import NotFound, ValidationError
from careshift.site.concurrency import Versioned, delete_versioned, save_versioned


def audited_fields(obj: models.Model) -> list[str]:
    """The concrete, editable fields of a record (what an edit can change)."""
    return [f.attname for f in obj._meta.concrete_fields if f.editable and not f.primary_key]


def save(
    user: Any,
    obj: models.Model,
    before: dict[str, Any] | None,
    *,
    reason: str = "",
    expected_version: int | None = None,
) -> None:
    """Save a created (``before`` is None) or edited record and record what changed.

    An edit of a versioned record is refused with ``ConflictError`` if someone saved it after the
    version the person opened (``expected_version``; default: the version ``obj`` was loaded at)."""
    noun = type(obj)._meta.model_name or "record"
    if before is not None and isinstance(obj, Versioned):
        save_versioned(obj, expected_version, fields=edited_fields(obj))
    else:
        obj.save()
    after = audit.snapshot(obj, audited_fields(obj))
    verb = "create" if before is None else "update"
    changes = audit.changes_between(before or {}, after)
    if before is None or changes:
        audit.record(user, f"{noun}.{verb}", obj, changes, reason=reason)


def edited_fields(obj: models.Model) -> list[str]:
    """The fields an edit page writes (by name, for ``save_versioned``)."""
    return [f.name for f in obj._meta.concrete_fields if f.editable and not f.primary_key]


def delete(user: Any, obj: models.Model, *, reason: str = "", expected_version: int | None = None) -> None:
    """Delete a record and record it; a versioned record is deleted only if nobody saved it after the
    version the person opened (``expected_version``), else ``ConflictError`` and nothing is deleted."""
    noun = type(obj)._meta.model_name or "record"
    with transaction.atomic():
        audit.record(user, f"{noun}.delete", obj, {"deleted": str(obj)}, reason=reason)
        if isinstance(obj, Versioned) and expected_version is not None:
            delete_versioned(obj, expected_version)
        else:
            obj.delete()


def gate_for(stage: Stage) -> gateways.Gate:
    threshold = float(stage.approval_threshold) if stage.approval_threshold is not None else None
    return gateways.Gate(stage.key, tuple(stage.required_artefacts), threshold, stage.approver)


def missing_for(project: Project, stage: Stage, user: Any) -> list[str]:
    """What the project lacks to enter ``stage`` when ``user`` moves it (their role counts as approval)."""
    candidate = gateways.Candidate(
        value=float(project.planned_value()),
        artefacts=project.approved_artefacts(),
        approved=has_permission(user, "programme.approve"),
    )
    return gateways.missing_for_gate(gate_for(stage), candidate)


def move_stage(
    user: Any, project: Project, stage: Stage, *, reason: str = "", expected_version: int | None = None
) -> None:
    """Move a project to another lifecycle stage, passing each gateway between (refused if anything is
    missing, with a message naming it)."""
    check(user, "programme.edit_project", project)
    if stage.programme_id != project.workstream.programme_id:
        raise NotFound(
            "That stage belongs to another programme.", hint="Choose one of this programme's stages."
        )
    current = project.stage.order if project.stage else -1
    passing = Stage.objects.filter(programme=stage.programme, order__gt=current, order__lte=stage.order)
    for gate in passing:
        missing = missing_for(project, gate, user)
        if missing:
            raise ValidationError(
                f"{project.reference} cannot move to '{gate.name}': it needs " + "; ".join(missing) + ".",
                hint="Add and approve the named documents, or ask a programme lead to approve the move.",
                fields={"stage": "; ".join(missing)},
            )
    before = {"stage": project.stage.name if project.stage else None}
    project.stage = stage
    save_versioned(project, expected_version, fields=["stage"])
    audit.record(
        user,
        "project.move_stage",
        project,
        audit.changes_between(before, {"stage": stage.name}),
        reason=reason,
    )


def assess(
    user: Any,
    project: Project,
    *,
    rating: str,
    themes: dict[str, str],
    reason: str,
    as_of: dt.date | None = None,
) -> ConfidenceAssessment:
    """Record a delivery confidence rating: accepting careshift's suggestion, or overriding it (with a
    reason)."""
    check(user, "programme.edit_project", project)
    suggestion = status.suggestion_for(project, as_of)
    accepted = rating == suggestion.confidence.value
    if not accepted and not reason.strip():
        raise ValidationError(
            f"Say why you rate {project.reference} {ratings.Confidence(rating).label} rather than "
            "careshift's "
            f"suggested {suggestion.confidence.label}.",
            fields={"reason": "Give a reason for the override."},
        )
    previous = status.latest_assessment(project)
    trend = ratings.trend(
        ratings.Confidence(previous.rating) if previous else None, ratings.Confidence(rating)
    )
    assessment = ConfidenceAssessment.objects.create(
        project=project,
        rating=rating,
        trend=trend.value,
        themes=themes,
        reason=reason.strip() or "Accepted careshift's suggestion: " + "; ".join(suggestion.reasons),
        suggested=suggestion.confidence.value,
        suggested_reasons=list(suggestion.reasons),
        accepted_suggestion=accepted,
        assessed_by=user,
    )
    audit.record(
        user,
        "project.assess",
        project,
        {  # in words, as the audit page and the record's history show them
            "confidence": [
                ratings.Confidence(previous.rating).label if previous else None,
                ratings.Confidence(rating).label,
            ],
            "suggested": suggestion.confidence.label,
            "themes": themes,
        },
        reason=assessment.reason,
    )
    return assessment


def convert_to_issue(user: Any, item: RaidItem, *, reason: str = "") -> None:
    """A risk that has happened becomes an issue: the same record, so its history stays with it."""
    check(user, "programme.edit_project", item.project)
    if item.kind != RaidItem.Kind.RISK:
        raise ValidationError(
            f"{item.reference} is an {item.get_kind_display().lower()}, not a risk.",
            hint="Only risks can be converted into issues.",
        )
    item.kind = RaidItem.Kind.ISSUE
    item.converted_on = dt.date.today()
    item.save(update_fields=["kind", "converted_on"])
    audit.record(user, "raiditem.convert", item, {"kind": ["risk", "issue"]}, reason=reason)


def report_snapshot(report: StatusReport, as_of: dt.date | None = None) -> dict[str, Any]:
    """The report's data: frozen if locked, else assembled now from live records."""
    if report.locked and report.snapshot is not None:
        return report.snapshot
    day = as_of or min(dt.date.today(), _month_end(report.period))
    if report.project is not None:
        return status.project_snapshot(report.project, day, report.commentary)
    if report.workstream is not None:
        return status.workstream_snapshot(report.workstream, day, report.commentary)
    raise ValidationError("A status report is about a project or a workstream.")


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def start_report(user: Any, subject: Project | Workstream, period: dt.date) -> StatusReport:
    """The subject's report for the month of ``period`` (created as a draft if there is none)."""
    period = period.replace(day=1)
    if isinstance(subject, Project):
        check(user, "programme.edit_project", subject)
        programme = subject.workstream.programme
        report, created = StatusReport.objects.get_or_create(
            period=period, programme=programme, project=subject
        )
    else:
        check(user, "programme.manage")
        programme = subject.programme
        report, created = StatusReport.objects.get_or_create(
            period=period, programme=programme, workstream=subject
        )
    if created:
        audit.record(user, "report.create", report)
    return report


def review_report(user: Any, report: StatusReport) -> None:
    check(user, "programme.lock_report")
    _refuse_if_locked(report)
    report.status, report.reviewed_by, report.reviewed_at = StatusReport.Status.REVIEWED, user, timezone.now()
    report.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit.record(user, "report.review", report)


@transaction.atomic
def lock_report(user: Any, report: StatusReport) -> None:
    """Freeze the report: its snapshot is assembled now and never changes afterwards."""
    check(user, "programme.lock_report")
    _refuse_if_locked(report)
    report.snapshot = json.loads(json.dumps(report_snapshot(report), cls=DjangoJSONEncoder))
    report.status, report.locked_by, report.locked_at = StatusReport.Status.LOCKED, user, timezone.now()
    if report.reviewed_by is None:
        report.reviewed_by, report.reviewed_at = user, report.locked_at
    report.save()
    audit.record(user, "report.lock", report, {"confidence": report.snapshot.get("confidence")})


def _refuse_if_locked(report: StatusReport) -> None:
    if report.locked:
        raise ValidationError(
            f"{report} is locked: its snapshot cannot change.", hint="Start next month's report instead."
        )


@transaction.atomic
def start_board_pack(user: Any, programme: Programme, fmt: str) -> BoardPackFile:
    """Record a request for the board pack as ``fmt`` (pdf or docx) and queue the job that renders it
    (both or neither); a worker runs it and stores the document on the request."""
    from careshift.apps.jobs import services as job_services
    from careshift.apps.programme import jobs

    if fmt not in BoardPackFile.Format.values:
        raise ValidationError(
            f"A board pack is a PDF or a Word document, not {fmt!r}.",
            hint="Choose PDF or Word.",
            fields={"format": "Choose PDF or Word."},
        )
    request = BoardPackFile.objects.create(
        programme=programme, format=fmt, requested_by=user if user.is_authenticated else None
    )
    request.job = job_services.enqueue(
        jobs.BOARD_PACK,
        {"file": request.pk},
        owner=user,
        title=f"Board pack ({request.get_format_display()}): {programme.name}",
        url=request.get_absolute_url(),
    )
    request.save(update_fields=["job"])
    audit.record(user, "boardpack.render", programme, {"format": fmt, "job": request.job.pk})
    return request
