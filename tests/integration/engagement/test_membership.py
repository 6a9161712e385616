"""Registered membership with no account: sign up, confirm by the signed link, stop updates, erase;
nothing stored before confirmation; the member kept apart from responses; the count on the dashboard."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail, signing
from django.test import Client

from careshift.apps.accounts.models import AuditEvent
from careshift.apps.engagement import demo, membership
from careshift.apps.engagement.models import Member

JOIN = "/engagement/join/"


def _confirm_link() -> str:
    found = re.search(r"http://testserver(/engagement/join/confirm/[^/\s]+/)", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(1)


def _join(client: Client, email: str = "Ann@Example.org", **extra: str) -> str:
    answer = client.post(JOIN, {"email": email, "consent": "on", **extra})
    assert answer.status_code == 200 and b"Check your e-mail" in answer.content
    return _confirm_link()


def test_sign_up_stores_nothing_until_the_link_is_confirmed(db: None) -> None:
    client = Client()
    assert client.get(JOIN).status_code == 200
    link = _join(client, p_age_band="65-74", p_locality="Oxford City")
    assert Member.objects.count() == 0
    page = client.get(link)  # a link checker's visit does not confirm
    assert b"ann@example.org" in page.content and Member.objects.count() == 0
    done = client.post(link)
    member = Member.objects.get()
    assert done.status_code == 200 and member.email == "ann@example.org" and member.wants_updates
    assert member.profile == {"age_band": "65-74", "locality": "Oxford City"}
    assert AuditEvent.objects.filter(action="member.create", object_repr=str(member)).exists()
    assert "ann@example.org" not in str(AuditEvent.objects.values_list("changes", "object_repr").last())


def test_signing_up_again_updates_the_same_member(db: None) -> None:
    client = Client()
    client.post(_join(client, p_sex="Female"))
    client.post(_join(client, email="ann@example.org", p_carer="Yes"))
    member = Member.objects.get()
    assert member.profile == {"carer": "Yes"}


def test_bad_input_is_explained_and_nothing_sent(db: None) -> None:
    client = Client()
    answer = client.post(JOIN, {"email": "not an address", "p_age_band": "Over 900"})
    html = answer.content.decode()
    assert answer.status_code == 400 and "There is a problem" in html
    assert (
        'id="id_email-error"' in html
        and 'id="id_consent-error"' in html
        and 'id="id_p_age_band-error"' in html
    )
    assert "Tick the box to agree" in html and mail.outbox == []


def test_honeypot_is_thanked_but_sent_nothing(db: None) -> None:
    answer = Client().post(JOIN, {"email": "bot@example.org", "consent": "on", "website": "http://x"})
    assert b"Check your e-mail" in answer.content and mail.outbox == []


def test_damaged_or_old_links_are_explained(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client()
    link = _join(client)
    damaged = client.post(link[:-5] + "abcd/")
    assert damaged.status_code == 400 and b"damaged or more than 7 days old" in damaged.content
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 8 * 86400)
    old = membership.confirm_token({"email": "x@example.org", "profile": {}})
    monkeypatch.setattr(signing.time, "time", real_time)
    assert client.post(f"/engagement/join/confirm/{old}/").status_code == 400
    assert client.get("/engagement/members/leave/garbage/").status_code == 404
    assert Member.objects.count() == 0


def test_stop_updates_then_erase_by_the_link(db: None) -> None:
    client = Client()
    done = client.post(_join(client)).content.decode()
    leave = re.search(r'href="http://testserver(/engagement/members/leave/[^"]+/)"', done)
    assert leave
    client.post(leave.group(1), {"choice": "stop"})
    assert not Member.objects.get().wants_updates and membership.members_count() == 0
    erased = client.post(leave.group(1), {"choice": "erase"})
    assert b"erased" in erased.content and Member.objects.count() == 0
    assert client.get(leave.group(1)).status_code == 404


def test_members_count_on_the_dashboard(viewer_client: Client) -> None:
    demo.load()  # a register to draw (the grid chart warns on an empty one)
    client = Client()
    client.post(_join(client, email="one@example.org"))
    client.post(_join(client, email="two@example.org"))
    page = viewer_client.get("/engagement/").content.decode()
    assert re.search(r"Registered members receiving updates: <strong>2</strong>", page)
