"""The public consultation: no sign-in, stored once, spam traps, rate limit, hostile input, moderation,
representativeness, export, erasure, and the loop back to respondents."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail, signing
from django.test import Client

from careshift.apps.engagement import demo
from careshift.apps.engagement.models import Answer, Consultation, Respondent, Response, Theme

SLUG = "care-closer-to-home-illustrative"
URL = f"/engagement/consult/{SLUG}/"


@pytest.fixture
def consultation(db: None) -> Consultation:
    demo.load()
    return Consultation.objects.get(slug=SLUG)


def _form(client: Client) -> dict[str, str]:
    page = client.get(URL).content.decode()
    key = re.search(r'name="idempotency_key" value="(\w+)"', page)
    assert key, page[:500]
    started = signing.dumps(time.time() - 60, salt="started")
    return {
        "idempotency_key": key.group(1),
        "started": started,
        "q_agree": "4",
        "q_matters": "Buses from my village are poor.",
        "q_services": ["GP", "Home care"],
        "q_publish": "yes",
        "q_age_band": "65-74",
        "q_locality": "West (Witney, Carterton, Chipping Norton)",
    }


def test_anonymous_visitor_sees_and_answers(consultation: Consultation) -> None:
    client = Client()
    page = client.get(URL)
    assert page.status_code == 200 and b"What matters most" in page.content
    before = Response.objects.count()
    done = client.post(URL, _form(client))
    assert done.status_code == 200 and b"we have your response" in done.content
    response = Response.objects.latest("pk")
    assert Response.objects.count() == before + 1 and response.status == "accepted" and response.may_publish
    assert response.respondent.profile["age_band"] == "65-74"
    assert not Answer.objects.filter(response=response, question__key="age_band").exists()  # kept apart


def test_same_submission_twice_is_stored_once(consultation: Consultation) -> None:
    client = Client()
    data = _form(client)
    client.post(URL, data)
    again = client.post(URL, data)
    assert b"not stored twice" in again.content
    assert Response.objects.filter(idempotency_key=data["idempotency_key"]).count() == 1


def test_honeypot_is_thanked_but_not_stored(consultation: Consultation) -> None:
    client = Client()
    before = Response.objects.count()
    assert client.post(URL, {**_form(client), "website": "http://spam.example"}).status_code == 200
    assert Response.objects.count() == before


def test_too_fast_or_personal_text_is_held_for_moderation(
    consultation: Consultation, client_for: Callable[[str], Client]
) -> None:
    client = Client()
    data = {**_form(client), "started": signing.dumps(time.time(), salt="started")}
    client.post(URL, data)
    data2 = {**_form(client), "q_matters": "Call me on 07700 900123, my name is Jane Smith"}
    client.post(URL, data2)
    held = Response.objects.filter(status="held").order_by("pk")
    assert [r.held_because for r in held] == [held[0].held_because, "personal information in the text"]
    assert "answered in" in held[0].held_because
    answer = Answer.objects.get(response=held[1], question__key="matters")
    assert "07700" not in answer.redacted_text and "[phone]" in answer.redacted_text
    staff = client_for("analyst")
    assert b"Moderation queue" in staff.get(f"/engagement/consultations/{SLUG}/").content
    staff.post(f"/engagement/consultations/{SLUG}/responses/{held[1].pk}/moderate/", {"decision": "accepted"})
    held[1].refresh_from_db()
    assert held[1].status == "accepted"


@pytest.mark.parametrize(
    "bad",
    [
        {"q_agree": "9"},
        {"q_agree": "<script>alert(1)</script>"},
        {"q_services": ["Nonsense"]},
        {"q_matters": "x" * 6000},
        {"idempotency_key": "../../etc"},
        {"wants_updates": "on", "email": ""},
        {"email": "not-an-email"},
    ],
)
def test_bad_and_hostile_input_is_refused_with_a_message(
    consultation: Consultation, bad: dict[str, Any]
) -> None:
    client = Client()
    before = Response.objects.count()
    page = client.post(URL, {**_form(client), **bad})
    assert page.status_code == 400 and b"There is a problem" in page.content
    assert Response.objects.count() == before


def test_script_in_text_is_stored_as_text_and_escaped(
    consultation: Consultation, client_for: Callable[[str], Client]
) -> None:
    client = Client()
    client.post(URL, {**_form(client), "q_matters": "<script>alert('x')</script> buses"})
    staff = client_for("analyst")
    page = staff.get(f"/engagement/consultations/{SLUG}/questions/matters/coding/").content
    assert b"<script>alert('x')" not in page and b"&lt;script&gt;" in page


def test_conditional_question_is_ignored_when_not_asked(consultation: Consultation) -> None:
    client = Client()
    client.post(URL, {**_form(client), "q_agree": "5", "q_why_not": "should be dropped"})
    assert not Answer.objects.filter(question__key="why_not").exists()
    client.post(URL, {**_form(client), "q_agree": "1", "q_why_not": "Too far to travel"})
    assert Answer.objects.filter(question__key="why_not", text="Too far to travel").exists()


def test_rate_limit(consultation: Consultation, settings: Any) -> None:
    settings.RESPONSE_RATE_LIMIT = 2
    client = Client()
    codes = [client.post(URL, _form(client)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def _post_from(peer: str, forwarded_for: str) -> int:
    client = Client(REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded_for)
    return client.post(URL, _form(client)).status_code


def test_rate_limit_ignores_x_forwarded_for_when_not_behind_a_proxy(
    consultation: Consultation, settings: Any
) -> None:
    settings.RESPONSE_RATE_LIMIT = 2
    settings.BEHIND_PROXY = False
    codes = [_post_from("203.0.113.9", f"198.51.100.{i}") for i in range(3)]
    assert codes == [200, 200, 429]  # a made-up header per request does not make a new sender
    assert _post_from("203.0.113.10", "198.51.100.0") == 200  # another peer is another sender


@pytest.mark.parametrize(
    ("proxies", "chain"),
    [(1, "{spoof}, {client}"), (2, "{spoof}, {client}, 10.0.0.2")],
)
def test_rate_limit_behind_a_proxy_keys_on_the_right_most_untrusted_forwarded_address(
    consultation: Consultation, settings: Any, proxies: int, chain: str
) -> None:
    settings.RESPONSE_RATE_LIMIT = 2
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = proxies

    def post(spoof: str, client: str) -> int:
        return _post_from("127.0.0.1", chain.format(spoof=spoof, client=client))

    codes = [post(f"192.0.2.{i}", "203.0.113.9") for i in range(3)]
    assert codes == [200, 200, 429]  # what the client wrote left of its address does not count
    assert post("192.0.2.1", "203.0.113.10") == 200  # the same proxy, another client


def test_closed_consultation_takes_no_responses(consultation: Consultation) -> None:
    consultation.phases.update(closes="2020-01-01", opens="2019-01-01")
    page = Client().get(URL)
    assert b"not open" in page.content and b"Send my response" not in page.content


def test_representativeness_flags_under_reached_groups(
    consultation: Consultation, analyst_client: Client
) -> None:
    page = analyst_client.get(f"/engagement/consultations/{SLUG}/").content.decode()
    assert "Who has responded" in page and "Under-reached" in page and "Deprivation" in page


def test_export_has_answers_not_personal_data(consultation: Consultation, analyst_client: Client) -> None:
    Client().post(URL, {**_form(Client()), "email": "me@example.org"})
    body = analyst_client.get(f"/engagement/consultations/{SLUG}/responses.csv").content.decode("utf-8-sig")
    assert "Buses from my village" in body and "me@example.org" not in body and "65-74" not in body
    assert analyst_client.get(f"/engagement/consultations/{SLUG}/responses.xlsx").status_code == 200


def test_person_is_erased(consultation: Consultation, analyst_client: Client) -> None:
    client = Client()
    client.post(URL, {**_form(client), "email": "erase@example.org", "q_publish": "no"})
    assert (
        analyst_client.get(f"/engagement/consultations/{SLUG}/person/?email=erase@example.org").status_code
        == 200
    )
    analyst_client.post(
        f"/engagement/consultations/{SLUG}/person/", {"email": "erase@example.org", "erase": "1"}
    )
    assert not Respondent.objects.filter(email="erase@example.org").exists()
    assert not Answer.objects.filter(
        text="Buses from my village are poor.", response__may_publish=False
    ).exists()


def test_coding_then_decision_notifies_those_who_asked(
    consultation: Consultation, client_for: Callable[[str], Client]
) -> None:
    client = Client()
    client.post(
        URL,
        {
            **_form(client),
            "email": "bus@example.org",
            "wants_updates": "on",
            "q_matters": "Transport and buses from the villages are poor",
        },
    )
    analyst = client_for("analyst")
    screen = f"/engagement/consultations/{SLUG}/questions/matters/coding/"
    analyst.post(screen, {"action": "propose"})
    assert Theme.objects.filter(question__key="matters").count() >= 2
    analyst.post(screen, {"action": "theme", "name": "Transport", "description": "buses transport travel"})
    analyst.post(screen, {"action": "code"})  # queued as an engagement.code_responses job
    from careshift.apps.jobs.models import Job
    from careshift.apps.jobs.worker import run_forever

    assert Job.objects.filter(kind="engagement.code_responses").count() == 1
    run_forever(once=True, kinds=["engagement.code_responses"])
    assert Job.objects.get(kind="engagement.code_responses").status == "succeeded"
    transport = Theme.objects.get(name="Transport")
    answer = Answer.objects.get(text__startswith="Transport and buses")
    analyst.post(screen, {"action": "save", "answer": answer.pk, "themes": [transport.pk]})
    assert answer.codes.get().by == "person"
    assert Answer.objects.filter(question__key="matters", codes__by="machine").exists()
    lead = client_for("programme_lead")
    lead.post(
        f"/engagement/consultations/{SLUG}/decisions/new/",
        {
            "themes": [transport.pk],
            "board": "Oxfordshire Transformation Board",
            "decided_on": "2027-03-01",
            "summary": "Community transport pilot",
            "rationale": "Many said buses are poor.",
            "action": "Fund a pilot",
            "action_status": "planned",
        },
    )
    assert [m.to for m in mail.outbox] == [["bus@example.org"]]
    page = Client().get(f"/engagement/consult/{SLUG}/outcomes/").content.decode()
    assert "Community transport pilot" in page and "Transport" in page


def test_coding_with_a_configured_language_model(
    consultation: Consultation, client_for: Callable[[str], Client], settings: Any
) -> None:
    """With CARESHIFT_THEMES_LLM_URL set, the coding job asks the model (personal information is
    redacted first: tests/unit/analysis/test_themes_llm.py)."""
    from careshift.apps.engagement.coding import code_question
    from careshift.apps.engagement.models import Question
    from tests.unit.analysis.fake_llm import fake_llm

    client = Client()
    client.post(URL, {**_form(client), "q_matters": "Transport is poor from our village"})
    question = Question.objects.get(consultation=consultation, key="matters")
    Theme.objects.create(question=question, name="Transport", description="buses and travel")
    with fake_llm() as (url, model):
        settings.THEMES_LLM_URL, settings.THEMES_LLM_MODEL = url, "test-model"
        done = code_question(question)
    answer = Answer.objects.get(text__startswith="Transport is poor")
    assert done >= 1 and [c.theme.name for c in answer.codes.all()] == ["Transport"]
    assert answer.codes.get().by == "machine"
    assert model.requests and model.requests[0]["model"] == "test-model"


def test_moderation_queue_shows_held_text_whole(
    consultation: Consultation, client_for: Callable[[str], Client]
) -> None:
    client = Client()
    client.post(URL, {**_form(client), "started": signing.dumps(time.time(), salt="started")})  # too fast
    page = client_for("analyst").get(f"/engagement/consultations/{SLUG}/").content.decode()
    assert "Buses from my village are poor." in page  # was joined letter by letter: 'B, u, s, ...'
    assert "GP, Home care" in page
