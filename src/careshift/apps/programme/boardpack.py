"""The programme highlight report and board pack, built from locked status-report snapshots (never from
live data), with what changed since each project's previous locked report.

:func:`build` gathers the pack; :func:`render` turns it into HTML (with chart placeholders), PDF or Word
through the platform's document service (careshift.site.documents). The same function runs in a
background job (jobs.py) and from the CLI.

A pack is what a board reads, not every record: where a list would run to hundreds of rows it shows the
ones a board needs first (risks escalated to the board by residual score, each workstream's most slipped
milestones, each project's most important changes) and says how many more there are and where they are
(the programme's pages and its XLSX export); see careshift.analysis.programme.digest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd
from django.template.loader import render_to_string

from careshift.analysis.programme import digest, ratings, savings, snapshots, workstreams
from careshift.apps.programme import charts, ledger
from careshift.apps.programme.models import Programme, StatusReport
from careshift.apps.programme.templatetags.programme_tags import money
from careshift.site import documents

FORMATS = documents.FORMATS
MONEY_KEYS = ("plan_year", "plan_ytd", "actual_ytd", "variance_ytd", "forecast_outturn", "risk_adjusted")
BOARD_RISKS_SHOWN = 15  # risks escalated to the board, highest residual score first
CHANGES_SHOWN = 5  # per project in "what changed", the most important first
SLIPPAGE_CHARTED = 15  # the most slipped open milestones in the slippage chart


@dataclass
class Entry:
    """One project in the pack: its latest locked snapshot and what changed since the one before."""

    report: StatusReport
    snapshot: dict[str, Any]
    previous: StatusReport | None
    changes: snapshots.Changes

    @property
    def confidence_label(self) -> str:
        return ratings.Confidence(self.snapshot["confidence"]).label

    @cached_property
    def change_lines(self) -> digest.Shortlist[str]:
        """The project's changes as sentences, the first :data:`CHANGES_SHOWN` of them."""
        return digest.shortlist(digest.change_lines(self.changes, money), CHANGES_SHOWN)


@dataclass
class BoardPack:
    programme: Programme
    generated: dt.datetime
    entries: list[Entry]
    totals: dict[str, float]
    target: float
    year: int
    next_meeting: Any
    not_reported: list[str]
    workstreams: list[workstreams.WorkstreamReport] = field(default_factory=list)
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    slipped: digest.Shortlist[dict[str, Any]] = field(default_factory=lambda: digest.Shortlist((), 0))

    @property
    def gap(self) -> float:
        return savings.unidentified_gap(self.target, self.totals.get("plan_year", 0.0))

    @property
    def fy(self) -> str:
        return savings.fy_label(self.year)

    @property
    def board_risks(self) -> digest.Shortlist[tuple[str, dict[str, Any]]]:
        """Open risks escalated to the board, highest residual score first (the first
        :data:`BOARD_RISKS_SHOWN`)."""
        risks = [
            (e.snapshot["ref"], r)
            for e in self.entries
            for r in e.snapshot["risks"]
            if r["status"] == "open" and r["escalation"] == "board"
        ]
        return digest.shortlist(
            risks, BOARD_RISKS_SHOWN, key=lambda item: (-item[1]["residual_score"], item[0], item[1]["ref"])
        )

    @property
    def changed(self) -> list[Entry]:
        return [e for e in self.entries if not e.changes.empty]


def _locked_by_project(programme: Programme) -> dict[int, list[StatusReport]]:
    reports = StatusReport.objects.filter(
        programme=programme, status=StatusReport.Status.LOCKED, project__isnull=False
    ).select_related("project", "locked_by")
    grouped: dict[int, list[StatusReport]] = defaultdict(list)
    for report in reports.order_by("project_id", "-period"):
        assert report.project_id is not None
        grouped[report.project_id].append(report)
    return grouped


def build(programme: Programme) -> BoardPack:
    """The pack from each project's latest locked report, diffed against its previous locked report."""
    grouped = _locked_by_project(programme)
    entries = []
    for reports in grouped.values():
        latest, previous = reports[0], (reports[1] if len(reports) > 1 else None)
        assert latest.snapshot is not None
        entries.append(
            Entry(
                latest,
                latest.snapshot,
                previous,
                snapshots.diff(previous.snapshot if previous else None, latest.snapshot),
            )
        )
    entries.sort(key=lambda e: (e.snapshot["workstream"], e.snapshot["ref"]))
    years = [e.snapshot["savings"]["financial_year"] for e in entries]
    year = max(years) if years else savings.financial_year(dt.date.today())
    totals = {k: sum(e.snapshot["savings"].get(k, 0.0) for e in entries) for k in MONEY_KEYS}
    reported = set(grouped)
    missing = programme.workstreams.values_list("projects__reference", "projects__pk")
    pack = BoardPack(
        programme=programme,
        generated=dt.datetime.now(),
        entries=entries,
        totals=totals,
        target=ledger.target_for(programme, year),
        year=year,
        next_meeting=programme.meetings.filter(date__gte=dt.date.today()).first(),
        not_reported=sorted(ref for ref, pk in missing if pk is not None and pk not in reported),
        workstreams=workstreams.by_workstream(e.snapshot for e in entries),
    )
    _add_charts(pack)
    return pack


def _add_charts(pack: BoardPack) -> None:
    positions = [
        tuple(r["residual"])
        for e in pack.entries
        for r in e.snapshot["risks"]
        if r["status"] == "open" and r["kind"] == "risk"
    ]
    heat = charts.heat_table(positions)  # type: ignore[arg-type]
    where = pack.programme.name
    pack.tables["heatmap"], pack.charts["heatmap"] = heat, charts.heat_chart(heat, where)
    late = [
        {**m, "ref": f"{e.snapshot['ref']} {m['ref']}"}
        for e in pack.entries
        for m in e.snapshot["milestones"]
        if m["slippage_days"] > 0 and not m.get("actual")
    ]
    pack.slipped = digest.shortlist(late, SLIPPAGE_CHARTED, key=lambda m: (-m["slippage_days"], m["ref"]))
    if late:
        slips = charts.slippage_table(list(pack.slipped))
        pack.tables["slippage"], pack.charts["slippage"] = slips, charts.slippage_chart(slips, where)
    money = workstream_savings(pack)
    fy = savings.fy_label(pack.year)
    pack.tables["savings"], pack.charts["savings"] = money, charts.savings_chart(money, where, fy)


def workstream_savings(pack: BoardPack) -> pd.DataFrame:
    rows: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for e in pack.entries:
        for key, label in (
            ("plan_year", "Plan"),
            ("forecast_outturn", "Forecast outturn"),
            ("risk_adjusted", "Risk-adjusted"),
        ):
            rows[e.snapshot["workstream"]][label] += e.snapshot["savings"].get(key, 0.0)
    return pd.DataFrame(
        [{"Workstream": ws, "Measure": k, "£": round(v)} for ws, d in rows.items() for k, v in d.items()],
        columns=["Workstream", "Measure", "£"],
    )


def html(pack: BoardPack) -> str:
    """The pack as HTML with chart placeholders (``data-chart``) for the document service."""
    return render_to_string("programme/board_pack_document.html", {"pack": pack})


def render(pack: BoardPack, fmt: str) -> bytes:
    """The pack as ``pdf``, ``docx`` or ``html`` bytes (the HTML with the charts inline as SVG)."""
    title = f"{pack.programme.name}: board pack"
    return documents.render(html(pack), pack.charts, fmt, title=title, document="A board pack")


def file_name(programme: Programme, fmt: str) -> str:
    return documents.file_name(programme.slug, "board-pack", fmt)
