"""Job pages and API: the owner or a role that manages jobs sees and cancels a job; others may not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.apps.jobs import services
from careshift.apps.jobs.models import Job

pytestmark = pytest.mark.django_db
Register = Callable[[str, Callable[..., Any]], None]


@pytest.fixture
def owned_job(register: Register, user_factory: Any) -> tuple[Job, Any]:
    register("probe.page", lambda ctx: None)
    owner = user_factory("viewer")
    return services.enqueue("probe.page", {}, owner=owner, title="Board pack for March"), owner


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_owner_sees_the_job_and_its_live_progress(owned_job: tuple[Job, Any]) -> None:
    job, owner = owned_job
    client = _client(owner)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Board pack for March" in page and 'hx-trigger="every 1s"' in page and "Cancel this job" in page
    assert "Board pack for March" in client.get("/jobs/").content.decode()


def test_another_viewer_may_not_see_or_cancel_it(owned_job: tuple[Job, Any], user_factory: Any) -> None:
    job, _ = owned_job
    client = _client(user_factory("viewer"))
    assert client.get(f"/jobs/{job.pk}/").status_code == 403
    assert client.post(f"/jobs/{job.pk}/cancel/").status_code == 403
    assert "Board pack" not in client.get("/jobs/").content.decode()
    job.refresh_from_db()
    assert job.status == "queued"


def test_an_analyst_sees_everyones_jobs_and_cancels_by_htmx(
    owned_job: tuple[Job, Any], user_factory: Any
) -> None:
    job, _ = owned_job
    client = _client(user_factory("analyst"))
    assert "Board pack" not in client.get("/jobs/").content.decode()
    assert "Board pack" in client.get("/jobs/?all=1").content.decode()
    response = client.post(f"/jobs/{job.pk}/cancel/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'data-status="cancelled"' in html and "hx-trigger" not in html
    assert client.post(f"/jobs/{job.pk}/cancel/").status_code == 400  # already finished: a clear error


def test_a_scenario_runs_job_links_its_run_and_results(analyst_client: Client, db: None) -> None:
    from careshift.apps.scenarios import services as scenario_services
    from careshift.model.scenario import sample_scenarios

    spec = sample_scenarios()["do-nothing"].model_dump(mode="json")
    scenario = scenario_services.create_scenario(None, name="Do nothing", spec=spec)
    run = scenario_services.start_run(None, scenario, iterations=2)
    Job.objects.filter(pk=run.job_id).update(owner=analyst_client.session["_auth_user_id"])
    page = analyst_client.get(f"/jobs/{run.job_id}/").content.decode()
    assert f"Run {run.pk} of Do nothing" in page and f'href="/scenarios/runs/{run.pk}/"' in page


def test_the_api_shows_and_cancels_your_job(owned_job: tuple[Job, Any], user_factory: Any) -> None:
    job, owner = owned_job
    client = _client(owner)
    body = client.get(f"/api/jobs/{job.pk}").json()
    assert body["status"] == "queued" and body["kind"] == "probe.page" and body["owner"] == owner.username
    assert [j["id"] for j in client.get("/api/jobs/").json()] == [job.pk]
    assert _client(user_factory("viewer")).get(f"/api/jobs/{job.pk}").status_code == 403
    assert client.post(f"/api/jobs/{job.pk}/cancel").json()["status"] == "cancelled"
