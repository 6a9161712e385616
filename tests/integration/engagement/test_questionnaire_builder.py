"""The questionnaire builder through the Django test client: staff add, edit, reorder and delete
questions and phases; viewers read; anonymous visitors are sent to sign in; bad input is explained
beside its field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client

from careshift.apps.accounts.models import AuditEvent
from careshift.apps.engagement import demo
from careshift.apps.engagement.models import Consultation, Phase, Question

SLUG = "care-closer-to-home-illustrative"
BASE = f"/engagement/consultations/{SLUG}"
pytestmark = pytest.mark.integration


@pytest.fixture
def consultation(db: None) -> Consultation:
    demo.load()
    return Consultation.objects.get(slug=SLUG)


@pytest.fixture
def staff(client_for: Callable[[str], Client]) -> Client:
    return client_for("analyst")


def _keys(c: Consultation) -> list[str]:
    return list(c.questions.order_by("order", "pk").values_list("key", flat=True))


def test_viewer_reads_but_cannot_change(consultation: Consultation, viewer_client: Client) -> None:
    page = viewer_client.get(f"{BASE}/questionnaire/")
    assert page.status_code == 200 and b"What matters most" in page.content
    assert b"Add a question" not in page.content
    assert viewer_client.get(f"{BASE}/questions/new/").status_code == 403
    q = consultation.questions.first()
    assert q is not None
    assert viewer_client.post(f"{BASE}/questions/{q.pk}/move/", {"direction": "down"}).status_code == 403
    assert viewer_client.post(f"{BASE}/questions/{q.pk}/delete/").status_code == 403
    assert viewer_client.post(f"{BASE}/phases/new/", {}).status_code == 403


def test_anonymous_is_sent_to_sign_in(consultation: Consultation) -> None:
    anonymous = Client()
    for url in ("questionnaire/", "questions/new/", "phases/new/"):
        answer = anonymous.get(f"{BASE}/{url}")
        assert answer.status_code == 302 and "login" in answer["Location"]
    q = consultation.questions.first()
    assert q is not None
    anonymous.post(f"{BASE}/questions/{q.pk}/delete/")
    assert Question.objects.filter(pk=q.pk).exists()


def test_staff_add_a_choice_question_and_a_conditional_follow_up(
    consultation: Consultation, staff: Client
) -> None:
    page = staff.get(f"{BASE}/questionnaire/")
    assert b"Add a question" in page.content
    done = staff.post(
        f"{BASE}/questions/new/",
        {"key": "travel", "kind": "single", "text": "How do you travel?", "options_text": "Bus\nCar\nWalk\n"},
    )
    assert done.status_code == 302
    travel = consultation.questions.get(key="travel")
    assert travel.options == ["Bus", "Car", "Walk"] and _keys(consultation)[-1] == "travel"
    staff.post(
        f"{BASE}/questions/new/",
        {
            "key": "bus-why",
            "kind": "text",
            "text": "What would make the bus easier?",
            "show_if": travel.pk,
            "show_if_text": "Bus",
        },
    )
    follow = consultation.questions.get(key="bus-why")
    assert follow.show_if == travel and follow.show_if_values == ["Bus"] and follow.options == []
    assert AuditEvent.objects.filter(action="question.create").count() >= 2
    public = Client().get(f"/engagement/consult/{SLUG}/").content.decode()
    assert "How do you travel?" in public and "What would make the bus easier?" in public


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "single", "options_text": "Only one"}, "options_text", "at least two choices"),
        ({"kind": "multiple", "options_text": "A\nA"}, "options_text", "must be different"),
        ({"kind": "scale", "scale_min": "1", "scale_max": "1"}, "scale_max", "between 2 and 11"),
        ({"kind": "text", "key": "matters"}, "key", "already has this short name"),
        ({"kind": "text", "key": "bad key!"}, "key", "valid"),
        ({"kind": "text", "show_if_text": "Yes"}, "show_if", "Choose the question"),
    ],
)
def test_bad_question_is_explained_beside_its_field(
    consultation: Consultation, staff: Client, data: dict[str, str], field: str, message: str
) -> None:
    before = consultation.questions.count()
    answer = staff.post(f"{BASE}/questions/new/", {"key": "new-q", "text": "A question", **data})
    html = answer.content.decode()
    assert answer.status_code == 400 and "There is a problem" in html
    assert f'id="id_{field}-error"' in html and message in html
    assert consultation.questions.count() == before


def test_condition_must_be_an_answer_the_parent_offers(consultation: Consultation, staff: Client) -> None:
    agree = consultation.questions.get(key="agree")  # a scale
    answer = staff.post(
        f"{BASE}/questions/new/",
        {"key": "why-not", "kind": "text", "text": "Why not?", "show_if": agree.pk, "show_if_text": "9"},
    )
    assert answer.status_code == 400 and b"Not an answer to" in answer.content
    ok = staff.post(
        f"{BASE}/questions/new/",
        {"key": "why-not", "kind": "text", "text": "Why not?", "show_if": agree.pk, "show_if_text": "1\n2"},
    )
    assert ok.status_code == 302 and consultation.questions.get(key="why-not").show_if_values == ["1", "2"]


def test_edit_keeps_options_and_saves_changes(consultation: Consultation, staff: Client) -> None:
    services = consultation.questions.get(key="services")
    form = staff.get(f"{BASE}/questions/{services.pk}/edit/").content.decode()
    assert "Home care" in form
    staff.post(
        f"{BASE}/questions/{services.pk}/edit/",
        {"key": "services", "kind": "multiple", "text": "Which services?", "options_text": "GP\nPharmacy"},
    )
    services.refresh_from_db()
    assert services.text == "Which services?" and services.options == ["GP", "Pharmacy"]


def test_reorder_moves_one_place_and_stops_at_the_ends(consultation: Consultation, staff: Client) -> None:
    keys = _keys(consultation)
    second = consultation.questions.get(key=keys[1])
    staff.post(f"{BASE}/questions/{second.pk}/move/", {"direction": "up"})
    assert _keys(consultation) == [keys[1], keys[0], *keys[2:]]
    staff.post(f"{BASE}/questions/{second.pk}/move/", {"direction": "up"})  # already first
    assert _keys(consultation)[0] == keys[1]
    assert staff.post(f"{BASE}/questions/{second.pk}/move/", {"direction": "sideways"}).status_code == 404


def test_delete_only_questions_without_answers(consultation: Consultation, staff: Client) -> None:
    answered = consultation.questions.get(key="matters")
    staff.post(f"{BASE}/questions/{answered.pk}/delete/")
    assert Question.objects.filter(pk=answered.pk).exists()
    fresh = Question.objects.create(consultation=consultation, key="spare", kind="text", text="Spare")
    staff.post(f"{BASE}/questions/{fresh.pk}/delete/")
    assert not Question.objects.filter(pk=fresh.pk).exists()


def test_standard_questions_in_one_click_and_only_once(staff: Client, db: None) -> None:
    c = Consultation.objects.create(slug="blank", title="Blank", summary="Nothing yet")
    base = "/engagement/consultations/blank"
    staff.post(f"{base}/questions/standard/publish/")
    staff.post(f"{base}/questions/standard/equality/")
    staff.post(f"{base}/questions/standard/equality/")
    kinds = list(c.questions.values_list("kind", flat=True))
    assert kinds.count("publish") == 1 and kinds.count("equality") == 6
    assert staff.post(f"{base}/questions/standard/other/").status_code == 404


def test_phases_open_and_close_by_date(staff: Client, db: None) -> None:
    c = Consultation.objects.create(slug="phased", title="Phased", summary="Dates")
    base = "/engagement/consultations/phased"
    today = date.today()
    Question.objects.create(consultation=c, key="say", kind="text", text="Say something")
    assert b"not open" in Client().get("/engagement/consult/phased/").content.lower()
    bad = staff.post(
        f"{base}/phases/new/", {"name": "Main", "opens": today, "closes": today - timedelta(days=1)}
    )
    assert bad.status_code == 400 and b'id="id_closes-error"' in bad.content
    ok = staff.post(
        f"{base}/phases/new/", {"name": "Main", "opens": today, "closes": today + timedelta(days=30)}
    )
    assert ok.status_code == 302 and c.is_open
    clash = staff.post(
        f"{base}/phases/new/",
        {"name": "Second", "opens": today + timedelta(days=10), "closes": today + timedelta(days=40)},
    )
    assert clash.status_code == 400 and b"Overlaps" in clash.content
    phase = Phase.objects.get(consultation=c)
    staff.post(
        f"{base}/phases/{phase.pk}/edit/",
        {"name": "Main", "opens": today - timedelta(days=20), "closes": today - timedelta(days=1)},
    )
    assert not c.is_open
    assert b"Say something" not in Client().get("/engagement/consult/phased/").content
