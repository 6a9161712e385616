"""Board-ready documents (issue 9): a run's results and a comparison as PDF and Word, from links on the
results and compare pages that carry the page's own query string; a bad address is explained."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import docx
import pypdf
import pytest
from django.test import Client

from careshift.apps.accounts.models import AuditEvent
from careshift.apps.scenarios import method, report, services
from careshift.apps.scenarios.models import Run

pytestmark = pytest.mark.django_db
LEVERS = ("Prevention for over-65s", "Virtual wards", "Reablement after discharge")


def pdf_text(content: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def word_text(content: bytes) -> tuple[str, Any]:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells]), document


@pytest.fixture
def two(succeeded_run: Run, run_scenario: Callable[..., Any]) -> tuple[Run, Run]:
    from careshift.model.scenario import sample_scenarios

    nothing = services.create_scenario(
        None, name="Do nothing", spec=sample_scenarios()["do-nothing"].model_dump(mode="json")
    )
    return run_scenario(nothing), succeeded_run


def _compare_query(*runs: Run, **extra: str) -> str:
    slugs = [run.scenario.slug for run in runs]
    return urlencode({"scenarios": slugs, "order": ",".join(slugs), "measure": "cost", **extra}, doseq=True)


def test_the_results_pdf_has_the_scenario_run_flag_levers_charts_and_sources(
    viewer_client: Client, succeeded_run: Run
) -> None:
    response = viewer_client.get(f"/scenarios/runs/{succeeded_run.pk}/document.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"care-closer-to-home-run-{succeeded_run.pk}-results-" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Care closer to home: results" in text and f"Run {succeeded_run.pk}," in text
    assert "Illustrative: this scenario's numbers are illustrative assumptions" in text
    assert all(lever in text for lever in LEVERS), text[:2000]
    assert "Lever: Virtual wards" in text and "of the cohort" in text and "full effect by" in text
    assert "The answer in 20" in text and "Savings" in text  # the headline panel
    assert "Every bed setting in 20" in text and "Beds against doing nothing" in text
    assert "Every chart's measures in the horizon year" in text
    assert "Cost · Whole county · scenario: Care closer to home" in text  # a chart's full title
    assert "Caveats" in text and "Sources" in text and "Savings target" in text
    assert "The data pack's estimates SYNTHETIC" in text  # (the synthetic pack gives none)
    event = AuditEvent.objects.get(action="run.export")
    assert event.object_id == str(succeeded_run.pk) and event.changes["format"] == "pdf"


def test_the_results_word_document_has_the_same_and_the_charts_as_pictures(
    viewer_client: Client, succeeded_run: Run
) -> None:
    response = viewer_client.get(f"/scenarios/runs/{succeeded_run.pk}/document.docx")
    assert response["Content-Type"].endswith("wordprocessingml.document")
    text, document = word_text(response.content)
    assert "Care closer to home: results" in text and "Illustrative" in text
    assert all(lever in text for lever in LEVERS)
    doc = report.results_document(succeeded_run)
    assert len(document.inline_shapes) == len(doc.specs)  # the main charts (the synthetic pack has no winter)
    assert {"beds", "turn_away", "workforce", "cost", "savings"} <= set(doc.specs) <= set(report.MAIN_CHARTS)
    assert {"activity", "waterfall_activity"} <= {c.key for c in doc.charts if not c.drawn}
    assert "More figures" in text and "What drove the change in activity by the horizon year" in text


def test_the_results_document_follows_the_locality_and_setting_in_the_address(succeeded_run: Run) -> None:
    from careshift.apps.scenarios import engine

    code, name = engine.pack_choices()["localities"][0]
    doc = report.results_document(succeeded_run, code, "acute_beds")
    body = report.render(doc, "html").decode()
    assert f"Figures for {name}, " in body
    assert f"Beds: occupied on an average day, needed, and planned · {name}" in body


def test_the_results_page_links_both_documents_with_its_filters(
    viewer_client: Client, succeeded_run: Run
) -> None:
    base = f"/scenarios/runs/{succeeded_run.pk}"
    html = viewer_client.get(f"{base}/results/").content.decode()
    assert f'href="{base}/document.pdf" download id="document-pdf">PDF</a>' in html
    assert f'href="{base}/document.docx" download id="document-docx">Word</a>' in html
    partial = viewer_client.get(
        f"{base}/results/", {"locality": "county", "setting": "acute_beds"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f'href="{base}/document.pdf?locality=county&amp;setting=acute_beds"' in partial


def test_the_results_document_has_the_headline_for_the_year_in_the_address(
    viewer_client: Client, succeeded_run: Run
) -> None:
    from careshift.apps.scenarios import headline

    year = headline.run_years(succeeded_run)[2]
    doc = report.results_document(succeeded_run, year=year)
    assert doc.headline is not None and doc.headline.year == year
    assert f"The answer in {year}</h2>" in report.render(doc, "html").decode()
    page = viewer_client.get(f"/scenarios/runs/{succeeded_run.pk}/results/", {"year": year})
    assert f"/document.pdf?year={year}" in page.content.decode()  # the link keeps the year


def test_a_bad_results_address_is_explained(viewer_client: Client, succeeded_run: Run) -> None:
    base = f"/scenarios/runs/{succeeded_run.pk}/document"
    year = viewer_client.get(f"{base}.docx", {"year": "1066"})
    assert year.status_code == 400 and "There are no results for &#x27;1066&#x27;" in year.content.decode()
    bad = viewer_client.get(f"{base}.pdf", {"locality": "atlantis"})
    assert bad.status_code == 400
    assert "The results document cannot be made from this address: locality:" in bad.content.decode()
    assert viewer_client.get(f"{base}.exe").status_code == 404
    assert "A results document is a PDF or a Word" in viewer_client.get(f"{base}.exe").content.decode()
    assert viewer_client.get("/scenarios/runs/99999/document.pdf").status_code == 404
    anonymous = Client().get(f"{base}.pdf")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_a_run_without_results_has_no_document(viewer_client: Client, scenario: Any) -> None:
    queued = services.start_run(None, scenario, iterations=4, seed=7)
    response = viewer_client.get(f"/scenarios/runs/{queued.pk}/document.pdf")
    assert response.status_code == 404 and "has no results" in response.content.decode()


def test_the_comparison_pdf_documents_exactly_what_the_compare_page_shows(
    viewer_client: Client, two: tuple[Run, Run]
) -> None:
    nothing, care = two
    query = _compare_query(nothing, care)
    page = viewer_client.get(f"/scenarios/compare/?{query}")
    html = page.content.decode()
    link = f'href="/scenarios/compare/document.pdf?{query.replace("&", "&amp;")}"'
    assert link in html  # the same query string as the page
    response = viewer_client.get(f"/scenarios/compare/document.pdf?{query}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert f"comparison-runs-{nothing.pk}-{care.pk}-" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Comparison: Do nothing vs Care closer to home" in text
    assert f"Run {nothing.pk}" in text and f"Run {care.pk}" in text and "Runs used" in text
    assert "Differences from Do nothing" in text
    assert "illustrative assumptions, not agreed plans (Do nothing, Care closer to home)" in text
    assert all(lever in text for lever in LEVERS)
    comparison = page.context["comparison"]
    assert all(cell in text for cell in comparison.rows[-1][2:5])  # the page's figures
    event = AuditEvent.objects.get(action="comparison.export")
    assert event.changes["runs"] == f"{nothing.pk},{care.pk}"


def test_the_comparison_word_document(viewer_client: Client, two: tuple[Run, Run]) -> None:
    nothing, care = two
    response = viewer_client.get(f"/scenarios/compare/document.docx?{_compare_query(nothing, care)}")
    text, document = word_text(response.content)
    assert "Comparison: Do nothing vs Care closer to home" in text and "Lever: Virtual wards" in text
    assert f"Care closer to home (run {care.pk})" in text and "Savings target" in text
    assert len(document.inline_shapes) == 1


def test_a_bad_comparison_address_is_explained(viewer_client: Client, two: tuple[Run, Run]) -> None:
    nothing, care = two
    one = viewer_client.get(f"/scenarios/compare/document.pdf?{_compare_query(care)}")
    assert one.status_code == 400
    assert "Choose at least two scenarios to compare" in one.content.decode()
    empty = viewer_client.get("/scenarios/compare/document.pdf")
    assert empty.status_code == 400 and "cannot be made from this address" in empty.content.decode()
    wrong = viewer_client.get(f"/scenarios/compare/document.pdf?{_compare_query(nothing, care, runs='x')}")
    assert wrong.status_code == 400 and "Give run numbers separated by commas" in wrong.content.decode()
    api = viewer_client.get("/scenarios/compare/document.pdf", HTTP_ACCEPT="application/json")
    assert api.status_code == 400


def test_estimates_are_written_without_e_notation() -> None:
    from careshift.datapack import load_pack

    values = [v for a in method.assumptions(load_pack()) for v in (a.value, a.low, a.high)]
    assert any("," in v for v in values)  # costs per WTE and the like: thousands (were '5.2e+04')
    assert not [v for v in values if "e+" in v]
