"""Reading pages: the dashboard, a programme, a workstream, a project, my actions and the board calendar."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from careshift.apps.accounts import audit
from careshift.apps.accounts.permissions import has_permission, permission_required
from careshift.apps.programme import freshness, overview
from careshift.apps.programme.models import Action, Programme, Project, StatusReport, Workstream
from careshift.site.charts import csv_response


def _can(request: HttpRequest, obj: object = None) -> dict[str, bool]:
    actions = ("edit_project", "create_project", "manage", "approve", "lock_report", "import")
    return {a: has_permission(request.user, f"programme.{a}", obj) for a in actions}


@permission_required("programme.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    programmes = [overview.cached_overview(p, with_charts=False) for p in Programme.objects.all()]
    return render(request, "programme/dashboard.html", {"programmes": programmes, "can": _can(request)})


@permission_required("programme.view")
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    context = {"figures": _figures(programme), "programme": programme, "can": _can(request)}
    return render(request, "programme/programme.html", context)


def _figures(programme: Programme) -> SafeString:
    """The programme page's savings, charts, escalated risks and reports due (the same for everyone who
    may read it), rendered once while its data is unchanged."""

    def make() -> SafeString:
        view = overview.cached_overview(programme)
        context = {"view": view, "programme": programme}
        return mark_safe(render_to_string("programme/_programme_figures.html", context))

    return freshness.remember(("programme-figures", programme.pk), make)


@permission_required("programme.view")
def programme_chart_csv(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    for chart in overview.cached_overview(programme).charts:
        if chart.id == name:
            return csv_response(chart.table, f"{slug}-{name}.csv")
    raise Http404("No such chart")


@permission_required("programme.view")
def workstream_detail(request: HttpRequest, slug: str, ws: str) -> HttpResponse:
    workstream = get_object_or_404(
        Workstream.objects.select_related("programme", "lead"), programme__slug=slug, slug=ws
    )
    rows = overview.workstream_rows(workstream, dt.date.today())
    reports = workstream.reports.all()[:12]
    return render(
        request,
        "programme/workstream.html",
        {
            "workstream": workstream,
            "programme": workstream.programme,
            "rows": rows,
            "reports": reports,
            "escalated": overview.workstream_escalated(workstream),
            "can": _can(request, workstream),
        },
    )


@permission_required("programme.view")
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(overview.project_queryset(), pk=pk)
    context = {
        "project": project,
        "programme": project.workstream.programme,
        "view": overview.project_view(project),
        "milestones": project.milestones.all(),
        "actions": project.actions.select_related("owner"),
        "decisions": project.decisions.all(),
        "raid": project.raid_items.select_related("owner"),
        "benefits": project.benefits.prefetch_related("values").select_related("owner"),
        "costs": project.resource_costs.all(),
        "artefacts": project.artefacts.all(),
        "reports": project.reports.select_related("locked_by")[:12],
        "history": audit.history(project)[:30],
        "can": _can(request, project),
        "today": dt.date.today(),
    }
    return render(request, "programme/project.html", context)


@permission_required("programme.view")
def project_chart_csv(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    project = get_object_or_404(overview.project_queryset(), pk=pk)
    for chart in overview.project_view(project).charts:
        if chart.id == name:
            return csv_response(chart.table, f"{project.reference}-{name}.csv")
    raise Http404("No such chart")


@permission_required("programme.view")
def my_actions(request: HttpRequest) -> HttpResponse:
    """The signed-in person's open actions (overdue first), and the projects they own or work on."""
    actions = (
        Action.objects.filter(owner_id=request.user.pk, status=Action.Status.OPEN)
        .select_related("project__workstream__programme")
        .order_by("due")
    )
    projects = (
        Project.objects.filter(owner_id=request.user.pk)
        | Project.objects.filter(assignees__pk=request.user.pk)  # type: ignore[misc]
    ).distinct()
    return render(
        request,
        "programme/my_actions.html",
        {"actions": actions, "projects": projects.select_related("workstream"), "today": dt.date.today()},
    )


@permission_required("programme.view")
def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    today = dt.date.today()
    meetings = programme.meetings.all()
    upcoming = [m for m in meetings if m.date >= today]
    due_period = (upcoming[0].papers_due if upcoming else today).replace(day=1)
    return render(
        request,
        "programme/calendar.html",
        {
            "programme": programme,
            "meetings": meetings,
            "today": today,
            "due_period": due_period,
            "due": overview.reports_due(programme, due_period),
            "locked": StatusReport.objects.filter(
                programme=programme, period=due_period, status=StatusReport.Status.LOCKED
            ).count(),
            "can": _can(request),
        },
    )
