"""The comparison as CSV (one table) or XLSX (all its tables), for the compare page's own query string."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from careshift.apps.accounts.permissions import permission_required
from careshift.apps.scenarios import compare as comparing
from careshift.apps.scenarios import compare_exports
from careshift.apps.scenarios.views.report import form_problem
from careshift.apps.scenarios.views.runs import compare_form
from careshift.errors import NotFound, ValidationError
from careshift.site.spreadsheets import web as spreadsheets


@permission_required("view")
@require_GET
def compare_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """``download.xlsx`` (every table) or ``download.csv?table=comparison|levers|runs``."""
    if fmt not in ("csv", "xlsx"):
        raise NotFound(f"There is no {fmt!r} download of a comparison.", hint="Download as csv or xlsx.")
    name = request.GET.get("table", "comparison") if fmt == "csv" else ""
    if fmt == "csv" and name not in compare_exports.TABLES:
        raise NotFound(
            f"There is no {name!r} table.", hint=f"Download one of {', '.join(compare_exports.TABLES)}."
        )
    form = compare_form(request.GET)
    if not form.is_valid():
        raise form_problem(form, "comparison download")
    data = form.cleaned_data
    comparison = comparing.compare(
        list(data["scenarios"]), data["measure"], data["setting"], data["locality"], data["runs"]
    )
    if not comparison.runs:
        raise ValidationError(
            "None of the chosen scenarios has a finished run to compare.", hint="Run them, then compare."
        )
    if fmt == "xlsx":
        content = compare_exports.xlsx(comparison)
        return spreadsheets.attachment(
            content, spreadsheets.XLSX_TYPE, compare_exports.filename(comparison, fmt)
        )
    table = compare_exports.table(comparison, name)
    return spreadsheets.csv_response(table, compare_exports.filename(comparison, fmt, name))
