"""The programme office journey in headless Chromium: a programme lead creates a project, adds a milestone
and a risk, records savings, locks a status report, and downloads the board pack as PDF and Word, whose
text names the project and what changed."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
import pypdf
import pytest


@pytest.fixture
def programme(transactional_db: None) -> Any:
    from careshift.apps.programme import models as m
    from careshift.apps.programme.demo import STAGES

    programme = m.Programme.objects.create(name="E2E programme", slug="e2e")
    for k, (key, name, weight, arts, threshold) in enumerate(STAGES):
        m.Stage.objects.create(
            programme=programme,
            key=key,
            name=name,
            order=k,
            weight=weight,
            required_artefacts=arts,
            approval_threshold=threshold,
        )
    m.Workstream.objects.create(programme=programme, slug="urgent", name="Urgent care")
    return programme


def _fill_form(page: Any, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.fill(f"#id_{name}", value)
    page.click("button[type=submit]:has-text('Save')")


def test_project_to_board_pack(signed_in_page: Any, live_server: Any, programme: Any) -> None:
    page = signed_in_page("programme_lead")
    base = live_server.url
    page.goto(f"{base}/programme/e2e/")
    page.click("text=Add a project")
    page.select_option("#id_workstream", label="Urgent care")
    _fill_form(page, {"reference": "E2E-1", "name": "Hospital at home pilot"})
    page.wait_for_selector("h1:has-text('Hospital at home pilot')")
    project_url = page.url

    page.click("text=Add a milestone")
    today = dt.date.today()
    _fill_form(
        page,
        {
            "reference": "E2E-1-M1",
            "name": "First patients",
            "baseline": today.isoformat(),
            "forecast": (today + dt.timedelta(days=45)).isoformat(),
        },
    )
    page.wait_for_selector("text=45 days")

    page.click("text=Add a risk, assumption, issue or dependency")
    page.fill("#id_reference", "E2E-1-R1")
    page.fill("#id_title", "Night nursing cover")
    page.select_option("#id_residual_likelihood", "5")
    page.select_option("#id_residual_impact", "4")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_selector("td:has-text('Night nursing cover')")

    page.click("text=Add a savings line")
    _fill_form(
        page,
        {
            "reference": "E2E-1-S1",
            "title": "Avoided admissions",
            "full_year_effect": "240000",
            "annual_plan": "120000",
        },
    )
    page.wait_for_selector("td:has-text('£120,000')")

    page.goto(project_url)
    page.click("button:has-text('Start or open the status report')")
    page.fill("#id_commentary", "Recruitment on track.")
    page.click("button:has-text('Save commentary')")
    page.click("button:has-text('Approve and lock')")
    page.wait_for_selector("text=This is a frozen snapshot")

    page.goto(f"{base}/programme/e2e/board-pack/")
    page.wait_for_selector("h1:has-text('programme board pack')")
    with page.expect_download() as pdf_download:
        page.click('a[download]:text-is("PDF")')
    pdf_text = "".join(p.extract_text() for p in pypdf.PdfReader(pdf_download.value.path()).pages)
    assert "Hospital at home pilot" in pdf_text and "What changed since the last board" in pdf_text
    with page.expect_download() as word_download:
        page.click('a[download]:text-is("Word")')
    with open(word_download.value.path(), "rb") as handle:
        document = docx.Document(io.BytesIO(handle.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "New risk E2E-1-R1 Night nursing cover" in text and "Recruitment on track." in text
