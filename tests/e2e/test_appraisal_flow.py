"""The appraisal journey in headless Chromium: an analyst opens the demonstration appraisal, raises the
weight of the panel's quality criterion until another option leads, sees the ranking change, and
downloads the appraisal pack as a PDF whose text has the new weight and the new leader."""

from __future__ import annotations

from typing import Any

import pypdf
import pytest

QUALITY = "Quality and experience of care"


@pytest.fixture
def demo(transactional_db: None) -> Any:
    """The demo appraisal with finished runs; the panel rates doing nothing best on quality, so a high
    enough quality weight puts it first."""
    from careshift.apps.accounts.models import User
    from careshift.apps.appraisal import demo as demo_data
    from careshift.apps.appraisal.models import Appraisal, PanelScore
    from careshift.apps.scenarios import services
    from careshift.model.scenario import sample_scenarios
    from tests.integration.appraisal.conftest import MEDIANS, _finished_run

    User.objects.create_user(username="admin", password="not-used-here-42", role="administrator")
    for slug, spec in sample_scenarios().items():
        scenario = services.create_scenario(
            None, name=spec.name, spec=spec.model_dump(mode="json"), slug=slug
        )
        _finished_run(scenario, MEDIANS[slug])
    demo_data.load()
    item = Appraisal.objects.get(slug="community-services-options")
    scores = PanelScore.objects.filter(option__appraisal=item, criterion__name=QUALITY)
    scores.filter(option__name="Do nothing").update(score=9)
    scores.filter(option__name="Care closer to home with six locality hubs").update(score=2)
    return item


def _leader(page: Any) -> str:
    return str(page.locator("h2:has-text('Ranking') + ol li strong").first.inner_text())


def test_a_weight_change_reorders_the_ranking_and_the_pack_says_so(
    signed_in_page: Any, live_server: Any, demo: Any
) -> None:
    page = signed_in_page("analyst")
    page.goto(f"{live_server.url}/appraisal/")
    page.click(f"text={demo.name}")
    page.wait_for_selector("h2:has-text('Ranking')")
    assert _leader(page) == "Care closer to home, today's sites"

    page.click(f"a:has-text('Edit {QUALITY}')")
    page.fill("#id_weight_high", "1000")
    page.fill("#id_weight", "500")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_selector("text=Criterion saved.")
    assert _leader(page) == "Do nothing"

    page.click("nav >> text=Appraisal pack")
    page.wait_for_selector("h1:has-text('Appraisal pack')")
    with page.expect_download() as pdf_download:
        page.click("text=Download PDF")
    reader = pypdf.PdfReader(pdf_download.value.path())
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "5. Ranking and how robust it is" in text and "Rank acceptability" in text
    at = text.find("3. Criteria")
    assert f"{QUALITY} Scored by the panel higher 500 7.50 to 1000" in text, text[at : at + 800]
    assert "1 Do nothing" in text, text[text.find("5. Ranking") :][:300]
