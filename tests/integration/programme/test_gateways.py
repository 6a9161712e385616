"""Lifecycle gateways refuse a move that lacks artefacts or an approver, saying what is missing; careshift's
suggested rating can be accepted, or overridden only with a reason."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.test import Client

from careshift.apps.programme.models import Artefact, ConfidenceAssessment
from tests.integration.programme.conftest import Small


def _move(client: Client, small: Small, key: str) -> Any:
    stage = small.programme.stages.get(key=key)
    return client.post(
        f"/programme/projects/{small.project.pk}/stage/", {"stage": stage.pk, "reason": "ready"}
    )


def test_move_refused_naming_what_is_missing(small: Small, login: Callable[[Any], Client]) -> None:
    response = _move(login(small.owner), small, "business_case")
    html = response.content.decode()
    assert response.status_code == 200
    assert "project initiation document (PID)" in html and "quality impact assessment (QIA)" in html
    small.project.refresh_from_db()
    assert small.project.stage.key == "idea"


def test_value_over_threshold_needs_a_programme_lead(
    small: Small, login: Callable[[Any], Client], client_for: Callable[[str], Client]
) -> None:
    for kind in ("pid", "qia", "eia", "business_case"):
        Artefact.objects.create(project=small.project, kind=kind, title=kind, approved=True)
    small.line.full_year_effect = Decimal(80_000)
    small.line.save()
    html = _move(login(small.owner), small, "business_case").content.decode()
    assert "approval by the programme board, because its value (£80,000) is over £50,000" in html
    assert _move(client_for("programme_lead"), small, "business_case").status_code == 302
    small.project.refresh_from_db()
    assert small.project.stage.key == "business_case"


def test_unapproved_artefact_does_not_count(small: Small, login: Callable[[Any], Client]) -> None:
    Artefact.objects.create(project=small.project, kind="pid", title="draft PID", approved=False)
    assert b"(PID)" in _move(login(small.owner), small, "pid").content


def test_contributor_cannot_approve_an_artefact(small: Small, login: Callable[[Any], Client]) -> None:
    response = login(small.owner).post(
        f"/programme/projects/{small.project.pk}/artefact/new/",
        {"kind": "pid", "title": "PID", "approved": "on"},
    )
    assert response.status_code == 403


def test_override_needs_a_reason(small: Small, login: Callable[[Any], Client]) -> None:
    client = login(small.owner)
    url = f"/programme/projects/{small.project.pk}/assess/"
    page = client.get(url).content.decode()
    assert "careshift suggests" in page
    response = client.post(url, {"rating": "green", "reason": ""})
    assert response.status_code == 200 and "Say why you rate" in response.content.decode()
    assert (
        client.post(
            url, {"rating": "green", "reason": "Recruitment closed today", "theme_scope": "green"}
        ).status_code
        == 302
    )
    assessment = ConfidenceAssessment.objects.get()
    assert not assessment.accepted_suggestion and assessment.themes == {"scope": "green"}
    assert assessment.trend == "new"


def test_accepting_the_suggestion(small: Small, login: Callable[[Any], Client]) -> None:
    from careshift.apps.programme.status import suggestion_for

    suggested = suggestion_for(small.project).confidence.value
    login(small.owner).post(f"/programme/projects/{small.project.pk}/assess/", {"rating": suggested})
    assessment = ConfidenceAssessment.objects.get()
    assert assessment.accepted_suggestion and assessment.reason.startswith("Accepted careshift's suggestion")
