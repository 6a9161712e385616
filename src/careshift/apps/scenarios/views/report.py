"""One-click documents: a run's results and a comparison as PDF or Word (careshift.apps.scenarios.report).

Each is rendered while the person waits: the sample comparison takes well under the issue's 10 s (see
benchmarks/bench_documents.py), so a job would only add a page to wait on. The comparison document is
asked for with the compare page's own query string, so it documents exactly what is on the screen.
"""

from __future__ import annotations

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from careshift.apps.accounts import audit
from careshift.apps.accounts.permissions import permission_required
from careshift.apps.scenarios import compare as comparing
from careshift.apps.scenarios import headline, report, results, services
from careshift.apps.scenarios.forms import ResultsFilterForm
from careshift.apps.scenarios.models import Run
from careshift.apps.scenarios.views.runs import compare_form
from careshift.errors import NotFound, ValidationError
from careshift.site import documents


def form_problem(form: Form, document: str) -> ValidationError:
    """A refused query in words: each field's first error, and the fields for the API's error body."""
    fields = {name: str(errors[0]).rstrip(".") for name, errors in form.errors.items()}
    said = "; ".join(f"{name.replace('__all__', 'query')}: {text}" for name, text in fields.items())
    return ValidationError(
        f"The {document} cannot be made from this address: {said or 'nothing was chosen'}.",
        hint="Open the page, choose again, and use its PDF or Word link.",
        fields=fields,
    )


@permission_required("export_document")
@require_GET
def results_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The run's results as PDF or Word, for the locality, setting and headline year in the address (else
    the page's defaults)."""
    documents.check_format(fmt, "A results document", error=NotFound)
    run = services.get_run(pk)
    if run.status != Run.Status.SUCCEEDED:
        raise NotFound(f"Run {pk} has no results: it is {run.status}.", hint="Open the run page to see why.")
    form = _results_filters(request, run)
    if not form.is_valid():
        raise form_problem(form, "results document")
    year = headline.parse_year(run, request.GET.get("year"))
    doc = report.results_document(run, *form.choice(), year=year)
    content = report.render(doc, fmt)
    audit.record(request.user, "run.export", run, {"format": fmt, "document": "results"})
    return documents.attachment(content, fmt, report.file_name(doc, fmt))


def _results_filters(request: HttpRequest, run: Run) -> ResultsFilterForm:
    """The results page's filters from the address, the page's defaults for any not given."""
    options = results.options(run)
    blank = ResultsFilterForm(options=options)
    data = {name: request.GET.get(name) or blank.fields[name].initial for name in ("locality", "setting")}
    return ResultsFilterForm(data, options=options)


@permission_required("export_document")
@require_GET
def compare_document(request: HttpRequest, fmt: str) -> HttpResponse:
    """The comparison the compare page shows for the same query string, as PDF or Word."""
    documents.check_format(fmt, "A comparison document", error=NotFound)
    form = compare_form(request.GET)
    if not form.is_valid():
        raise form_problem(form, "comparison document")
    data = form.cleaned_data
    comparison = comparing.compare(
        list(data["scenarios"]), data["measure"], data["setting"], data["locality"], data["runs"]
    )
    if not comparison.runs:
        raise ValidationError(
            "None of the chosen scenarios has a finished run to compare.", hint="Run them, then compare."
        )
    doc = report.comparison_document(comparison)
    content = report.render(doc, fmt)
    runs = comparison.run_ids
    audit.record(request.user, "comparison.export", None, {"format": fmt, "runs": runs})
    return documents.attachment(content, fmt, report.file_name(doc, fmt))
