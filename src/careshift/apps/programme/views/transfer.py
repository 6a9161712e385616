"""Import a tracker (preview first; nothing saved until the whole file is valid) and export to XLSX."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from careshift.apps.accounts.permissions import permission_required
from careshift.apps.programme import export, tracker_save, transfer
from careshift.apps.programme.models import Programme
from careshift.errors import UploadError
from careshift.site.spreadsheets import web


class TrackerForm(web.UploadForm):
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.all(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
    )


@permission_required("programme.import")
@require_http_methods(["GET", "POST"])
def tracker_import(request: HttpRequest) -> HttpResponse:
    form = TrackerForm(request.POST or None, request.FILES or None)
    result, error = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = web.upload_bytes(upload)
            result = transfer.read(
                data, upload.name or "", form.cleaned_data["programme"], web.max_upload_bytes()
            )
        except UploadError as exc:
            error = exc
        if result is not None and result.is_valid and "confirm" in request.POST:
            counts = tracker_save.save(request.user, result, upload.name or "")
            messages.success(request, f"Imported: {result.summary()}")
            del counts
            return redirect(result.programme)
    return render(
        request,
        "programme/import.html",
        {"form": form, "result": result, "error": error, "max_mb": web.max_upload_bytes() / 1024 / 1024},
    )


@permission_required("programme.view")
def tracker_template(request: HttpRequest) -> HttpResponse:
    return web.attachment(export.template_workbook(), web.XLSX_TYPE, "programme-tracker-template.xlsx")


@permission_required("programme.view")
def programme_export(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    return web.attachment(export.workbook(programme), web.XLSX_TYPE, f"careshift-{slug}.xlsx")
