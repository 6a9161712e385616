"""Every programme page renders for a viewer, with figures from the records; edit links only for editors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.integration.programme.conftest import Small


def urls(small: Small) -> list[str]:
    p, slug = small.project, small.programme.slug
    return [
        "/programme/",
        f"/programme/{slug}/",
        f"/programme/{slug}/urgent/",
        f"/programme/projects/{p.pk}/",
        "/programme/my-actions/",
        f"/programme/{slug}/calendar/",
        f"/programme/{slug}/board-pack/",
        f"/programme/{slug}/chart/trajectory.csv",
        f"/programme/{slug}/chart/heatmap.csv",
        f"/programme/projects/{p.pk}/chart/slippage.csv",
        f"/programme/{slug}/export.xlsx",
        "/programme/import/template.xlsx",
        "/api/programme/",
        f"/api/programme/{slug}/projects",
    ]


def test_every_page_renders_for_a_viewer(small: Small, viewer_client: Client) -> None:
    for url in urls(small):
        response = viewer_client.get(url)
        assert response.status_code == 200, url


def test_pages_need_sign_in(small: Small) -> None:
    response = Client().get(f"/programme/{small.programme.slug}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_programme_page_shows_the_roll_up_and_the_gap(small: Small, viewer_client: Client) -> None:
    html = viewer_client.get(f"/programme/{small.programme.slug}/").content.decode()
    assert "£120,000" in html  # identified plan for the year
    assert "£880,000" in html  # unidentified gap: £1m target minus £120k
    assert "Staffing" in html  # residual 20 reaches the board's escalation score


def test_project_page_shows_records_and_suggestion(small: Small, viewer_client: Client) -> None:
    html = viewer_client.get(f"/programme/projects/{small.project.pk}/").content.decode()
    assert "Go live" in html and "30 days" in html  # slippage
    assert "careshift suggests" in html and "milestone(s) forecast late" in html
    assert "Add a milestone" not in html  # a viewer cannot edit


def test_owner_sees_edit_links(small: Small, login: Callable[[Any], Client]) -> None:
    html = login(small.owner).get(f"/programme/projects/{small.project.pk}/").content.decode()
    assert "Add a milestone" in html


def test_my_actions_lists_overdue_first(small: Small, login: Callable[[Any], Client]) -> None:
    import datetime as dt

    from careshift.apps.programme.models import Action

    Action.objects.create(
        project=small.project, title="Later", owner=small.owner, due=dt.date.today() + dt.timedelta(days=9)
    )
    Action.objects.create(
        project=small.project, title="Late one", owner=small.owner, due=dt.date.today() - dt.timedelta(days=3)
    )
    html = login(small.owner).get("/programme/my-actions/").content.decode()
    assert html.index("Late one") < html.index("Later") and "Overdue" in html


@pytest.mark.parametrize(
    "url", ["/programme/nope/", "/programme/projects/999999/", "/programme/reports/999999/"]
)
def test_missing_objects_are_404(small: Small, viewer_client: Client, url: str) -> None:
    assert viewer_client.get(url).status_code == 404


def test_api_totals(small: Small, viewer_client: Client) -> None:
    body = viewer_client.get(f"/api/programme/{small.programme.slug}").json()
    assert body["savings"]["plan_year"] == pytest.approx(120_000)
    assert body["savings"]["unidentified_gap"] == pytest.approx(880_000)


def test_workstream_page_lists_the_risks_escalated_to_it(small: Small, viewer_client: Client) -> None:
    from careshift.apps.programme.models import RaidItem

    # the fixture's Staffing is 4x5 = 20 (the board's score); 3x4 = 12 reaches the workstream's; 2x3 does not
    for ref, title, lk, im in (("W-12", "Estates", 3, 4), ("W-6", "Parking", 2, 3)):
        RaidItem.objects.create(
            project=small.other, reference=ref, title=title, residual_likelihood=lk, residual_impact=im
        )
    RaidItem.objects.create(
        project=small.other,
        reference="W-C",
        title="Closed",
        residual_likelihood=5,
        residual_impact=5,
        status="closed",
    )
    html = viewer_client.get(f"/programme/{small.programme.slug}/urgent/").content.decode()
    section = html.split("Risks escalated to this workstream</h2>")[1].split("Workstream status reports")[0]
    assert section.index("Staffing") < section.index("Estates")  # highest residual first
    assert "the programme board" in section.split("Estates")[0] and "the workstream lead" in section
    assert "Parking" not in section and "Closed" not in section
    assert "12 or more go to the workstream lead; from 20" in section


def test_calendar_lists_the_reports_due_before_the_next_board(
    small: Small, viewer_client: Client, user_factory: Callable[..., Any]
) -> None:
    import datetime as dt

    from careshift.apps.programme import services
    from careshift.apps.programme.models import BoardMeeting

    today = dt.date.today()
    BoardMeeting.objects.create(
        programme=small.programme,
        date=today + dt.timedelta(days=20),
        papers_due=today + dt.timedelta(days=10),
    )
    url = f"/programme/{small.programme.slug}/calendar/"
    html = viewer_client.get(url).content.decode()
    assert "0 locked; 2 still to lock." in html
    assert small.project.reference in html and small.other.reference in html
    lead = user_factory("programme_lead")
    period = (today + dt.timedelta(days=10)).replace(day=1)
    services.lock_report(lead, services.start_report(lead, small.project, period))
    html = viewer_client.get(url).content.decode()
    due = html.split("still to lock.")[1]
    assert "1 locked; 1 still to lock." in html and small.other.reference in due
    assert small.project.reference not in due.split("</ul>")[0]
