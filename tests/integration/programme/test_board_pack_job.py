"""'Render board pack' queues a job on the platform's job system (kind programme.board_pack); its page
shows the progress, then the finished PDF or Word document downloads. The document has a report per
workstream: status, RAG by theme, slipped milestones, top risks and savings against plan."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import docx
import pypdf
import pytest
from django.test import Client

from careshift.apps.jobs import worker
from careshift.apps.jobs.models import Job
from careshift.apps.programme import services
from careshift.apps.programme.models import BoardPackFile
from tests.integration.programme.conftest import TODAY, Small

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked(small: Small, user_factory: Callable[..., Any]) -> Small:
    lead = user_factory("programme_lead")
    services.lock_report(lead, services.start_report(lead, small.project, TODAY))
    return small


def _text(content: bytes, fmt: str) -> str:
    if fmt == "pdf":
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_render_queues_a_job_shows_progress_then_downloads(
    fmt: str, locked: Small, viewer_client: Client
) -> None:
    slug = locked.programme.slug
    assert "Render board pack" in viewer_client.get(f"/programme/{slug}/board-pack/").content.decode()
    response = viewer_client.post(f"/programme/{slug}/board-pack/render/", {"format": fmt})
    pack_file = BoardPackFile.objects.get()
    assert response.status_code == 302 and response["Location"] == pack_file.get_absolute_url()
    assert pack_file.job is not None and pack_file.job.kind == "programme.board_pack"

    waiting = viewer_client.get(pack_file.get_absolute_url()).content.decode()
    assert "Waiting for a worker" in waiting and 'hx-trigger="every 1s"' in waiting
    early = viewer_client.get(f"/programme/board-packs/{pack_file.pk}/download/")
    assert early.status_code == 404 and "not ready" in early.content.decode()

    worker.run_forever(once=True)
    pack_file.refresh_from_db()
    job = pack_file.job
    assert job is not None and job.status == Job.Status.SUCCEEDED, job.error_message
    assert job.done == job.total == 3 and pack_file.reports == 1

    done = viewer_client.get(pack_file.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done and "<html" not in done  # finished: the partial, polling stops
    assert f"/programme/board-packs/{pack_file.pk}/download/" in done

    download = viewer_client.get(f"/programme/board-packs/{pack_file.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith(f'.{fmt}"')
    content = download.content
    if fmt == "pdf":
        assert content.startswith(b"%PDF")
    text = _text(content, fmt)
    assert "Workstream reports" in text and "Urgent care" in text
    assert "Go live" in text  # the slipped milestone (30 days late)
    assert "Staffing" in text  # the top risk (residual 20)
    assert "£120,000" in text  # the plan for the year


def test_the_workstream_report_says_status_themes_and_savings(locked: Small, viewer_client: Client) -> None:
    html = viewer_client.get(f"/programme/{locked.programme.slug}/board-pack/").content.decode()
    section = html.split("Workstream reports", 1)[1].split("Project reports", 1)[0]
    assert "Urgent care:" in section and "lowest delivery confidence" in section
    assert "Schedule" in section and "Risks" in section and "not rated" in section
    assert "Savings" in section and "against plan" in section and "Top risk" in section


def test_an_unknown_format_is_refused_and_nothing_queued(locked: Small, viewer_client: Client) -> None:
    response = viewer_client.post(f"/programme/{locked.programme.slug}/board-pack/render/", {"format": "exe"})
    assert response.status_code == 400 and "PDF or a Word document" in response.content.decode()
    assert not BoardPackFile.objects.exists() and not Job.objects.exists()


def test_the_handler_fails_with_the_reason_when_its_request_is_gone(
    locked: Small, viewer_client: Client
) -> None:
    viewer_client.post(f"/programme/{locked.programme.slug}/board-pack/render/", {"format": "pdf"})
    pack_file = BoardPackFile.objects.get()
    job = pack_file.job
    assert job is not None
    BoardPackFile.objects.filter(pk=pack_file.pk).update(job=None)
    BoardPackFile.objects.filter(pk=pack_file.pk).delete()
    worker.run_forever(once=True)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "no board pack request" in job.error_message


def test_rendering_needs_sign_in_and_a_post(locked: Small, viewer_client: Client) -> None:
    url = f"/programme/{locked.programme.slug}/board-pack/render/"
    assert Client().post(url, {"format": "pdf"}).status_code == 302  # to sign in
    assert viewer_client.get(url).status_code == 405
