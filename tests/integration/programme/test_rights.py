"""Who may do what: viewers read; contributors edit projects they own or are assigned to; workstream leads
their workstream; programme leads approve gateways and lock reports. Every change is in the history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.test import Client

from careshift.apps.accounts import audit
from careshift.apps.programme.models import Milestone, Project, RaidItem, StatusReport
from tests.integration.programme.conftest import Small

MILESTONE = {
    "reference": "NEW-M",
    "name": "Recruit",
    "baseline": "2030-01-01",
    "forecast": "2030-02-01",
    "reason": "Agreed at the board",
}


def _add_milestone(client: Client, project: Project) -> int:
    return client.post(f"/programme/projects/{project.pk}/milestone/new/", MILESTONE).status_code


def test_viewer_cannot_edit(small: Small, viewer_client: Client) -> None:
    assert _add_milestone(viewer_client, small.project) == 403
    assert not Milestone.objects.filter(reference="NEW-M").exists()


def test_owner_edits_their_project_and_the_history_says_why(
    small: Small, login: Callable[[Any], Client]
) -> None:
    assert _add_milestone(login(small.owner), small.project) == 302
    milestone = Milestone.objects.get(reference="NEW-M")
    event = audit.history(milestone).get()
    assert event.action == "milestone.create" and event.reason == "Agreed at the board"
    assert event.username == small.owner.username


def test_contributor_cannot_edit_someone_elses_project(
    small: Small, user_factory: Callable[..., Any], login: Callable[[Any], Client]
) -> None:
    response = login(user_factory("contributor")).post(
        f"/programme/projects/{small.project.pk}/milestone/new/", MILESTONE
    )
    assert response.status_code == 403 and b"only for your own" in response.content


def test_assignee_and_workstream_lead_may_edit(
    small: Small, user_factory: Callable[..., Any], login: Callable[[Any], Client]
) -> None:
    assignee = user_factory("contributor")
    small.project.assignees.add(assignee)
    assert _add_milestone(login(assignee), small.project) == 302
    Milestone.objects.filter(reference="NEW-M").delete()
    assert _add_milestone(login(small.lead), small.other) == 302  # leads the workstream, does not own it


def test_edit_records_the_change(small: Small, login: Callable[[Any], Client]) -> None:
    milestone = small.project.milestones.get()
    url = f"/programme/projects/{small.project.pk}/milestone/{milestone.pk}/"
    data = {
        "reference": milestone.reference,
        "name": milestone.name,
        "baseline": milestone.baseline.isoformat(),
        "forecast": "2031-05-01",
        "reason": "Estates delay",
    }
    assert login(small.owner).post(url, data).status_code == 302
    event = audit.history(milestone).get()
    assert event.changes["forecast"][1] == "2031-05-01" and event.reason == "Estates delay"
    assert (
        login(small.owner).get(url).content.decode().count("Estates delay") == 1
    )  # history on the edit page


def test_invalid_form_shows_errors_and_saves_nothing(small: Small, login: Callable[[Any], Client]) -> None:
    response = login(small.owner).post(
        f"/programme/projects/{small.project.pk}/raid/new/",
        {"reference": "X", "title": "", "kind": "risk", "inherent_likelihood": 9},
    )
    assert response.status_code == 200 and b"There is a problem" in response.content
    assert not RaidItem.objects.filter(reference="X").exists()


def test_convert_risk_to_issue_keeps_its_history(small: Small, login: Callable[[Any], Client]) -> None:
    risk = small.project.raid_items.get()
    client = login(small.owner)
    client.post(f"/programme/projects/{small.project.pk}/raid/{risk.pk}/convert/", {"reason": "It happened"})
    risk.refresh_from_db()
    assert risk.kind == "issue" and risk.converted_on == dt.date.today()
    assert audit.history(risk).filter(action="raiditem.convert", reason="It happened").exists()


def _report(client: Client, project: Project) -> StatusReport:
    client.post(f"/programme/reports/new/project/{project.pk}/", {"period": dt.date.today().isoformat()})
    return StatusReport.objects.get(project=project)


def test_only_programme_leads_lock(
    small: Small, login: Callable[[Any], Client], client_for: Callable[[str], Client]
) -> None:
    report = _report(login(small.owner), small.project)
    assert login(small.owner).post(f"/programme/reports/{report.pk}/lock/").status_code == 403
    lead = client_for("programme_lead")
    assert lead.post(f"/programme/reports/{report.pk}/lock/").status_code == 302
    report.refresh_from_db()
    assert report.locked and report.snapshot["name"] == "Virtual ward"
    again = lead.post(f"/programme/reports/{report.pk}/lock/")
    assert again.status_code == 400 and b"is locked" in again.content


def test_locked_report_does_not_change_with_the_project(
    small: Small, login: Callable[[Any], Client], client_for: Callable[[str], Client]
) -> None:
    report = _report(login(small.owner), small.project)
    client_for("programme_lead").post(f"/programme/reports/{report.pk}/lock/")
    small.project.name = "Renamed"
    small.project.save()
    small.project.milestones.update(forecast=dt.date(2035, 1, 1))
    html = login(small.owner).get(f"/programme/reports/{report.pk}/").content.decode()
    assert "Renamed" not in html and "Locked" in html and "2035" not in html


def test_a_programme_lead_reviews_then_locks_and_a_contributor_cannot_review(
    small: Small, login: Callable[[Any], Client], client_for: Callable[[str], Client], user_factory: Any
) -> None:
    report = _report(login(small.owner), small.project)
    assert login(small.owner).post(f"/programme/reports/{report.pk}/review/").status_code == 403
    lead_user = user_factory("programme_lead")
    lead = login(lead_user)
    assert lead.post(f"/programme/reports/{report.pk}/review/").status_code == 302
    report.refresh_from_db()
    assert report.status == StatusReport.Status.REVIEWED and report.reviewed_by == lead_user
    assert report.snapshot is None  # reviewed is not yet frozen
    assert lead.post(f"/programme/reports/{report.pk}/lock/").status_code == 302
    report.refresh_from_db()
    assert report.locked and report.reviewed_by == lead_user and report.locked_by == lead_user
    refused = lead.post(f"/programme/reports/{report.pk}/review/")
    assert refused.status_code == 400 and b"is locked" in refused.content
