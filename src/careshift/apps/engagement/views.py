"""Staff pages: dashboard, stakeholder register, interactions and commitments, the meetings matrix and
its import, versioned documents, and the engagement calendar."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pandas as pd
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from careshift.apps.accounts import audit
from careshift.apps.accounts.permissions import check, has_permission, permission_required
from careshift.apps.engagement import calendar, matrix, membership
from careshift.apps.engagement.forms import (
    CommitmentForm,
    InteractionForm,
    PlanForm,
    StakeholderForm,
    VersionForm,
)
from careshift.apps.engagement.models import (
    Commitment,
    Consultation,
    Document,
    DocumentVersion,
    Interaction,
    PlannedItem,
    ScoreChange,
    Stakeholder,
)
from careshift.site.charts import ChartBlock, builders
from careshift.site.charts.titles import ChartTitle
from careshift.site.spreadsheets import web

FIELDS = [
    "name",
    "kind",
    "category_id",
    "organisation_id",
    "role_title",
    "email",
    "phone",
    "may_contact",
    "contact_permission_date",
    "lawful_basis",
    "interest",
    "influence",
    "notes",
]


def grid_chart() -> ChartBlock:
    table = pd.DataFrame(
        [
            {
                "stakeholder": s.name,
                "category": s.category.name,
                "interest": s.interest,
                "influence": s.influence,
                "quadrant": s.quadrant,
            }
            for s in Stakeholder.objects.select_related("category")
        ],
        columns=["stakeholder", "category", "interest", "influence", "quadrant"],
    )
    block = builders.scatter(
        builders.rows_of(table),
        title=ChartTitle("Power/interest grid", where="Stakeholder register"),
        x="interest",
        y="influence",
        x_unit="Interest",
        y_unit="Influence (power)",
        colour="category",
        domain=(0.5, 5.5),
        spread=0.25,
        label="stakeholder",
        id="power-interest",
        csv_url="?format=csv",
        description="Manage closely (top right), keep satisfied (top left), keep informed "
        "(bottom right), monitor (bottom left); Mendelow, 1991.",
    )
    return dataclasses.replace(block, table=table)  # the CSV keeps each stakeholder's quadrant


@permission_required("engagement.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    chart = grid_chart()
    if request.GET.get("format") == "csv":
        from careshift.site.charts import csv_response

        return csv_response(chart.table, "careshift-power-interest-grid.csv")
    return render(
        request,
        "engagement/dashboard.html",
        {
            "chart": chart,
            "stakeholders": Stakeholder.objects.select_related("category"),
            "commitments": Commitment.objects.filter(status="open").select_related("stakeholder", "owner")[
                :20
            ],
            "interactions": Interaction.objects.prefetch_related("stakeholders")[:10],
            "consultations": Consultation.objects.all(),
            "members": membership.members_count(),
            "documents": Document.objects.all(),
            "can_edit": has_permission(request.user, "engagement.edit_register"),
        },
    )


@permission_required("engagement.view")
def stakeholder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    stakeholder = get_object_or_404(Stakeholder.objects.select_related("category", "organisation"), pk=pk)
    return render(
        request,
        "engagement/stakeholder.html",
        {
            "s": stakeholder,
            "history": audit.history(stakeholder)[:20],
            "can_edit": has_permission(request.user, "engagement.edit_register"),
        },
    )


@permission_required("engagement.edit_register")
def stakeholder_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    stakeholder = get_object_or_404(Stakeholder, pk=pk) if pk else None
    # Read before validating: a ModelForm writes the posted values into its instance as it validates.
    before = audit.snapshot(stakeholder, FIELDS) if stakeholder else {}
    old_scores = (stakeholder.interest, stakeholder.influence) if stakeholder else None
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            if old_scores != (saved.interest, saved.influence):
                ScoreChange.objects.create(
                    stakeholder=saved,
                    interest=saved.interest,
                    influence=saved.influence,
                    note=form.cleaned_data["score_note"],
                    by=request.user,  # type: ignore[misc]
                )
            audit.record(
                request.user,
                "stakeholder.update" if stakeholder else "stakeholder.create",
                saved,
                audit.changes_between(before, audit.snapshot(saved, FIELDS)),
            )
        messages.success(request, f"Saved {saved}.")
        return redirect("engagement:stakeholder", pk=saved.pk)
    return render(
        request,
        "engagement/form.html",
        {"form": form, "title": f"Edit {stakeholder}" if stakeholder else "New stakeholder"},
    )


def _simple_create(request: HttpRequest, form_class: type, title: str, action: str, user_field: str = ""):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if user_field:
            setattr(obj, user_field, request.user)
        obj.save()
        form.save_m2m()
        audit.record(request.user, action, obj)
        messages.success(request, "Saved.")
        return redirect("engagement:dashboard")
    return render(request, "engagement/form.html", {"form": form, "title": title})


@permission_required("engagement.edit_register")
def interaction_new(request: HttpRequest) -> HttpResponse:
    return _simple_create(request, InteractionForm, "Log an interaction", "interaction.create", "recorded_by")


@permission_required("engagement.edit_register")
def commitment_new(request: HttpRequest) -> HttpResponse:
    return _simple_create(request, CommitmentForm, "Record a commitment", "commitment.create")


@permission_required("engagement.view")
def matrix_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first = _month_param(request.GET.get("from"), today.replace(day=1))
    last = _month_param(request.GET.get("to"), first + timedelta(days=160))
    if request.GET.get("format") in ("csv", "xlsx"):
        from careshift.site.spreadsheets import Table

        export_rows: list[dict[str, object]] = [
            {"stakeholder": a.stakeholder.name, "month": a.month, "detail": a.detail}
            for a in matrix.Activity.objects.select_related("stakeholder")
        ]
        return web.table_response(
            Table(matrix.ACTIVITIES, export_rows), request.GET["format"], "careshift", "meetings-matrix"
        )
    months, rows = matrix.matrix(first, last)
    form = web.UploadForm()
    return render(
        request,
        "engagement/matrix.html",
        {
            "months": months,
            "rows": rows,
            "form": form,
            "first": first,
            "last": last,
            "can_edit": has_permission(request.user, "engagement.edit_register"),
        },
    )


def _month_param(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(f"{value}-01") if value else default
    except ValueError:
        return default


@permission_required("engagement.edit_register")
def matrix_import(request: HttpRequest) -> HttpResponse:
    form = web.UploadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = web.preview_upload(form.cleaned_data["file"], matrix.ACTIVITIES)
        if preview.is_valid:
            counts = matrix.apply_import(list(preview.records))
            audit.record(request.user, "activities.import", None, counts)
            messages.success(
                request, "Imported: {created} new, {updated} changed, {unchanged} unchanged.".format(**counts)
            )
            return redirect("engagement:matrix")
    return render(request, "engagement/matrix_import.html", {"form": form, "preview": preview})


@permission_required("engagement.view")
def matrix_template(request: HttpRequest, fmt: str) -> HttpResponse:
    return web.template_response(matrix.ACTIVITIES, fmt)


@permission_required("engagement.view")
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    return render(
        request,
        "engagement/document.html",
        {
            "document": document,
            "versions": document.versions.all(),
            "can_edit": has_permission(request.user, "engagement.edit_register"),
        },
    )


@permission_required("engagement.edit_register")
def document_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk) if pk else None
    current = document.current if document else None
    initial = (
        {"title": document.title, "kind": document.kind, "body": current.body if current else ""}
        if document
        else {}
    )
    form = VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if document is None:
                document = Document.objects.create(
                    title=form.cleaned_data["title"], kind=form.cleaned_data["kind"]
                )
            number = (current.number if current else 0) + 1
            DocumentVersion.objects.create(
                document=document,
                number=number,
                body=form.cleaned_data["body"],
                note=form.cleaned_data["note"],
                created_by=request.user,  # type: ignore[misc]
            )
            audit.record(request.user, "document.update", document, {"version": number})
        return redirect("engagement:document", pk=document.pk)
    return render(
        request,
        "engagement/form.html",
        {"form": form, "title": "New version" if document else "New document"},
    )


@permission_required("engagement.view")
def calendar_view(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    assessment = None
    if request.method == "POST" and form.is_valid():
        check(request.user, "engagement.plan_calendar")
        d = form.cleaned_data
        assessment = calendar.assess(d["kind"], d["start"], d["end"], d["areas"])
        reason = d["override_reason"].strip()
        if assessment.blocked and reason:
            check(request.user, "engagement.override_calendar")
        if not assessment.blocked or reason:
            item = form.save(commit=False)
            item.created_by = request.user
            item.save()
            audit.record(
                request.user, "plan.create", item, {"conflicts": len(assessment.conflicts)}, reason=reason
            )
            messages.success(
                request, f"Planned {item}" + (" with an override." if assessment.blocked else ".")
            )
            return redirect("engagement:calendar")
    today = timezone.localdate()
    return render(
        request,
        "engagement/calendar.html",
        {
            "form": form,
            "assessment": assessment,
            "items": PlannedItem.objects.filter(end__gte=today),
            "windows": calendar.upcoming(today, today + timedelta(days=365)),
        },
    )
