"""Editing a project and its records: one generic add/edit/delete view for each kind of record, plus the
savings months grid, lifecycle stage moves, confidence ratings and risk-to-issue conversion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from careshift.analysis.programme import savings
from careshift.apps.accounts import audit
from careshift.apps.accounts.permissions import check, permission_required
from careshift.apps.programme import forms as f
from careshift.apps.programme import models as m
from careshift.apps.programme import services, status
from careshift.errors import ConflictError, ValidationError
from careshift.site.concurrency import current_version, save_versioned


@dataclass(frozen=True)
class Kind:
    model: type[models.Model]
    form: type[f.RecordForm]
    label: str
    anchor: str


KINDS: dict[str, Kind] = {
    "milestone": Kind(m.Milestone, f.MilestoneForm, "milestone", "milestones"),
    "action": Kind(m.Action, f.ActionForm, "action", "actions"),
    "decision": Kind(m.Decision, f.DecisionForm, "decision", "decisions"),
    "raid": Kind(m.RaidItem, f.RaidForm, "RAID item", "raid"),
    "savings": Kind(m.SavingsLine, f.SavingsLineForm, "savings line", "savings"),
    "benefit": Kind(m.Benefit, f.BenefitForm, "benefit", "benefits"),
    "benefit-value": Kind(m.BenefitValue, f.BenefitValueForm, "benefit measurement", "benefits"),
    "cost": Kind(m.ResourceCost, f.ResourceCostForm, "resource costing", "costs"),
    "artefact": Kind(m.Artefact, f.ArtefactForm, "document", "gateway"),
}


def _kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise Http404(f"No kind of record called {name!r}") from None


def _project(pk: int) -> m.Project:
    return get_object_or_404(m.Project.objects.select_related("workstream__programme"), pk=pk)


def _instance(kind: Kind, project: m.Project, item: int) -> Any:
    lookup = {"benefit__project": project} if kind.model is m.BenefitValue else {"project": project}
    return get_object_or_404(kind.model, pk=item, **lookup)


def _apply_phasing(line: m.SavingsLine, form: forms.BaseForm) -> None:
    total, year = form.cleaned_data.get("annual_plan"), form.cleaned_data.get("phase_year")
    if total is None or year is None:
        return
    for month, value in savings.phase_evenly(float(total), year).items():
        m.SavingsMonth.objects.update_or_create(line=line, month=month, defaults={"plan": value})


def refuse_conflict(form: forms.BaseForm, err: ConflictError, instance: Any, label: str) -> None:
    """Someone else saved (or deleted) the record first: say so above the form, which keeps what this
    person typed, and take on the saved version so that a second, deliberate save replaces theirs."""
    saved = current_version(instance)
    if saved is None:
        form.add_error(
            None,
            f"Someone else deleted this {label} after you opened it, so your changes cannot be saved. "
            "They are still in the form: copy what you need, then go back to the project.",
        )
    else:
        form.add_error(None, f"{err.message} {err.hint}")
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
    data[form.add_prefix("version")] = "" if saved is None else str(saved)
    form.data = data


@permission_required("programme.view")
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, pk: int, kind: str, item: int | None = None) -> HttpResponse:
    """Add (``item`` is None) or edit one record of a project."""
    project, spec = _project(pk), _kind(kind)
    check(request.user, "programme.edit_project", project)
    if spec.model is m.Artefact and request.method == "POST" and request.POST.get("approved"):
        check(request.user, "programme.approve")
    instance = (
        _instance(spec, project, item)
        if item is not None
        else spec.model(**({} if spec.model is m.BenefitValue else {"project": project}))
    )
    before = None if item is None else audit.snapshot(instance, services.audited_fields(instance))
    form = spec.form(request.POST or None, instance=instance, project=project)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                record = form.save(commit=False)
                services.save(
                    request.user,
                    record,
                    before,
                    reason=form.cleaned_data.get("reason", ""),
                    expected_version=form.opened_version(),
                )
                form.save_m2m()
                if isinstance(record, m.SavingsLine):
                    _apply_phasing(record, form)
        except ConflictError as err:
            refuse_conflict(form, err, instance, spec.label)
            status = err.status_code
        else:
            messages.success(request, f"{spec.label.capitalize()} saved.")
            return redirect(f"{project.get_absolute_url()}#{spec.anchor}")
    history = audit.history(instance)[:20] if item is not None else []
    return render(
        request,
        "programme/record_form.html",
        {
            "project": project,
            "form": form,
            "kind": spec,
            "kind_name": kind,
            "item": item,
            "history": history,
            "item_version": getattr(instance, "version", None) if item is not None else None,
        },
        status=status,
    )


@permission_required("programme.view")
@require_POST
def record_delete(request: HttpRequest, pk: int, kind: str, item: int) -> HttpResponse:
    project, spec = _project(pk), _kind(kind)
    check(request.user, "programme.edit_project", project)
    raw = request.POST.get("version", "")
    if raw and not raw.isdigit():
        raise ValidationError(f"Version {raw[:20]!r} is not a number.", hint="Reload the page and try again.")
    try:
        services.delete(
            request.user,
            _instance(spec, project, item),
            reason=request.POST.get("reason", ""),
            expected_version=int(raw) if raw else None,
        )
    except ConflictError as err:
        messages.error(request, f"{err.message} {err.hint}")
        return redirect("programme:record_edit", pk=project.pk, kind=kind, item=item)
    messages.success(request, f"{spec.label.capitalize()} deleted.")
    return redirect(f"{project.get_absolute_url()}#{spec.anchor}")


@permission_required("programme.view")
@require_http_methods(["GET", "POST"])
def savings_months(request: HttpRequest, pk: int, item: int, year: int) -> HttpResponse:
    """The monthly plan and actuals of one savings line for one financial year."""
    project = _project(pk)
    check(request.user, "programme.edit_project", project)
    line = get_object_or_404(m.SavingsLine, pk=item, project=project)
    form = f.MonthsForm(request.POST or None, line=line, year=year)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            _save_months(request.user, line, form)
        except ConflictError as err:
            refuse_conflict(form, err, line, "savings line")
            status = err.status_code
        else:
            messages.success(request, f"Savings for {line.reference} in {savings.fy_label(year)} saved.")
            return redirect(f"{project.get_absolute_url()}#savings")
    return render(
        request,
        "programme/savings_months.html",
        {
            "project": project,
            "line": line,
            "form": form,
            "year": year,
            "fy": savings.fy_label(year),
            "previous": year - 1,
            "next": year + 1,
        },
        status=status,
    )


@transaction.atomic
def _save_months(user: Any, line: m.SavingsLine, form: f.MonthsForm) -> None:
    """Write the grid's changed months and bump the line's version (refused if it moved on since the
    grid was opened; the transaction then writes nothing)."""
    changes = {}
    existing = {r.month: r for r in line.months.filter(month__in=form.months)}
    for month, (plan, actual) in form.values().items():
        row = existing.get(month) or m.SavingsMonth(line=line, month=month)
        unchanged = (row.plan, row.actual) == (plan, actual)
        if (row.pk is None and not plan and actual is None) or unchanged:
            continue
        changes[f"{month:%b %Y}"] = [
            f"plan {row.plan}, actual {row.actual}" if row.pk else None,
            f"plan {plan}, actual {actual}",
        ]
        row.plan, row.actual = plan, actual
        row.save()
    if changes:
        save_versioned(line, form.opened_version(), fields=[])
        audit.record(user, "savingsline.update", line, changes, reason=form.cleaned_data["reason"])


@permission_required("programme.view")
@require_http_methods(["GET", "POST"])
def move_stage(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    check(request.user, "programme.edit_project", project)
    form = f.StageForm(request.POST or None, project=project)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.move_stage(
                request.user,
                project,
                form.cleaned_data["stage"],
                reason=form.cleaned_data["reason"],
                expected_version=form.opened_version(),
            )
        except ConflictError as err:
            refuse_conflict(form, err, project, "project")
            status = err.status_code
        except ValidationError as exc:
            form.add_error("stage", exc.message)
        else:
            messages.success(request, f"{project.reference} moved to {project.stage}.")
            return redirect(f"{project.get_absolute_url()}#gateway")
    gates = [
        (s, services.missing_for(project, s, request.user)) for s in project.workstream.programme.stages.all()
    ]
    return render(
        request,
        "programme/stage_form.html",
        {"project": project, "form": form, "gates": gates},
        status=status,
    )


@permission_required("programme.view")
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(pk)
    check(request.user, "programme.edit_project", project)
    suggestion = status.suggestion_for(project)
    initial = {"rating": suggestion.confidence.value}
    form = f.AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assess(
                request.user,
                project,
                rating=form.cleaned_data["rating"],
                themes=form.themes(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error("reason", exc.message)
        else:
            messages.success(request, f"Delivery confidence for {project.reference} recorded.")
            return redirect(project)
    return render(
        request, "programme/assess.html", {"project": project, "form": form, "suggestion": suggestion}
    )


@permission_required("programme.view")
@require_POST
def convert_risk(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    project = _project(pk)
    risk = get_object_or_404(m.RaidItem, pk=item, project=project)
    services.convert_to_issue(request.user, risk, reason=request.POST.get("reason", ""))
    messages.success(request, f"{risk.reference} is now an issue; its history is kept.")
    return redirect(f"{project.get_absolute_url()}#raid")


@permission_required("programme.view")
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, slug: str | None = None, pk: int | None = None) -> HttpResponse:
    """Create a project in a programme (``slug``) or edit one (``pk``)."""
    if pk is not None:
        project = _project(pk)
        programme = project.workstream.programme
        check(request.user, "programme.edit_project", project)
        before: dict[str, Any] | None = audit.snapshot(project, services.audited_fields(project))
    else:
        programme = get_object_or_404(m.Programme, slug=slug)
        project, before = m.Project(stage=programme.stages.first()), None
    form = f.ProjectForm(request.POST or None, instance=project, programme=programme)
    status = 200
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        if pk is None:
            check(request.user, "programme.create_project", record.workstream)
        try:
            with transaction.atomic():
                services.save(
                    request.user,
                    record,
                    before,
                    reason=form.cleaned_data.get("reason", ""),
                    expected_version=form.opened_version(),
                )
                form.save_m2m()
        except ConflictError as err:
            refuse_conflict(form, err, project, "project")
            status = err.status_code
        else:
            messages.success(request, f"Project {record.reference} saved.")
            return redirect(record)
    if pk is None:
        check(request.user, "programme.create_project")
    return render(
        request,
        "programme/project_form.html",
        {"form": form, "project": project if pk else None, "programme": programme},
        status=status,
    )


@permission_required("programme.manage")
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(m.Programme, slug=slug)
    form = f.MeetingForm(request.POST or None, instance=m.BoardMeeting(programme=programme))
    if request.method == "POST" and form.is_valid():
        services.save(request.user, form.save(commit=False), None, reason=form.cleaned_data["reason"])
        messages.success(request, "Board meeting added.")
        return redirect("programme:calendar", slug=slug)
    return render(
        request,
        "programme/simple_form.html",
        {"form": form, "title": "Add a board meeting", "programme": programme},
    )
