"""The appraisal pack: one document with the options, hurdles, criteria, scores (with where each comes
from and the panel's spread), the ranking and its robustness (rank acceptability, the weights that would
change the leader), access to services, the equality impact of each option, and the evidence cited.

:func:`build` gathers it; :func:`html` writes it as plain HTML with a chart placeholder; :func:`render`
turns that into a PDF or Word document through the platform's document service
(``careshift.site.documents``), as the programme board pack does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from careshift.apps.appraisal import charts, scoring
from careshift.apps.appraisal.models import Appraisal, EvidenceItem, Option, PanelScore, Principle
from careshift.errors import CareshiftError
from careshift.site import documents

FORMATS = documents.FORMATS


def number(value: float | None) -> str:
    """A score for the pack: thousands separated, up to three significant decimals for small values."""
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def share(value: float) -> str:
    return f"{value:.0%}"


@dataclass
class Pack:
    appraisal: Appraisal
    generated: dt.datetime
    options: list[Option]
    table: scoring.ScoreTable
    ranking: scoring.Ranking | None
    access: list[dict[str, Any]]
    principles: list[tuple[str, list[str]]]
    cited: list[EvidenceItem]
    travel: str = "by car (estimated)"
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def score_rows(self) -> list[tuple[str, list[str]]]:
        rows = []
        for option in self.table.options:
            cells = [self.table.cells[(option.pk, c.pk)] for c in self.table.criteria]
            rows.append((option.name, [_cell_text(cell) for cell in cells]))
        return rows

    @property
    def sources(self) -> list[tuple[str, str, str]]:
        return [
            (o.name, c.name, self.table.cells[(o.pk, c.pk)].source)
            for o in self.table.options
            for c in self.table.criteria
        ]

    @property
    def rationales(self) -> list[PanelScore]:
        return list(
            PanelScore.objects.filter(option__appraisal=self.appraisal)
            .select_related("option", "criterion", "scorer")
            .prefetch_related("evidence")
            .order_by("option__position", "criterion__position", "scorer__username")
        )

    @property
    def ranked(self) -> list[tuple[int, str, str, str]]:
        if self.ranking is None:
            return []
        r = self.ranking
        rows = zip(r.ranks, r.options, r.values, r.acceptability[:, 0], strict=True)
        return sorted((rank, o.name, f"{v:.3f}", share(float(first))) for rank, o, v, first in rows)

    @property
    def acceptability(self) -> list[tuple[str, list[str]]]:
        if self.ranking is None:
            return []
        r = self.ranking
        return [(o.name, [share(float(x)) for x in r.acceptability[i]]) for i, o in enumerate(r.options)]

    @property
    def flips(self) -> list[str]:
        if self.ranking is None:
            return []
        out = []
        for flip in self.ranking.flips:
            name = self.table.criteria[flip.criterion].name
            if flip.weight_at_flip is None or flip.new_leader is None:
                out.append(f"{name}: no weight between 0% and 100% changes the leader.")
            else:
                leader = self.ranking.options[flip.new_leader].name
                out.append(
                    f"{name}: {leader} leads if its share of the weight moves from "
                    f"{share(flip.weight_now)} to {share(flip.weight_at_flip)}."
                )
        return out

    @property
    def equality(self) -> list[tuple[Option, Any]]:
        return [(o, o.equality_assessments.prefetch_related("rows").first()) for o in self.options]


def _cell_text(cell: scoring.Cell) -> str:
    text = number(cell.value)
    if cell.spread is not None:
        low, high = cell.spread
        text += f" (scores {low:g} to {high:g}, {cell.scorers} scorer{'s' if cell.scorers != 1 else ''})"
    return text


def cited_evidence(appraisal: Appraisal) -> list[EvidenceItem]:
    """Evidence the panel's scores cite, and evidence tagged to the option scenarios' levers."""
    from careshift.apps.appraisal.services import evidence_for_lever

    found = {e.pk: e for e in EvidenceItem.objects.filter(scores__option__appraisal=appraisal)}
    for option in appraisal.options.select_related("scenario"):
        spec = option.scenario.spec if option.scenario is not None else {}
        levers = [*spec.get("levers", []), *spec.get("discharge", {}).get("levers", [])]
        for lever in levers:
            for item in evidence_for_lever(str(lever.get("name", ""))):
                found.setdefault(item.pk, item)
    return sorted(found.values(), key=lambda e: e.title)


def build(appraisal: Appraisal) -> Pack:
    from careshift.apps.appraisal.access import access_rows, appraisal_basis

    basis = appraisal_basis(appraisal)
    table = scoring.score_table(appraisal)
    try:
        ranking = scoring.rank(appraisal, table)
    except CareshiftError as err:
        table.problems.append(err.message)
        ranking = None
    options = list(appraisal.options.select_related("scenario").prefetch_related("hurdles__criterion"))
    principles = [
        (str(p), [c.name for c in p.criteria.all() if c.appraisal_id == appraisal.pk])
        for p in Principle.objects.prefetch_related("criteria")
    ]
    pack = Pack(
        appraisal,
        timezone.now(),
        options,
        table,
        ranking,
        access_rows(options, basis),
        [(p, names) for p, names in principles if names],
        cited_evidence(appraisal),
        basis.label,
    )
    if ranking is not None:
        title = charts.title("Rank acceptability over the weight ranges", appraisal)
        pack.charts["acceptability"] = charts.acceptability_spec(charts.acceptability_table(ranking), title)
    return pack


def html(pack: Pack) -> str:
    """The pack as HTML with chart placeholders (``data-chart``) for the document service."""
    return render_to_string("appraisal/pack_document.html", {"pack": pack})


def render(pack: Pack, fmt: str) -> bytes:
    """The pack as ``pdf``, ``docx`` or ``html`` bytes (the HTML with the chart inline as SVG)."""
    title = f"{pack.appraisal.name}: appraisal pack"
    return documents.render(html(pack), pack.charts, fmt, title=title, document="An appraisal pack")


def file_name(appraisal: Appraisal, fmt: str) -> str:
    return documents.file_name(appraisal.slug, "appraisal-pack", fmt)
