"""The engagement API through the test client: what it gives, what it leaves out, who may read it."""

from __future__ import annotations

import pytest
from django.test import Client

from careshift.apps.engagement import demo
from careshift.apps.engagement.models import Code, Consultation, Decision, Response, Stakeholder, Theme

SLUG = "care-closer-to-home-illustrative"
pytestmark = pytest.mark.django_db


@pytest.fixture
def api(api_token: str) -> Client:
    demo.load()
    return Client(headers={"Authorization": f"Bearer {api_token}"})


def test_the_register_leaves_contact_details_out(api: Client) -> None:
    rows = api.get("/api/engagement/stakeholders/").json()
    assert len(rows) == Stakeholder.objects.count() > 0
    assert not any("email" in r or "phone" in r for r in rows)
    category = rows[0]["category"]
    filtered = api.get(f"/api/engagement/stakeholders/?category={category}").json()
    assert filtered and all(r["category"] == category for r in filtered)


def test_consultations_count_their_responses(api: Client) -> None:
    (row,) = [c for c in api.get("/api/engagement/").json() if c["slug"] == SLUG]
    consultation = Consultation.objects.get(slug=SLUG)
    assert (
        row["responses_accepted"]
        == Response.objects.filter(consultation=consultation, status="accepted").count()
    )
    assert row["questions"] == consultation.questions.count() and row["is_open"] is True
    assert row["phases"][0]["name"] == "Public engagement"


def test_themes_count_codes_by_who_made_them(api: Client) -> None:
    rows = api.get(f"/api/engagement/{SLUG}/themes").json()
    for row in rows:
        theme = Theme.objects.get(pk=row["id"])
        assert row["answers_coded"] == Code.objects.filter(theme=theme).count()
        assert row["coded_by_machine"] + row["coded_by_person"] == row["answers_coded"]
        assert row["status"] != "merged"


def test_you_said_we_did(api: Client) -> None:
    rows = api.get(f"/api/engagement/{SLUG}/outcomes").json()
    assert len(rows) == Decision.objects.filter(consultation__slug=SLUG).count()
    for row in rows:
        assert row["we_did"] and isinstance(row["you_said"], list)


def test_unknown_consultations_and_anonymous_callers_are_refused(api: Client) -> None:
    missing = api.get("/api/engagement/nope/themes")
    assert (
        missing.status_code == 404 and "no consultation called 'nope'" in missing.json()["error"]["message"]
    )
    assert Client().get("/api/engagement/").status_code == 401
