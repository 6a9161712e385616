"""Lost updates in the programme office: two people editing the same project, milestone, risk, savings
line (and its months), action or status report. The first save wins; the second is refused (409) with a
message in words, its form keeps what that person typed, and a deliberate second save replaces it."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from careshift.analysis.programme import savings
from careshift.apps.programme import models as m
from careshift.apps.programme import services
from tests.integration.programme.conftest import TODAY, Small

pytestmark = pytest.mark.django_db
REFUSED = "Someone else saved this"


class _FormFields(HTMLParser):
    """The fields of the page's form that carries a version, as a browser would post them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._in_form = False
        self._select: str | None = None
        self._multiple = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method") == "post":
            self._in_form = True
            self.forms.append({})
        elif not self._in_form:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.forms[-1].setdefault(a["name"], []).append(a.get("value", "on"))
            else:
                self.forms[-1][a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
            self._multiple = "multiple" in a
            self.forms[-1].setdefault(self._select, [] if self._multiple else "")
        elif tag == "option" and self._select and "selected" in a:
            if self._multiple:
                self.forms[-1][self._select].append(a.get("value", ""))
            else:
                self.forms[-1][self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.forms[-1][self._textarea] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:  # a browser drops the newline right after <textarea>
            text = self.forms[-1][self._textarea] + data
            self.forms[-1][self._textarea] = text.removeprefix("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def opened(client: Client, url: str) -> dict[str, Any]:
    """GET the edit page and return its form as the browser holds it (the hidden version included)."""
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _FormFields()
    parser.feed(response.content.decode())
    form = next(f for f in parser.forms if "version" in f)
    assert form["version"], "the edit form carries the version it was opened at"
    form.pop("csrfmiddlewaretoken", None)
    return {k: (html.unescape(v) if isinstance(v, str) else v) for k, v in form.items()}


@pytest.fixture
def editors(small: Small, user_factory: Callable[..., Any], login: Callable[[Any], Client]) -> list[Client]:
    """The project's owner and a programme lead, both allowed to edit everything on the project."""
    return [login(small.owner), login(user_factory("programme_lead"))]


def _cases(small: Small) -> dict[str, tuple[str, str, Any]]:
    """kind -> (edit page, a text field, the stored record)."""
    p = small.project
    milestone, risk = p.milestones.get(), p.raid_items.get()
    action = m.Action.objects.create(project=p, title="Book the room", due=TODAY)
    base = f"/programme/projects/{p.pk}"
    return {
        "project": (f"{base}/edit/", "name", p),
        "milestone": (f"{base}/milestone/{milestone.pk}/", "name", milestone),
        "risk": (f"{base}/raid/{risk.pk}/", "title", risk),
        "savings line": (f"{base}/savings/{small.line.pk}/", "title", small.line),
        "action": (f"{base}/action/{action.pk}/", "title", action),
    }


@pytest.mark.parametrize("kind", ["project", "milestone", "risk", "savings line", "action"])
def test_second_save_is_refused_and_keeps_what_was_typed(
    kind: str, small: Small, editors: list[Client]
) -> None:
    url, field, record = _cases(small)[kind]
    alice, bob = editors
    alice_form, bob_form = opened(alice, url), opened(bob, url)

    assert alice.post(url, {**alice_form, field: "Alice's words"}).status_code == 302

    refused = bob.post(url, {**bob_form, field: "Bob's words"})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert f"{REFUSED} {record._meta.verbose_name} after you opened it" in page
    assert "Your changes have not been saved" in page
    assert "Bob&#x27;s words" in page  # what Bob typed is still in the form
    record.refresh_from_db()
    assert getattr(record, field) == "Alice's words" and record.version == 2

    # The refused form now carries the saved version: saving it again is a deliberate replacement.
    again = opened_from(page)
    assert again["version"] == "2"
    assert bob.post(url, {**bob_form, field: "Bob's words", "version": "2"}).status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == "Bob's words" and record.version == 3


def opened_from(page: str) -> dict[str, Any]:
    parser = _FormFields()
    parser.feed(page)
    return next(f for f in parser.forms if "version" in f)


def test_a_record_deleted_meanwhile_says_so(small: Small, editors: list[Client]) -> None:
    url, _, milestone = _cases(small)["milestone"]
    alice, bob = editors
    form = opened(bob, url)
    alice.post(f"{url}delete/")
    assert not m.Milestone.objects.filter(pk=milestone.pk).exists()
    refused = bob.post(url, {**form, "name": "Bob's name"})
    assert refused.status_code in (404, 409)  # the page itself is gone: 404 before any save


def test_savings_months_grid(small: Small, editors: list[Client]) -> None:
    year = savings.financial_year(TODAY)
    url = f"/programme/projects/{small.project.pk}/savings/{small.line.pk}/months/{year}/"
    alice, bob = editors
    alice_form, bob_form = opened(alice, url), opened(bob, url)
    key = f"plan_{savings.fy_months(year)[0]:%Y_%m}"
    assert alice.post(url, {**alice_form, key: "11111"}).status_code == 302
    refused = bob.post(url, {**bob_form, key: "22222"})
    assert refused.status_code == 409
    assert f"{REFUSED} savings line after you opened it" in refused.content.decode()
    assert 'value="22222"' in refused.content.decode()
    month = small.line.months.get(month=savings.fy_months(year)[0])
    assert month.plan == 11111


def test_status_report_commentary(small: Small, editors: list[Client]) -> None:
    report = services.start_report(small.owner, small.project, TODAY)
    url = f"/programme/reports/{report.pk}/"
    alice, bob = editors
    alice_form, bob_form = opened(alice, url), opened(bob, url)
    post = f"{url}commentary/"
    assert alice.post(post, {**alice_form, "commentary": "On track"}).status_code == 302
    refused = bob.post(post, {**bob_form, "commentary": "Slipping badly"})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert f"{REFUSED} status report after you opened it" in page and "Slipping badly" in page
    report.refresh_from_db()
    assert report.commentary == "On track"


def test_stage_move_after_an_edit_is_refused(small: Small, editors: list[Client]) -> None:
    alice, bob = editors
    m.Artefact.objects.create(project=small.project, kind="pid", title="PID", approved=True)
    stage_url = f"/programme/projects/{small.project.pk}/stage/"
    bob_form = opened(bob, stage_url)
    edit_url = f"/programme/projects/{small.project.pk}/edit/"
    assert alice.post(edit_url, {**opened(alice, edit_url), "name": "Renamed"}).status_code == 302
    pid = small.programme.stages.get(key="pid")
    refused = bob.post(stage_url, {**bob_form, "stage": str(pid.pk)})
    assert refused.status_code == 409 and REFUSED in refused.content.decode()
    small.project.refresh_from_db()
    assert (
        small.project.stage is not None
        and small.project.stage.key == "idea"
        and small.project.name == "Renamed"
    )


def test_writers_that_do_not_check_still_bump_the_version(small: Small, editors: list[Client]) -> None:
    """A plain save (an import, the admin, a risk converted to an issue) moves the version on, so a form
    opened before it is refused rather than silently undoing it."""
    _, bob = editors
    url, _, risk = _cases(small)["risk"]
    form = opened(bob, url)
    services.convert_to_issue(small.owner, risk)
    refused = bob.post(url, {**form, "title": "Bob's title"})
    assert refused.status_code == 409
    risk.refresh_from_db()
    assert risk.kind == "issue" and risk.title == "Staffing"


def test_new_records_start_at_version_one(small: Small, editors: list[Client]) -> None:
    alice, _ = editors
    url = f"/programme/projects/{small.project.pk}/milestone/new/"
    day = (TODAY + dt.timedelta(days=5)).isoformat()
    response = alice.post(url, {"reference": "NEW-M", "name": "New", "baseline": day, "forecast": day})
    assert response.status_code == 302
    assert m.Milestone.objects.get(reference="NEW-M").version == 1


def test_saving_a_project_unchanged_keeps_its_levers(small: Small, editors: list[Client]) -> None:
    """Found on the way: the edit form showed the levers as a Python list ("[]"), so saving a project
    unchanged gave it a lever called "[]" (or "['a', 'b']")."""
    small.other.levers = ["Virtual ward beds", "Falls response"]
    small.other.save()
    _, lead = editors
    for project in (small.project, small.other):
        url = f"/programme/projects/{project.pk}/edit/"
        before = list(project.levers)
        assert lead.post(url, opened(lead, url)).status_code == 302
        project.refresh_from_db()
        assert project.levers == before


@pytest.mark.parametrize("kind", ["milestone", "risk", "action"])
def test_a_delete_of_a_record_changed_meanwhile_is_refused(
    kind: str, small: Small, editors: list[Client]
) -> None:
    from careshift.apps.accounts.models import AuditEvent

    url, field, record = _cases(small)[kind]
    alice, bob = editors
    page = alice.get(url).content.decode()
    delete_form = next(f for f in _all_forms(page) if f.get("_action", "").endswith("/delete/"))
    assert delete_form["version"] == "1"  # the delete button carries the version it was shown at
    assert bob.post(url, {**opened(bob, url), field: "Bob's words"}).status_code == 302

    refused = alice.post(f"{url}delete/", {"version": delete_form["version"]}, follow=True)
    assert refused.redirect_chain[-1][0] == url  # back to the record, as it now is
    text = html.unescape(refused.content.decode())
    assert (
        f"{REFUSED} {record._meta.verbose_name} after you opened it" in text
        and "has not been deleted" in text
    )
    assert "Bob's words" in text
    assert type(record).objects.filter(pk=record.pk).exists()
    assert not AuditEvent.objects.filter(action__endswith=".delete").exists()

    assert alice.post(f"{url}delete/", {"version": "2"}).status_code == 302  # seen, and still to go
    assert not type(record).objects.filter(pk=record.pk).exists()
    assert alice.post(f"{url}delete/", {"version": "x"}).status_code in (400, 404)


def _all_forms(page: str) -> list[dict[str, Any]]:
    """Every post form of the page with its fields, and its action as ``_action``."""

    class Forms(_FormFields):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            super().handle_starttag(tag, attrs)
            if tag == "form" and dict(attrs).get("method") == "post":
                self.forms[-1]["_action"] = dict(attrs).get("action") or ""

    parser = Forms()
    parser.feed(page)
    return parser.forms
