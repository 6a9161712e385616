"""Hub locations and the weight sensitivity run as jobs on the platform's job system, with progress."""

from __future__ import annotations

from django.test import Client

from careshift.apps.appraisal.models import Analysis, Appraisal
from careshift.apps.jobs import worker

LOCATIONS = {"hubs": 3, "kind": "gp_practice", "method": "mclp", "standard": 20, "weight": "over_75"}


def test_a_hub_proposal_is_queued_shown_while_it_waits_then_solved(
    analyst_client: Client, viewer_client: Client, db: None
) -> None:
    response = analyst_client.post("/appraisal/locations/", LOCATIONS)
    analysis = Analysis.objects.get()
    assert response.status_code == 302 and response["Location"] == analysis.get_absolute_url()
    assert analysis.job is not None and analysis.job.kind == "appraisal.locations"
    waiting = viewer_client.get(analysis.get_absolute_url()).content.decode()
    assert "Waiting for a worker" in waiting and 'hx-trigger="every 1s"' in waiting
    worker.run_forever(once=True)
    analysis.refresh_from_db()
    assert analysis.status == "succeeded" and analysis.job.done == analysis.job.total == 3
    page = viewer_client.get(analysis.get_absolute_url(), headers={"HX-Request": "true"})
    html = page.content.decode()
    proposal = page.context["proposal"]
    assert len(proposal.hubs) == 3 and proposal.proposed_within >= proposal.today_within
    assert "Proposed hubs" in html and "hx-trigger" not in html  # finished: polling stops
    assert "<html" not in html  # the partial alone
    assert analysis.get_absolute_url() in viewer_client.get("/appraisal/locations/").content.decode()


def test_only_builders_queue_jobs_and_bad_input_is_explained(
    viewer_client: Client, analyst_client: Client, db: None
) -> None:
    assert viewer_client.post("/appraisal/locations/", LOCATIONS).status_code == 403
    bad = analyst_client.post("/appraisal/locations/", {**LOCATIONS, "hubs": 0})
    assert bad.status_code == 400 and "greater than or equal to 1" in bad.content.decode()
    assert not Analysis.objects.exists()
    assert viewer_client.get("/appraisal/analyses/999/").status_code == 404


def test_the_weight_sensitivity_runs_in_the_background_with_progress(
    demo: Appraisal, analyst_client: Client, viewer_client: Client
) -> None:
    assert viewer_client.post(f"/appraisal/{demo.slug}/sensitivity/").status_code == 403
    response = analyst_client.post(f"/appraisal/{demo.slug}/sensitivity/")
    analysis = Analysis.objects.get(appraisal=demo)
    assert response["Location"] == analysis.get_absolute_url()
    assert "Queued" in viewer_client.get(demo.get_absolute_url()).content.decode()
    worker.run_forever(once=True)
    analysis.refresh_from_db()
    assert analysis.status == "succeeded", analysis.job.error_message
    assert analysis.job.done == analysis.job.total == 20_000
    result = analysis.result
    assert result["draws"] == 20_000 and len(result["options"]) == 3
    assert all(abs(sum(row) - 1) < 1e-6 for row in result["acceptability"])
    html = viewer_client.get(analysis.get_absolute_url()).content.decode()
    assert "Rank 3" in html and "20,000 weight draws" in html


def test_the_sensitivity_is_the_same_for_the_same_seed(demo: Appraisal) -> None:
    from careshift.apps.appraisal import scoring

    one = scoring.sensitivity(demo, draws=5000, seed=4)
    assert one == scoring.sensitivity(demo, draws=5000, seed=4)
    assert one != scoring.sensitivity(demo, draws=5000, seed=5)


def test_a_sensitivity_with_missing_scores_fails_with_the_reason(
    demo: Appraisal, analyst_client: Client
) -> None:
    from careshift.apps.scenarios.models import Run

    Run.objects.all().delete()
    analyst_client.post(f"/appraisal/{demo.slug}/sensitivity/")
    worker.run_forever(once=True)
    analysis = Analysis.objects.get(appraisal=demo)
    assert analysis.status == "failed"
    assert (
        "cannot be tested yet" in analysis.job.error_message
        and "No finished run" in analysis.job.error_message
    )
