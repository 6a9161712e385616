"""The headline panel of a results page: the answer first, in words, for one year.

:func:`headline` takes a succeeded :class:`Run` and a year (None: the horizon year) and returns a
:class:`HeadlinePanel`: the engine's figures (``careshift.model.headline``) and each of them in words
("between £21m and £55m, 8 in 10 runs") with a link to its method, and an alert for each bed setting
past its capacity policy, linking to the results filtered to that setting. The results page, the JSON
API (``/api/scenarios/runs/{id}/headline``) and documents use it; ``as_dict`` is its JSON form.

Against doing nothing, the beds are paired with a run of a scenario without levers that used the same
seed and number of iterations (the latest such run), else, at the horizon year, the waterfall's median
run. A run never changes, so the figures are cached per run, year and do-nothing run.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache as django_cache
from django.urls import reverse
from pydantic import ValidationError as PydanticValidationError

from careshift.apps.scenarios import engine, method
from careshift.apps.scenarios.models import Run, RunIterations, RunSummaryRow, RunWaterfallRow
from careshift.errors import CareshiftError, ValidationError
from careshift.model import finance
from careshift.model import headline as model_headline
from careshift.model.scenario import Scenario
from careshift.model.totals import IterationTotals
from careshift.site.charts import ranges
from careshift.site.charts.formatting import Kind, count, money, share
from careshift.site.markdown import slug

COUNTY = "county"
SAME_WORLD = ("horizon_year", "projection", "non_demographic_growth", "include_housing_growth", "uncertainty")
CACHE_SECONDS = 24 * 3600
RUNS = "8 in 10 runs"
# the method page's sections, by words at the start of their headings (docs/background/method.md)
METHOD_SECTIONS = {
    "beds": "5. Beds",
    "risk": "Two views of risk",
    "workforce": "6. Workforce",
    "cost": "7. Cost and savings",
    "paired": "Comparing options",
    "ranges": "9. Summaries",
}


@dataclass(frozen=True)
class Figure:
    """One headline figure in words: ``median`` and ``range`` ("between ... and ..., 8 in 10 runs"),
    then sentences of ``detail``; ``method`` links to how it is calculated."""

    key: str
    label: str
    median: str
    range: str
    detail: tuple[str, ...] = ()
    method: str = ""


@dataclass(frozen=True)
class AlertLine:
    setting: str
    setting_label: str
    text: str
    url: str


@dataclass(frozen=True)
class SettingRow:
    """One bed setting in the headline's table, in words (medians with their P10-P90)."""

    setting: str
    label: str
    needed: str
    today: str
    against_do_nothing: str
    risk: str
    url: str


@dataclass(frozen=True)
class HeadlinePanel:
    """What the headline panel shows (``figures`` holds the numbers behind the words)."""

    run: int
    year: int
    horizon: int
    years: tuple[int, ...]
    setting: str
    setting_label: str
    lines: tuple[Figure, ...]
    alerts: tuple[AlertLine, ...]
    figures: model_headline.Headline
    settings: tuple[SettingRow, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        """A plain, JSON-ready dict: the words and the numbers."""
        return asdict(self)


@cache
def method_anchors() -> dict[str, str]:
    """Each section's anchor on the method page (the slug of its heading, as the page renders it)."""
    text = method.METHOD_DOC.read_text(encoding="utf-8") if method.METHOD_DOC.is_file() else ""
    headings = [re.sub(r"^#+\s*", "", line) for line in text.splitlines() if line.startswith("#")]
    out = {}
    for key, start in METHOD_SECTIONS.items():
        heading = next((h for h in headings if h.startswith(start)), None)
        out[key] = slug(heading) if heading else ""
    return out


def method_url(key: str) -> str:
    anchor = method_anchors().get(key, "")
    return reverse("scenarios:method") + (f"#{anchor}" if anchor else "")


def run_years(run: Run) -> tuple[int, ...]:
    """The years a run has results for, first to horizon."""
    query = RunSummaryRow.objects.filter(run=run, locality=COUNTY, measure="cost")
    return tuple(sorted(set(query.values_list("year", flat=True))))


def parse_year(run: Run, raw: str | None) -> int | None:
    """``?year=`` as one of the run's years (None when not given); a clear message otherwise."""
    if raw is None or raw.strip() == "":
        return None
    years = run_years(run)
    span = f"{years[0]} to {years[-1]}" if years else "the run's years"
    if not raw.strip().isdigit() or int(raw) not in years:
        raise ValidationError(
            f"There are no results for {raw.strip()[:20]!r}: choose a year from {span}.",
            hint=f"Choose a year from {span}.",
            fields={"year": f"Choose a year from {span}."},
        )
    return int(raw)


def _no_levers(spec: dict[str, Any]) -> bool:
    return not spec.get("levers") and not (spec.get("discharge") or {}).get("levers")


def same_world(spec: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether two scenarios differ only in their levers, costs and policies: the same projection,
    growth, housing and uncertainty switches (so a no-lever run of one is the other's do-nothing)."""
    return all(spec.get(key) == other.get(key) for key in SAME_WORLD)


def do_nothing_run(run: Run) -> Run | None:
    """The run to pair with for 'against doing nothing': the run itself when its scenario has no
    levers, else the latest succeeded run without levers with the same seed, iterations and horizon
    that kept its per-iteration totals, preferring one of the same world (:func:`same_world`)."""
    if _no_levers(run.spec):
        return run
    candidates = (
        Run.objects.succeeded()
        .filter(seed=run.seed, iterations=run.iterations, iteration_totals__isnull=False)
        .exclude(pk=run.pk)
        .select_related("scenario")
        .order_by("-job__finished_at", "-pk")
    )
    horizon = run.spec.get("horizon_year")
    found = [c for c in candidates[:50] if _no_levers(c.spec) and c.spec.get("horizon_year") == horizon]
    return next((c for c in found if same_world(run.spec, c.spec)), found[0] if found else None)


def _totals(run: Run | None) -> IterationTotals | None:
    if run is None:
        return None
    data = RunIterations.objects.filter(run=run).values_list("data", flat=True).first()
    return IterationTotals.from_bytes(bytes(data)) if data is not None else None


def _median_run_comparisons(
    run: Run, head: model_headline.Headline
) -> dict[str, model_headline.DoNothing | None]:
    rows = RunWaterfallRow.objects.filter(run=run, locality=COUNTY, measure="bed_days").order_by("position")
    steps: dict[str, list[tuple[str, float]]] = {}
    for setting, step, value in rows.values_list("setting", "step", "value"):
        steps.setdefault(setting, []).append((step, value))
    return {b.setting: model_headline.median_run_do_nothing(steps.get(b.setting, []), b) for b in head.beds}


def compute(run: Run, year: int) -> tuple[model_headline.Headline, Run | None]:
    """The engine's headline figures for ``year`` and the do-nothing run they are paired with."""
    other = do_nothing_run(run)
    key = f"scenarios:headline:{run.pk}:{year}:{other.pk if other else 0}"
    found = django_cache.get(key)
    if found is None:
        found = _compute(run, year, other)
        django_cache.set(key, found, CACHE_SECONDS)
    return found, other


def _rows(run: Run, years: set[int]) -> list[dict[str, Any]]:
    query = RunSummaryRow.objects.filter(
        run=run, locality=COUNTY, year__in=years, measure__in=model_headline.MEASURES
    )
    return [dict(r) for r in query.values("year", "setting", "measure", "p10", "p50", "p90")]


def _compute(run: Run, year: int, other: Run | None) -> model_headline.Headline:
    years = run_years(run)
    pack = engine.load_pack()
    scenario = Scenario.model_validate(run.spec)
    rows = _rows(run, {year, years[0]})
    nothing = _rows(other, {year}) if other is not None and other.pk != run.pk else []
    base = {
        r["setting"]: r["p50"]
        for r in rows
        if r["year"] == years[0] and r["measure"] == "beds_at_target_occupancy"
    }
    today = {code: model_headline.today_beds(pack, code, beds) for code, beds in base.items()}
    target = float(finance.savings_target(scenario, (year,))[0])
    totals = _totals(run)
    head = model_headline.headline(
        rows,
        year,
        years=years,
        base_year=years[0],
        policies=model_headline.policies(scenario, pack),
        today=today,
        target=target,
        totals=totals,
        do_nothing_rows=nothing,
    )
    comparisons: dict[str, model_headline.DoNothing | None] = {}
    if other is not None and totals is not None:
        theirs = totals if other.pk == run.pk else _totals(other)
        if theirs is not None:
            ref = None if other.pk == run.pk else other.pk
            comparisons = {
                b.setting: model_headline.paired_do_nothing(totals, theirs, b.setting, year, ref)
                for b in head.beds
            }
    if not any(comparisons.values()) and year == years[-1]:
        comparisons = _median_run_comparisons(run, head)
    return model_headline.with_do_nothing(head, comparisons)


def between(spread: model_headline.Spread, kind: Kind, unit: str = "") -> str:
    """'between 1,100 and 1,380 beds, 8 in 10 runs', to the precision the range supports
    (``site.charts.ranges``); one figure when both ends round to the same."""
    text = ranges.range_text(spread.low, spread.high, kind, joiner=" and ")
    tail = f" {unit}" if unit else ""
    return f"between {text}{tail}, {RUNS}" if " and " in text else f"{text}{tail} in {RUNS}"


def median(spread: model_headline.Spread, kind: Kind, unit: str = "") -> str:
    """The median to the precision of its range: '£30m a year'."""
    text = ranges.number_in_range(spread.median, spread.low, spread.high, kind)
    return f"{text} {unit}" if unit else text


def change(value: float, more: str = "more", fewer: str = "fewer") -> str:
    """'120 more', '80 fewer' or 'no change' (never '-0')."""
    text = count(abs(value))
    if text == "0":
        return "no change"
    return f"{text} {more if value > 0 else fewer}"


def change_span(spread: model_headline.Spread, joiner: str = " to ") -> str:
    """A change's P10-P90 to the precision it supports: '80 to 160 fewer', '20 fewer to 40 more',
    'no change' (both ends round to 0)."""
    start, end, step = ranges.rounded_range(spread.low, spread.high, "count")
    low, high = ranges.write(abs(start), step), ranges.write(abs(end), step)
    if start == end:
        return change(float(start))
    if start >= 0:
        return f"{low}{joiner}{high} more"
    if end <= 0:
        return f"{high}{joiner}{low} fewer"
    return f"{low} fewer{joiner}{high} more"


def change_range(spread: model_headline.Spread) -> str:
    """The range of a change in words: 'between 80 and 160 fewer, 8 in 10 runs', 'between 20 fewer and
    40 more, 8 in 10 runs', 'no change in 8 in 10 runs'."""
    span = change_span(spread, " and ")
    return f"between {span}, {RUNS}" if " and " in span else f"{span} in {RUNS}"


def setting_labels() -> dict[str, str]:
    return dict(engine.pack_choices()["settings"])


def focus(head: model_headline.Headline, setting: str | None) -> model_headline.SettingBeds | None:
    """The bed setting the headline's beds are for: the one chosen, else the first."""
    chosen = [b for b in head.beds if b.setting == setting] or list(head.beds)
    return chosen[0] if chosen else None


def _do_nothing_words(run: Run, b: model_headline.SettingBeds, other: Run | None) -> str:
    d = b.do_nothing
    if other is not None and other.pk == run.pk and d is not None:
        return "Against doing nothing: this scenario has no levers, so it is the do-nothing."
    if d is None:
        return (
            "Against doing nothing: no run of a scenario without levers used this run's seed "
            f"({run.seed}) and {run.iterations:,} iterations; run one (e.g. Do nothing) to compare."
        )
    if not d.paired:
        return (
            f"Against doing nothing: {change(d.difference.median)} beds than the {count(d.beds)} "
            "doing nothing would need, in the median run (no range: run a scenario without levers "
            f"with seed {run.seed} and {run.iterations:,} iterations to pair with)."
        )
    assert other is not None
    return (
        f"Against doing nothing: {change(d.difference.median)} beds than the {count(d.beds)} doing "
        f"nothing would need ({change_range(d.difference)}; paired with run {other.pk} of "
        f"{other.scenario.name}"
        + ("" if same_world(run.spec, other.spec) else ", whose projection, growth or uncertainty differ")
        + ")."
    )


def _beds_line(run: Run, b: model_headline.SettingBeds, label: str, year: int, other: Run | None) -> Figure:
    detail = [f"Today: {count(b.today)} beds ({change(b.needed.median - b.today)} needed by {year})."]
    if b.planned != b.today:
        detail.append(f"Planned: {count(b.planned)} beds.")
    detail.append(_do_nothing_words(run, b, other))
    return Figure(
        "beds",
        f"{label}: beds needed in {year}",
        median(b.needed, "count", "beds"),
        between(b.needed, "count", "beds"),
        tuple(detail),
        method_url("beds"),
    )


def _risk_line(b: model_headline.SettingBeds, label: str) -> Figure:
    what = (
        "risk that an arriving patient finds no bed"
        if b.policy.risk_measure == "no_bed"
        else "risk of turning a patient away in the peak month"
    )
    over = b.risk.median > b.policy.max_risk
    detail = (
        f"At the {count(b.planned)} planned beds; the policy allows at most {share(b.policy.max_risk)}"
        + (" (this is above it)." if over else "."),
        f"Occupancy {median(b.occupancy, 'share')} ({between(b.occupancy, 'share')}); "
        f"target {share(b.policy.target_occupancy)}.",
    )
    return Figure(
        "risk",
        f"{label}: {what}",
        median(b.risk, "share"),
        between(b.risk, "share"),
        detail,
        method_url("risk"),
    )


def _savings_line(s: model_headline.Savings, year: int) -> Figure:
    if s.target <= 0:
        detail: tuple[str, ...] = (f"The scenario sets no savings target for {year}.",)
    elif s.p_meeting is None:
        detail = (
            f"Target {money(s.target)}. The chance of meeting it needs the run's per-iteration results: "
            "run the scenario again.",
        )
    else:
        met = round(s.p_meeting * s.iterations)
        detail = (
            f"Target {money(s.target)}: the probability of meeting it is {share(s.p_meeting)} "
            f"({count(met)} of {count(s.iterations)} runs save at least the target).",
        )
    return Figure(
        "savings",
        f"Savings against doing nothing in {year}",
        median(s.spread, "money", "a year"),
        between(s.spread, "money", "a year"),
        detail,
        method_url("cost"),
    )


def _lines(
    run: Run, head: model_headline.Headline, b: model_headline.SettingBeds | None, other: Run | None
) -> list[Figure]:
    labels = setting_labels()
    lines = []
    if b is not None:
        label = labels.get(b.setting, b.setting)
        lines += [_beds_line(run, b, label, head.year, other), _risk_line(b, label)]
    if head.workforce is not None:
        w = head.workforce
        lines.append(
            Figure(
                "workforce",
                f"Workforce in {head.year}, all settings",
                median(w, "count", "WTE"),
                between(w, "count", "WTE"),
                ("Whole-time equivalent staff the activity and beds need.",),
                method_url("workforce"),
            )
        )
    if head.cost is not None:
        c = head.cost
        lines.append(
            Figure(
                "cost",
                f"Cost in {head.year}, all settings",
                median(c, "money", "a year"),
                between(c, "money", "a year"),
                (),
                method_url("cost"),
            )
        )
    if head.savings is not None:
        lines.append(_savings_line(head.savings, head.year))
    return lines


def results_url(run: Run, setting: str, year: int | None, fragment: str = "") -> str:
    query = {"locality": COUNTY, "setting": setting} | ({"year": str(year)} if year else {})
    return f"{reverse('scenarios:results', args=[run.pk])}?{urlencode(query)}{fragment}"


def _against(run: Run, b: model_headline.SettingBeds, other: Run | None) -> str:
    d = b.do_nothing
    if d is None:
        return "no run to pair with"
    if other is not None and other.pk == run.pk:
        return "it is the do-nothing"
    if not d.paired:
        return f"{change(d.difference.median)} (median run)"
    span = change_span(d.difference)
    return f"{change(d.difference.median)} ({span})" if span != change(d.difference.median) else span


def _with_range(spread: model_headline.Spread, kind: Kind) -> str:
    """'1,050 (960 to 1,150)'; the median alone when the range rounds to one figure."""
    span = ranges.range_text(spread.low, spread.high, kind)
    return f"{median(spread, kind)} ({span})" if " to " in span else median(spread, kind)


def _setting_rows(
    run: Run, head: model_headline.Headline, other: Run | None, year: int | None
) -> list[SettingRow]:
    labels = setting_labels()
    return [
        SettingRow(
            b.setting,
            labels.get(b.setting, b.setting),
            _with_range(b.needed, "count"),
            count(b.today),
            _against(run, b, other),
            _with_range(b.risk, "share"),
            results_url(run, b.setting, year),
        )
        for b in head.beds
    ]


def _alert_words(a: model_headline.Alert) -> str:
    context = [f"today {share(a.today)}"] if a.today is not None else []
    context += [f"doing nothing {share(a.do_nothing)}"] if a.do_nothing is not None else []
    around = f" ({'; '.join(context)})" if context else ""
    if a.kind == "risk":
        return (
            f"a {share(a.median)} median risk of turning patients away{around}, "
            f"above the policy's {share(a.limit)}"
        )
    return f"{share(a.median)} median occupancy{around}, above the policy's target of {share(a.limit)}"


def _verdict(found: list[model_headline.Alert]) -> str:
    if any(a.pushed for a in found):
        return " The scenario takes it past its policy: doing nothing stays within it."
    if any(a.worse for a in found):
        return " The scenario makes it worse than doing nothing."
    if all(a.do_nothing is not None and a.median < a.do_nothing for a in found):
        return " The scenario brings it down from doing nothing's, not enough to meet the policy."
    if any(a.do_nothing is not None for a in found):
        return " Doing nothing is past the policy too."
    return ""


def _alert_lines(run: Run, head: model_headline.Headline, chosen_year: int | None) -> list[AlertLine]:
    """One alert per setting past its policy (its risk, its occupancy or both), those the scenario
    takes past it or makes worse first."""
    labels = setting_labels()
    by_setting: dict[str, list[model_headline.Alert]] = {}
    for a in head.alerts:
        by_setting.setdefault(a.setting, []).append(a)
    out = []
    for code, found in by_setting.items():
        label = labels.get(code, code)
        text = f"{label} in {head.year}: " + "; ".join(_alert_words(a) for a in found) + "." + _verdict(found)
        fragment = "#chart-turn_away" if found[0].kind == "risk" else "#chart-beds"
        out.append(AlertLine(code, label, text, results_url(run, code, chosen_year, fragment)))
    return out


def headline(run: Run, year: int | None = None, setting: str | None = None) -> HeadlinePanel:
    """The headline of a succeeded run for ``year`` (None: the horizon year), county-wide; its beds
    are for the bed ``setting`` (None or another setting: the first bed setting)."""
    years = run_years(run)
    if not years:
        raise ValidationError(f"Run {run.pk} has no results to summarise.", hint="Run the scenario again.")
    if year is not None and year not in years:
        raise ValidationError(
            f"There are no results for {year}: choose a year from {years[0]} to {years[-1]}.",
            hint=f"Choose a year from {years[0]} to {years[-1]}.",
            fields={"year": f"Choose a year from {years[0]} to {years[-1]}."},
        )
    chosen = year if year is not None else years[-1]
    head, other = compute(run, chosen)
    b = focus(head, setting)
    notes = (
        f"County-wide; each range is P10 to P90 of {run.iterations:,} iterations (8 in 10 runs lie inside).",
    )
    return HeadlinePanel(
        run=run.pk,
        year=chosen,
        horizon=years[-1],
        years=years,
        setting=b.setting if b else "",
        setting_label=setting_labels().get(b.setting, b.setting) if b else "",
        lines=tuple(_lines(run, head, b, other)),
        alerts=tuple(_alert_lines(run, head, year)),
        figures=head,
        settings=tuple(_setting_rows(run, head, other, year)),
        notes=notes,
    )


def panel_or_reason(run: Run, year: int | None, setting: str | None) -> tuple[HeadlinePanel | None, str]:
    """:func:`headline`, or (None, why not) when the run cannot give one (e.g. a run whose frozen
    scenario no longer validates), so the rest of its results page still shows."""
    try:
        return headline(run, year, setting), ""
    except (CareshiftError, PydanticValidationError) as err:
        reason = err.message if isinstance(err, CareshiftError) else "its scenario no longer validates."
        return None, f"The headline cannot be worked out for run {run.pk}: {reason} Run the scenario again."
