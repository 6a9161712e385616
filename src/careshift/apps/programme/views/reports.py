"""Status reports (draft from live data, reviewed, locked as a snapshot) and the board pack."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from careshift.analysis.programme import ratings, snapshots
from careshift.apps.accounts import audit
from careshift.apps.accounts.permissions import check, has_permission, permission_required
from careshift.apps.programme import boardpack, services
from careshift.apps.programme import forms as f
from careshift.apps.programme.models import BoardPackFile, Programme, Project, StatusReport, Workstream
from careshift.apps.programme.views.records import refuse_conflict
from careshift.errors import ConflictError, NotFound, ValidationError
from careshift.site import documents
from careshift.site.concurrency import save_versioned


def _previous(report: StatusReport) -> StatusReport | None:
    lookup = {"project": report.project} if report.project else {"workstream": report.workstream}
    return (
        StatusReport.objects.filter(status=StatusReport.Status.LOCKED, period__lt=report.period, **lookup)
        .order_by("-period")
        .first()
    )


@permission_required("programme.view")
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(StatusReport, pk=pk)
    form = f.CommentaryForm(initial={"commentary": report.commentary, "version": report.version})
    return _report_page(request, report, form)


def _report_page(
    request: HttpRequest, report: StatusReport, form: f.CommentaryForm, status: int = 200
) -> HttpResponse:
    report = StatusReport.objects.select_related(
        "project__workstream", "workstream", "programme", "locked_by", "reviewed_by"
    ).get(pk=report.pk)
    data = services.report_snapshot(report)
    previous = _previous(report)
    changes = snapshots.diff(previous.snapshot if previous else None, data)
    subject = report.subject
    can_edit = (
        has_permission(request.user, "programme.edit_project", subject)
        if report.project
        else has_permission(request.user, "programme.manage")
    )
    return render(
        request,
        "programme/report.html",
        {
            "report": report,
            "data": data,
            "previous": previous,
            "changes": changes,
            "form": form,
            "confidence": ratings.Confidence(data["confidence"]).label,
            "history": audit.history(report)[:20],
            "can": {
                "edit": can_edit and not report.locked,
                "lock": has_permission(request.user, "programme.lock_report") and not report.locked,
            },
        },
        status=status,
    )


@permission_required("programme.view")
@require_POST
def report_start(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    subject = get_object_or_404(Project, pk=pk) if kind == "project" else get_object_or_404(Workstream, pk=pk)
    form = f.ReportForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Give the reporting month as a date.", fields={"period": "Enter a date."})
    report = services.start_report(request.user, subject, form.cleaned_data["period"])
    return redirect(report)


@permission_required("programme.view")
@require_POST
def report_commentary(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(StatusReport, pk=pk)
    check(request.user, "programme.edit_project" if report.project else "programme.manage", report.project)
    if report.locked:
        raise ValidationError(
            f"{report} is locked: its snapshot cannot change.", hint="Start next month's report."
        )
    form = f.CommentaryForm(request.POST)
    if form.is_valid():
        before = {"commentary": report.commentary}
        report.commentary = form.cleaned_data["commentary"]
        try:
            save_versioned(report, form.opened_version(), fields=["commentary"])
        except ConflictError as err:
            refuse_conflict(form, err, report, "status report")
            return _report_page(request, report, form, status=err.status_code)
        audit.record(
            request.user,
            "report.update",
            report,
            audit.changes_between(before, {"commentary": report.commentary}),
        )
        messages.success(request, "Commentary saved.")
    return redirect(report)


@permission_required("programme.lock_report")
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(StatusReport, pk=pk)
    services.review_report(request.user, report)
    messages.success(request, "Marked as reviewed.")
    return redirect(report)


@permission_required("programme.lock_report")
@require_POST
def report_lock(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(StatusReport, pk=pk)
    services.lock_report(request.user, report)
    messages.success(request, f"{report} locked: its snapshot is frozen for the board.")
    return redirect(report)


@permission_required("programme.view")
def board_pack(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    pack = boardpack.build(programme)
    body = boardpack.render(pack, "html").decode()
    files = programme.pack_files.select_related("job", "requested_by").defer("content")[:5]
    return render(
        request,
        "programme/board_pack.html",
        {"programme": programme, "pack": pack, "body": body, "files": files},
    )


@permission_required("programme.view")
@require_http_methods(["GET"])
def board_pack_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    documents.check_format(fmt, "A board pack")
    content = boardpack.render(boardpack.build(programme), fmt)
    audit.record(request.user, "boardpack.export", programme, {"format": fmt})
    return documents.attachment(content, fmt, boardpack.file_name(programme, fmt))


@permission_required("programme.view")
@require_POST
def board_pack_render(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue the board pack's rendering as PDF or Word; its page shows the job's progress."""
    programme = get_object_or_404(Programme, slug=slug)
    pack_file = services.start_board_pack(request.user, programme, request.POST.get("format", ""))
    messages.success(request, f"Rendering the board pack as {pack_file.get_format_display()}.")
    return redirect(pack_file)


def _pack_file(pk: int) -> BoardPackFile:
    return get_object_or_404(BoardPackFile.objects.select_related("programme", "job", "requested_by"), pk=pk)


@permission_required("programme.view")
def pack_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A rendered board pack: progress while its job runs (HTMX polls the partial), then the download."""
    item = _pack_file(pk)
    context = {"file": item, "job": item.job, "programme": item.programme}
    partial = request.headers.get("HX-Request") == "true"
    return render(request, "programme/_pack_file.html" if partial else "programme/pack_file.html", context)


@permission_required("programme.view")
def pack_file_download(request: HttpRequest, pk: int) -> HttpResponse:
    item = _pack_file(pk)
    if not item.ready:
        raise NotFound(
            f"The board pack {item} is not ready ({item.status}).",
            hint="Wait for its job to finish on this page, or render it again.",
        )
    audit.record(request.user, "boardpack.export", item.programme, {"format": item.format, "file": item.pk})
    return documents.attachment(bytes(item.content or b""), item.format, item.file_name)
