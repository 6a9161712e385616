"""Board-ready output in Chromium (issue 9): on a results page, after choosing a setting, the PDF link
downloads the document of that view, whose text names the scenario, says it is illustrative and lists
its levers, and the Word link does the same; printed, the page shows neither the controls nor the
navigation nor link addresses; axe finds nothing serious on the page the documents come from."""

from __future__ import annotations

import io
from typing import Any

import docx
import pypdf

from tests.e2e.test_accessibility_e2e import AXE_JS, CHARTS_SETTLED, FAILING_IMPACTS, RUN_AXE
from tests.e2e.test_results_history import _synthetic_pack, finished_run  # noqa: F401  (fixtures)

LEVERS = ("Prevention for over-65s", "Virtual wards", "Shorter acute stays")


def test_the_pdf_and_word_links_download_the_view_on_screen(
    signed_in_page: Any,
    live_server: Any,
    finished_run: Any,  # noqa: F811  (the imported fixture)
) -> None:
    page = signed_in_page("viewer")
    page.context.add_init_script(path=AXE_JS)
    page.goto(f"{live_server.url}/scenarios/runs/{finished_run.pk}/results/")
    options = page.eval_on_selector_all("#id_setting option", "os => os.map(o => o.value)")
    setting = next(o for o in options if o != page.input_value("#id_setting"))
    with page.expect_response(lambda r: "/results/" in r.url and r.request.headers.get("hx-request")):
        page.select_option("#id_setting", setting)
    page.wait_for_selector(f"#document-pdf[href*='setting={setting}']")
    page.wait_for_function(CHARTS_SETTLED)
    assert page.evaluate(RUN_AXE, list(FAILING_IMPACTS)) == []  # the page the documents are taken from

    with page.expect_download() as pdf_download:
        page.click('a[download]:text-is("PDF")')
    assert pdf_download.value.suggested_filename.startswith(f"care-closer-to-home-run-{finished_run.pk}-")
    with open(pdf_download.value.path(), "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(io.BytesIO(content)).pages
    )
    assert "Care closer to home: results" in text and "Illustrative" in text
    assert all(lever in text for lever in LEVERS)
    label = page.eval_on_selector(f"#id_setting option[value='{setting}']", "o => o.textContent").strip()
    assert f"Figures for Whole county, {label}" in text  # the setting chosen on screen

    with page.expect_download() as word_download:
        page.click('a[download]:text-is("Word")')
    with open(word_download.value.path(), "rb") as handle:
        document = docx.Document(handle)
    words = "\n".join(p.text for p in document.paragraphs)
    words += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Care closer to home: results" in words and "Virtual wards" in words


def test_the_printed_page_has_no_controls_navigation_or_link_addresses(
    signed_in_page: Any,
    live_server: Any,
    finished_run: Any,  # noqa: F811  (the imported fixture)
) -> None:
    page = signed_in_page("viewer")
    page.goto(f"{live_server.url}/scenarios/runs/{finished_run.pk}/results/")
    page.emulate_media(media="print")
    hidden = "el => getComputedStyle(el).display === 'none'"
    for selector in (
        "header.nhsuk-header",
        "footer.nhsuk-footer",
        "form.careshift-controls",
        "#document-links",
    ):
        assert page.eval_on_selector(selector, hidden), selector
    after = page.eval_on_selector("#method-link", "a => getComputedStyle(a, '::after').content")
    assert after in ("none", "normal"), after  # the NHS.UK print styles add ' (Link: /scenarios/method/)'
    assert page.is_visible("h1:has-text('Results')")
    page.emulate_media(media="screen")
    assert page.is_visible("form.careshift-controls")
