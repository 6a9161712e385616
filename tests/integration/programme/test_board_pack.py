"""The board pack from locked snapshots, with what changed since the last board: web, PDF, Word and CLI;
the illustrative demo programme loads once and renders."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from django.test import Client

from careshift.analysis.programme import digest
from careshift.apps.programme import boardpack, demo, services
from careshift.apps.programme.models import Programme, RaidItem
from tests.integration.programme.conftest import Small


@pytest.fixture
def two_boards(small: Small, user_factory: Callable[..., Any]) -> Small:
    lead = user_factory("programme_lead")
    last = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    services.lock_report(lead, services.start_report(lead, small.project, last))
    RaidItem.objects.create(
        project=small.project,
        reference="NEW-R",
        title="Ambulance protocol",
        residual_likelihood=5,
        residual_impact=5,
    )
    small.project.milestones.update(forecast=dt.date.today() + dt.timedelta(days=90))
    services.lock_report(lead, services.start_report(lead, small.project, dt.date.today()))
    return small


def test_pack_shows_what_changed(two_boards: Small, viewer_client: Client) -> None:
    pack = boardpack.build(two_boards.programme)
    entry = pack.entries[0]
    assert [r["ref"] for r in entry.changes.new_risks] == ["NEW-R"]
    assert entry.changes.slipped_milestones[0].extra_days == 50
    assert pack.not_reported == [two_boards.other.reference]
    html = viewer_client.get(f"/programme/{two_boards.programme.slug}/board-pack/").content.decode()
    assert "What changed since the last board" in html and "New risk NEW-R Ambulance protocol" in html
    assert "data:image/svg+xml;base64" in html  # the charts, drawn server-side


def test_changes_are_in_words_on_the_report_and_in_the_pack(two_boards: Small, viewer_client: Client) -> None:
    latest = two_boards.project.reports.order_by("-period").first()
    assert latest is not None
    html = viewer_client.get(f"/programme/reports/{latest.pk}/").content.decode()
    assert "Savings: Plan to date +£10,000" in html  # one more month's plan (was 'Planytd')
    assert "Financial year" not in html and "Savings: Financialyear" not in html
    entry = boardpack.build(two_boards.programme).entries[0]
    lines = digest.change_lines(entry.changes, str)  # every line, not only the pack's first five
    assert lines[0].startswith("Delivery confidence: ") and "Savings plan to date moved by 10000.0" in lines
    assert not any("_" in line for line in lines)  # no codes such as amber_red or plan_ytd


def test_pdf_and_word(two_boards: Small, viewer_client: Client) -> None:
    base = f"/programme/{two_boards.programme.slug}/board-pack"
    pdf = viewer_client.get(f"{base}.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    word = viewer_client.get(f"{base}.docx")
    document = docx.Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "What changed since the last board" in text and "New risk NEW-R Ambulance protocol" in text
    assert len(document.inline_shapes) >= 2  # the charts as pictures
    assert "Virtual ward" in "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert viewer_client.get(f"{base}.exe").status_code == 400


def test_cli_board_pack(two_boards: Small, tmp_path: Any) -> None:
    from careshift.cli import main

    out = tmp_path / "pack.docx"
    result = CliRunner().invoke(
        main,
        [
            "programme",
            "board-pack",
            "--programme",
            two_boards.programme.slug,
            "--format",
            "docx",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Ambulance protocol" in "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    missing = CliRunner().invoke(
        main, ["programme", "board-pack", "--programme", "nope", "--format", "pdf", "--out", str(out)]
    )
    assert missing.exit_code == 1 and "No programme 'nope'" in missing.output


def test_demo_programme_loads_once_and_is_labelled(
    user_factory: Callable[..., Any], client_for: Callable[[str], Client]
) -> None:
    user_factory("administrator", username="admin")
    programme = demo.load()
    assert programme is not None and demo.load() is None
    assert Programme.objects.get().illustrative
    assert programme.workstreams.count() == 5
    pack = boardpack.build(programme)
    assert len(pack.entries) == 4 and any(not e.changes.empty for e in pack.entries)
    html = client_for("viewer").get(programme.get_absolute_url()).content.decode()
    assert (
        "Illustrative" in html
        and "Witney"
        in client_for("viewer").get(f"{programme.get_absolute_url()}primary-community/").content.decode()
    )


def test_long_tables_are_capped_and_say_how_many_more(small: Small, user_factory: Callable[..., Any]) -> None:
    lead = user_factory("programme_lead")
    RaidItem.objects.bulk_create(
        RaidItem(
            project=small.project,
            reference=f"BIG-R{k:02d}",
            title=f"Board risk {k}",
            residual_likelihood=5,
            residual_impact=5 if k < 19 else 4,
        )
        for k in range(24)
    )  # 19 at 25 and 5 at 20, with the fixture's Staffing (20): 25 escalated to the board
    small.project.milestones.bulk_create(
        small.project.milestones.model(
            project=small.project,
            reference=f"BIG-M{k:02d}",
            name=f"Step {k}",
            baseline=dt.date.today() + dt.timedelta(days=10),
            forecast=dt.date.today() + dt.timedelta(days=11 + k),
        )
        for k in range(20)
    )  # with the fixture's Go live (30 days late): 21 slipped
    services.lock_report(lead, services.start_report(lead, small.project, dt.date.today()))
    pack = boardpack.build(small.programme)
    assert pack.board_risks.total == 25 and len(pack.board_risks) == boardpack.BOARD_RISKS_SHOWN == 15
    assert all(r["residual_score"] == 25 for _, r in pack.board_risks)  # the highest first
    html = boardpack.render(pack, "html").decode()
    assert "The 15 highest of 25 risks escalated to the board; and 10 more: see the programme page" in html
    assert "The 10 most slipped of 21; and 11 more slipped milestones: see the programme page" in html
    assert "The 3 highest of 25 open risks; and 22 more" in html
    assert "The chart shows the 15 most slipped of 21 open milestones that are late; and 6 more" in html
    entry = pack.entries[0]  # a first report: every open risk is new, every late milestone slipped
    assert entry.change_lines.total == len(digest.change_lines(entry.changes, str)) > 5
    assert entry.change_lines[1] == "New risk BIG-R00 Board risk 0 (residual 25)"
    assert f"and {entry.change_lines.more} more changes: see the project's status report" in html
    assert html.count("<li>") == 6  # five changes and the line saying how many more
    text = _docx_text(boardpack.render(pack, "docx"))
    assert "and 10 more: see the programme page or its XLSX export" in text


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs)
