"""The register (score history, audit), the meetings matrix import with row errors, and the calendar."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from careshift.apps.engagement import demo
from careshift.apps.engagement.models import Activity, Category, PlannedItem, Stakeholder


def test_nine_categories_and_score_history(analyst_client: Client, db: None) -> None:
    assert Category.objects.count() == 9
    public = Category.objects.get(name="Public")
    data = {
        "name": "Patient Voice",
        "kind": "group",
        "category": public.pk,
        "interest": 4,
        "influence": 2,
        "lawful_basis": "consent",
        "may_contact": "on",
    }
    analyst_client.post("/engagement/stakeholders/new/", data)
    s = Stakeholder.objects.get(name="Patient Voice")
    analyst_client.post(
        f"/engagement/stakeholders/{s.pk}/edit/", {**data, "influence": 4, "score_note": "Joined board"}
    )
    assert [(h.interest, h.influence) for h in s.score_history.all()] == [(4, 4), (4, 2)]
    page = analyst_client.get("/engagement/").content.decode()
    assert "Power/interest grid" in page and "Manage closely" in page
    from careshift.apps.engagement.views import grid_chart
    from tests.unit.site.charts.render import validate

    chart = grid_chart()
    assert chart.spec is not None
    validate(chart.spec)
    point = next(v for v in chart.spec["data"]["values"] if v["stakeholder"] == "Patient Voice")
    assert (point["interest"], point["influence"]) == (4, 4)  # the tooltip's true scores
    assert abs(point["interest__spread"] - 4) <= 0.25  # drawn a little apart from equal scores
    assert list(chart.table.columns) == ["stakeholder", "category", "interest", "influence", "quadrant"]
    csv = analyst_client.get("/engagement/?format=csv").content.decode()
    assert "Patient Voice" in csv and "quadrant" in csv


def test_viewer_cannot_edit(viewer_client: Client, db: None) -> None:
    assert viewer_client.get("/engagement/stakeholders/new/").status_code == 403
    assert Client().get("/engagement/").status_code == 302  # staff pages need sign-in


def test_matrix_import_reports_row_errors_then_imports_idempotently(analyst_client: Client, db: None) -> None:
    demo.load()
    bad = b"Stakeholder,Month,Dates and notes\nHealthwatch Oxfordshire,not a month,12\nNobody,2026-11-01,3\n"
    page = analyst_client.post(
        "/engagement/matrix/import/", {"file": SimpleUploadedFile("m.csv", bad, "text/csv")}
    ).content.decode()
    assert "row 2" in page.lower()
    good = b"Stakeholder,Month,Dates and notes\nHealthwatch Oxfordshire,2027-02-01,25 (board)\n"
    before = Activity.objects.count()
    for _ in range(2):
        analyst_client.post(
            "/engagement/matrix/import/", {"file": SimpleUploadedFile("m.csv", good, "text/csv")}
        )
    assert Activity.objects.count() == before + 1
    grid = analyst_client.get("/engagement/matrix/?from=2026-10&to=2027-03").content.decode()
    assert "25 (board)" in grid and "February 2027" in grid
    unknown = b"Stakeholder,Month,Dates and notes\nNobody,2026-11-01,3\n"
    page = analyst_client.post(
        "/engagement/matrix/import/", {"file": SimpleUploadedFile("m.csv", unknown, "text/csv")}
    ).content.decode()
    assert "Nobody" in page and "not in the register" in page


def test_calendar_blocks_then_override_is_recorded(client_for: Callable[[str], Client], db: None) -> None:
    plan = {
        "title": "Oxford launch",
        "kind": "consultation",
        "start": "2026-04-01",
        "end": "2026-05-30",
        "areas": "Oxford",
    }
    analyst = client_for("analyst")
    page = analyst.post("/engagement/calendar/", plan).content.decode()
    assert (
        "Blocked" in page
        and "Next valid start: <strong>30 May 2026" in page
        and "Extend the consultation" in page
    )
    assert not PlannedItem.objects.exists()
    assert (
        analyst.post("/engagement/calendar/", {**plan, "override_reason": "Statutory deadline"}).status_code
        == 403
    )
    lead = client_for("programme_lead")
    lead.post("/engagement/calendar/", {**plan, "override_reason": "Statutory deadline"})
    assert PlannedItem.objects.get().override_reason == "Statutory deadline"
    from careshift.apps.accounts.models import AuditEvent

    assert AuditEvent.objects.filter(action="plan.create", reason="Statutory deadline").exists()


def test_demo_loads_when_the_standard_categories_are_missing(db: None) -> None:
    """A flushed database (PostgreSQL live-server tests) has no migration-made categories: the demo
    register crashed with KeyError 'Commissioners'."""
    from careshift.apps.engagement import demo
    from careshift.apps.engagement.models import Category, Stakeholder

    Category.objects.all().delete()
    demo.load()
    assert Stakeholder.objects.filter(category__name="Commissioners").exists()
