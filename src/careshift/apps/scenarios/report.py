"""Board-ready documents of a run's results and of a comparison, as PDF or Word (issue 9).

:func:`results_document` gathers one run's document: the scenario, run, date, data-pack version and the
illustrative flag; the headline panel (:mod:`careshift.apps.scenarios.headline`) for the horizon year or the
page's ``year``, and every chart measure in the horizon year at a glance; every chart of the results page for
one locality and setting, each under its full title (what, where, which scenario) with the first and last
year's figures; the levers in words (:mod:`careshift.apps.scenarios.lever_words`) with the evidence they
cite; the scenario's own assumptions and the data pack's, each with its source; caveats and sources.
:func:`comparison_document` does the same for a comparison (:class:`~careshift.apps.scenarios.compare.
Comparison`): the runs it used and why, the chart, the differences with their ranges, and the compared
runs' levers and assumptions side by side (:mod:`careshift.apps.scenarios.compare_levers`).

:func:`render` writes either as ``pdf``, ``docx`` or ``html`` through the platform's document service
(:mod:`careshift.site.documents`), which draws the charts server-side from the same Vega-Lite specs the
pages draw in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from careshift.apps.scenarios import engine, method, results, versions
from careshift.apps.scenarios import headline as headlines
from careshift.apps.scenarios.compare import Comparison
from careshift.apps.scenarios.compare_levers import LeversSideBySide, side_by_side
from careshift.apps.scenarios.models import Run, Scenario
from careshift.apps.scenarios.templatetags.evidence_tags import lever_evidence
from careshift.site import documents

MAX_TABLE_ROWS = 30
GLANCE = "Every chart's measures in the horizon year"
# The main charts, drawn; the page's other charts are given as their tables (each chart drawn costs about
# 0.3-0.5 s of a PDF on the shared 2-core machine: benchmarks/bench_documents.py).
MAIN_CHARTS = (
    "beds",
    "turn_away",
    "workforce",
    "cost",
    "savings",
    "waterfall_bed_days",
    "waterfall_cost",
    "winter",
    "discharge_waiting",
)


@dataclass(frozen=True)
class Chart:
    """One chart of a document: its placeholder key, full title, words and the figures beside it."""

    key: str
    title: str
    note: str
    columns: list[str]
    rows: list[list[str]]
    drawn: bool = True  # False: the figures only (not a main chart, or a table of assumptions)


@dataclass
class Basis:
    """What one run's figures rest on: its levers in words, assumptions with sources, and caveats."""

    scenario: Scenario
    run: Run
    levers: LeversSideBySide  # the levers in words, the capacity policy, target and illustrative flag
    settings: list[tuple[str, str]]  # the scenario's other assumptions: (what, value)
    assumptions: list[method.Assumption] | None  # the data pack's; None: the pack loaded is another
    pack: str

    @property
    def illustrative(self) -> bool:
        spec, metadata = self.run.spec or {}, self.run.metadata or {}
        return bool(spec.get("illustrative") or metadata.get("illustrative"))

    @property
    def sources(self) -> list[tuple[str, str]]:
        """Each source cited once, in order: the levers' evidence, then the data pack's sources."""
        found: dict[str, str] = {}
        for lever in lever_evidence(self.run.spec or {}):
            for ref in lever["evidence"]:
                found.setdefault(str(ref.get("citation", "")), str(ref.get("url", "")))
        for item in self.assumptions or []:
            found.setdefault(item.citation, item.url)
        return [(citation, url) for citation, url in found.items() if citation]

    def assumption_groups(self, numbers: dict[str, int]) -> list[tuple[str, list[list[str]]]]:
        """The data pack's estimates grouped by what the run does with them; each row is what, value,
        80% range and the number of its source in the document's list of sources."""
        groups: dict[str, list[list[str]]] = {}
        for a in self.assumptions or []:
            ends = f"{a.low} to {a.high}" if a.low else "—"
            source = f"[{numbers[a.citation]}]" if a.citation in numbers else ""
            groups.setdefault(a.use, []).append([a.what, a.value, ends, source])
        return list(groups.items())


def numbered(sources: list[tuple[str, str]]) -> list[tuple[int, str, str]]:
    return [(n, citation, url) for n, (citation, url) in enumerate(sources, start=1)]


@dataclass
class ResultsDocument:
    run: Run
    basis: Basis
    where: str
    charts: list[Chart]
    glance: list[list[str]]
    generated: Any
    headline: headlines.HeadlinePanel | None = None
    specs: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def sources(self) -> list[tuple[int, str, str]]:
        return numbered(self.basis.sources)

    @property
    def assumption_groups(self) -> list[tuple[str, list[list[str]]]]:
        return self.basis.assumption_groups({c: n for n, c, _ in self.sources})

    @property
    def title(self) -> str:
        return f"{self.run.scenario.name}: results of run {self.run.pk}"

    @property
    def glance_title(self) -> str:
        return GLANCE

    @property
    def bases(self) -> list[Basis]:
        return [self.basis]

    @property
    def settings(self) -> list[tuple[str, list[str]]]:
        return [(what, [value]) for what, value in self.basis.settings]


@dataclass
class ComparisonDocument:
    comparison: Comparison
    bases: list[Basis]
    chart: Chart | None
    where: str
    generated: Any
    specs: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        names = " vs ".join(s.name for s, _ in self.comparison.runs)
        return f"Comparison: {names}"

    @property
    def illustrative(self) -> bool:
        return any(b.illustrative for b in self.bases)

    @property
    def illustrative_names(self) -> list[str]:
        return [b.scenario.name for b in self.bases if b.illustrative]

    @property
    def sources(self) -> list[tuple[int, str, str]]:
        return numbered(list(dict.fromkeys(source for b in self.bases for source in b.sources)))

    @property
    def settings(self) -> list[tuple[str, list[str]]]:
        """The runs' other assumptions side by side: (what, one value per run)."""
        labels = list(dict.fromkeys(what for b in self.bases for what, _ in b.settings))
        values = [dict(b.settings) for b in self.bases]
        return [(what, [v.get(what, "—") for v in values]) for what in labels]

    @property
    def assumption_groups(self) -> list[tuple[str, list[list[str]]]]:
        """The data pack's estimates as the first run used them (the others' pack is said beside them)."""
        return self.bases[0].assumption_groups({c: n for n, c, _ in self.sources}) if self.bases else []


def _rows_for_paper(panel: results.Panel) -> list[list[str]]:
    """A chart's table for paper: the first and last year of a series over the years, else every row
    (at most :data:`MAX_TABLE_ROWS`)."""
    rows = panel.rows
    if panel.columns[:1] == ["Year"] and len({r[0] for r in rows}) > 2:
        ends = {rows[0][0], max(r[0] for r in rows)}
        rows = [r for r in rows if r[0] in ends]
    return rows[:MAX_TABLE_ROWS]


def _chart(panel: results.Panel) -> Chart:
    title = documents.chart_title(panel.spec, panel.title) if panel.spec else panel.title
    drawn = panel.spec is not None and panel.key in MAIN_CHARTS
    return Chart(panel.key, title, panel.note, panel.columns, _rows_for_paper(panel), drawn)


def _glance(panels: list[results.Panel]) -> list[list[str]]:
    """The horizon year's P10, median and P90 of each fan chart's measures (one row each)."""
    keys = {chart.key for chart in results.CHARTS}
    out = []
    for panel in panels:
        if panel.key not in keys or not panel.spec or not panel.rows:
            continue
        last = max(r[0] for r in panel.rows)
        multi = panel.columns[1] == "Measure"
        out += [[row[1] if multi else panel.title, *row[-3:]] for row in panel.rows if row[0] == last]
    return out


def _scenario_settings(spec: dict[str, Any], labels: dict[str, str]) -> list[tuple[str, str]]:
    """The scenario's assumptions beside its levers and capacity policy: horizon, projection, growth
    beyond demography and what is drawn from its range."""
    rows = [("Horizon year", str(spec.get("horizon_year", "")))]
    projection = spec.get("projection") or {}
    variant = projection.get("variant") or "the pack's principal projection"
    rows.append(("Population projection", str(variant)))
    for code, value in (spec.get("non_demographic_growth") or {}).items():
        rows.append((f"Growth beyond demography: {labels.get(code, code)}", versions.show(value, ("share",))))
    uncertainty = spec.get("uncertainty") or {}
    rows.append(("Uncertainty drawn", versions.show(uncertainty) if uncertainty else "the defaults"))
    return rows


def _labels() -> dict[str, str]:
    pack = engine.load_pack()
    labels = {a.code: a.label for a in pack.activities} | {s.code: s.label for s in pack.settings}
    return labels | dict(zip(pack.localities, pack.locality_names, strict=True))


def basis(scenario: Scenario, run: Run) -> Basis:
    pack = engine.load_pack()
    labels = _labels()
    spec = run.spec or {}
    return Basis(
        scenario,
        run,
        side_by_side([(scenario, run)]),
        _scenario_settings(spec, labels),
        method.run_assumptions(run, pack),
        f"{pack.name} (version {pack.version})",
    )


def results_document(
    run: Run, locality: str = results.COUNTY, setting: str = "", year: int | None = None
) -> ResultsDocument:
    """The document of a succeeded run for one locality and setting (default: the page's defaults), with
    the headline for ``year`` (None: the horizon year)."""
    setting = setting or results.options(run)["default_setting"][0]
    panels = results.panels(run, locality, setting)
    shown = [p for p in panels if p.spec or p.extra.get("table")]
    charts = [_chart(p) for p in shown]
    doc = ResultsDocument(
        run,
        basis(run.scenario, run),
        results.chart_where(locality, setting),
        [c for c in charts if c.drawn] + [c for c in charts if not c.drawn],
        _glance(panels),
        timezone.now(),
        headlines.headline(run, year, setting),
    )
    doc.specs = {p.key: p.spec for p in shown if p.spec and p.key in MAIN_CHARTS}
    return doc


def comparison_document(comparison: Comparison) -> ComparisonDocument:
    chart = None
    specs = {}
    if comparison.spec:
        title = documents.chart_title(comparison.spec, results.measure_label(comparison.measure))
        chart = Chart("compare", title, comparison.note, comparison.columns, comparison.rows)
        specs["compare"] = comparison.spec
    doc = ComparisonDocument(
        comparison,
        [basis(scenario, run) for scenario, run in comparison.runs],
        chart,
        results.chart_where(comparison.locality, comparison.setting_used or comparison.setting),
        timezone.now(),
    )
    doc.specs = specs
    return doc


def html(doc: ResultsDocument | ComparisonDocument) -> str:
    """The document as HTML with chart placeholders (``data-chart``) for the document service."""
    template = (
        "scenarios/results_document.html"
        if isinstance(doc, ResultsDocument)
        else "scenarios/compare_document.html"
    )
    return render_to_string(template, {"doc": doc})


def render(doc: ResultsDocument | ComparisonDocument, fmt: str) -> bytes:
    """The document as ``pdf``, ``docx`` or ``html`` bytes."""
    noun = "A results document" if isinstance(doc, ResultsDocument) else "A comparison document"
    return documents.render(html(doc), doc.specs, fmt, title=doc.title, document=noun)


def file_name(doc: ResultsDocument | ComparisonDocument, fmt: str) -> str:
    if isinstance(doc, ResultsDocument):
        return documents.file_name(doc.run.scenario.slug, f"run-{doc.run.pk}-results", fmt)
    runs = "-".join(str(run.pk) for _, run in doc.comparison.runs)
    return documents.file_name("comparison", f"runs-{runs}", fmt)
