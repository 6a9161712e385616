"""Every scenarios page for every role: allowed (200), forbidden (403) or sent to sign in (anonymous)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.apps.accounts.permissions import PERMISSIONS, ROLES

pytestmark = pytest.mark.django_db

# (url name, args from the fixtures, action that guards it)
GET_PAGES = [
    ("scenarios:list", None, "view"),
    ("scenarios:compare", None, "view"),
    ("scenarios:detail", "slug", "view"),
    ("scenarios:export", "slug", "view"),
    ("scenarios:run", "run", "view"),
    ("scenarios:run_progress", "run", "view"),
    ("scenarios:results", "run", "view"),
    ("scenarios:create", None, "edit_scenario"),
    ("scenarios:import", None, "edit_scenario"),
    ("scenarios:lever_row", None, "edit_scenario"),
    ("scenarios:edit", "slug", "edit_scenario"),
    ("scenarios:copy", "slug", "edit_scenario"),
    ("scenarios:delete", "slug", "delete_scenario"),
]


def _url(name: str, arg: str | None, run: Any) -> str:
    from django.urls import reverse

    args = {"slug": [run.scenario.slug], "run": [run.pk], None: []}[arg]
    return reverse(name, args=args)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_by_role(
    role: str, client_for: Callable[[str], Client], succeeded_run: Any
) -> None:
    client = client_for(role)
    for name, arg, action in GET_PAGES:
        response = client.get(_url(name, arg, succeeded_run))
        expected = 200 if role in PERMISSIONS[action] else 403
        assert response.status_code == expected, (name, role, response.status_code)


def test_anonymous_visitors_are_sent_to_sign_in(succeeded_run: Any) -> None:
    client = Client()
    for name, arg, _action in GET_PAGES:
        response = client.get(_url(name, arg, succeeded_run))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


@pytest.mark.parametrize(
    ("name", "arg", "action"),
    [
        ("scenarios:start_run", "slug", "run_scenario"),
        ("scenarios:run_cancel", "run", "cancel_run"),
        ("scenarios:delete", "slug", "delete_scenario"),
        ("scenarios:copy", "slug", "edit_scenario"),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_posts_are_refused_to_roles_without_the_action(
    role: str, name: str, arg: str, action: str, client_for: Callable[[str], Client], scenario: Any
) -> None:
    from careshift.apps.scenarios import services

    run = services.start_run(None, scenario, iterations=2)
    if role in PERMISSIONS[action]:
        return  # the allowed path is tested per feature
    response = client_for(role).post(_url(name, arg, run), {"iterations": 2, "seed": 1, "executor": "local"})
    assert response.status_code == 403


def test_the_list_shows_each_scenario_with_its_last_run(viewer_client: Client, succeeded_run: Any) -> None:
    html = viewer_client.get("/scenarios/").content.decode()
    assert "Care closer to home" in html and "Succeeded" in html


def test_a_missing_scenario_or_run_is_a_friendly_404(viewer_client: Client) -> None:
    assert viewer_client.get("/scenarios/no-such-scenario/").status_code == 404
    assert viewer_client.get("/scenarios/runs/999999/").status_code == 404
    assert viewer_client.get("/scenarios/runs/999999/results/").status_code == 404


def test_starting_a_run_queues_it_and_shows_its_progress(analyst_client: Client, scenario: Any) -> None:
    response = analyst_client.post(
        f"/scenarios/{scenario.slug}/run/", {"iterations": 3, "seed": 5, "executor": "local"}
    )
    assert response.status_code == 302
    run = scenario.runs.get()
    assert (run.status, run.iterations, run.seed) == ("queued", 3, 5)
    progress = analyst_client.get(f"/scenarios/runs/{run.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in progress and "Cancel this run" in progress


def test_the_progress_partial_stops_polling_when_the_run_has_finished(
    viewer_client: Client, succeeded_run: Any
) -> None:
    progress = viewer_client.get(f"/scenarios/runs/{succeeded_run.pk}/progress/").content.decode()
    assert "hx-trigger" not in progress and "See the results" in progress


def test_a_failed_run_shows_the_reason(viewer_client: Client, scenario: Any) -> None:
    from careshift.apps.jobs.models import Job
    from careshift.apps.scenarios import services

    run = services.start_run(None, scenario, iterations=2)
    Job.objects.filter(pk=run.job_id).update(
        status="failed", error_message="Unknown activity 'x'.", error_hint="Use one of the pack's codes."
    )
    html = viewer_client.get(f"/scenarios/runs/{run.pk}/").content.decode()
    assert "Unknown activity" in html and "Use one of the pack" in html


def test_cancel_by_htmx_returns_the_progress_partial(analyst_client: Client, scenario: Any) -> None:
    from careshift.apps.scenarios import services

    run = services.start_run(None, scenario, iterations=2)
    response = analyst_client.post(f"/scenarios/runs/{run.pk}/cancel/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'data-status="cancelled"' in response.content.decode()


def test_deleting_asks_first_then_deletes(analyst_client: Client, scenario: Any) -> None:
    from careshift.apps.accounts.models import AuditEvent
    from careshift.apps.scenarios.models import Scenario

    assert "cannot be undone" in analyst_client.get(f"/scenarios/{scenario.slug}/delete/").content.decode()
    assert analyst_client.post(f"/scenarios/{scenario.slug}/delete/").status_code == 302
    assert not Scenario.objects.filter(pk=scenario.pk).exists()
    assert AuditEvent.objects.filter(action="scenario.delete").exists()


def test_copying_makes_a_new_scenario_with_the_same_spec(analyst_client: Client, scenario: Any) -> None:
    from careshift.apps.scenarios.models import Scenario

    response = analyst_client.post(f"/scenarios/{scenario.slug}/copy/", {"name": "Bolder"})
    copy = Scenario.objects.get(name="Bolder")
    assert response["Location"] == copy.get_absolute_url()
    assert {k: v for k, v in copy.spec.items() if k != "name"} == {
        k: v for k, v in scenario.spec.items() if k != "name"
    }
