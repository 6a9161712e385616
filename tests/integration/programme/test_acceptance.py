"""Issue 10's acceptance list read against the pages: every programme page renders for someone who may
use it, and a workstream's status report has its RAG by theme."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.analysis.programme import savings
from careshift.apps.programme import services
from careshift.apps.programme.views.records import KINDS
from tests.integration.programme.conftest import TODAY, Small

pytestmark = pytest.mark.django_db


def test_every_edit_page_renders_for_an_editor(
    small: Small, user_factory: Callable[..., Any], login: Callable[[Any], Client]
) -> None:
    lead = login(user_factory("programme_lead"))
    p = small.project
    report = services.start_report(small.owner, p, TODAY)
    year = savings.financial_year(TODAY)
    urls = [
        "/programme/import/",
        f"/programme/projects/{p.pk}/edit/",
        f"/programme/projects/{p.pk}/stage/",
        f"/programme/projects/{p.pk}/assess/",
        f"/programme/projects/{p.pk}/savings/{small.line.pk}/months/{year}/",
        f"/programme/reports/{report.pk}/",
        f"/programme/{small.programme.slug}/projects/new/",
        f"/programme/{small.programme.slug}/calendar/new/",
        *[f"/programme/projects/{p.pk}/{kind}/new/" for kind in KINDS],
    ]
    for url in urls:
        assert lead.get(url).status_code == 200, url


def test_a_workstream_report_rates_each_theme(
    small: Small, user_factory: Callable[..., Any], login: Callable[[Any], Client]
) -> None:
    """Found reading the issue: a workstream's status report had no RAG by theme (always empty)."""
    lead = user_factory("programme_lead")
    report = services.start_report(lead, small.workstream, TODAY)
    data = services.report_snapshot(report)
    project_themes = [ps["themes"] for ps in data["projects"]]
    assert project_themes[0]["schedule"] == "amber"  # Go live forecast 30 days late
    assert data["themes"]["schedule"] == "amber" and data["themes"]["risks"] in ("amber", "red")
    html = login(lead).get(f"/programme/reports/{report.pk}/").content.decode()
    assert "Themes:" in html and "Schedule" in html
