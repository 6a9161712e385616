"""The score table of an appraisal, where each number comes from, and the ranking and its robustness.

Model criteria compare each option with the **reference option** (the first option with a finished
run, usually doing nothing) by paired differences under common random numbers
(``careshift.model.compare``): an option's value is the reference's median (P50) at the appraisal's
horizon year for the county plus the median of the per-iteration differences ``option_i - reference_i``
between the two runs. That is not the difference of the two runs' medians: the spread both options share
(demography, growth, prices) cancels, so small differences between options are not lost in it. When the
runs cannot be paired (another seed or number of iterations, a run without per-iteration totals, or a
measure kept as quantiles only: the beds for the risk target and the turn-away risk), the value is the
option's own median and the cell says why it is not paired.

Access criteria come from the option's sites (``access.py``); panel criteria are the mean of the
scorers' scores (their spread is shown beside it). Options that fail a hurdle are shown but not ranked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from careshift.analysis import appraisal as mcda
from careshift.apps.appraisal.models import Appraisal, Criterion, Option

COUNTY = "county"

MODEL_MEASURES: dict[str, tuple[str, str]] = {  # source -> (measure, setting)
    Criterion.Source.COST: ("cost", "all"),
    Criterion.Source.SAVINGS: ("savings_vs_do_nothing", "all"),
    Criterion.Source.BEDS: ("beds_for_risk", "acute_beds"),
    Criterion.Source.RISK: ("p_turned_away", "acute_beds"),
    Criterion.Source.WORKFORCE: ("wte_total", "all"),
}
ACCESS_SOURCES = {Criterion.Source.ACCESS_30, Criterion.Source.ACCESS_75, Criterion.Source.MEAN_TIME}


@dataclass
class Cell:
    value: float | None
    source: str  # in words: where the number comes from
    spread: tuple[float, float] | None = None  # panel: lowest and highest score
    scorers: int = 0
    paired: bool = False  # model: reference median + paired difference from the reference option


@dataclass
class ScoreTable:
    options: list[Option]
    criteria: list[Criterion]
    cells: dict[tuple[int, int], Cell]
    hurdles: dict[int, list[tuple[str, bool, str]]]  # option pk -> (criterion, passed, reason)
    problems: list[str] = field(default_factory=list)

    def passes(self, option: Option) -> bool:
        return all(passed for _, passed, _ in self.hurdles.get(option.pk, []))

    def matrix(self, options: list[Option]) -> np.ndarray:
        return np.array(
            [[self.cells[(o.pk, c.pk)].value for c in self.criteria] for o in options], dtype=float
        )


def _latest_run(option: Option) -> Any:
    if option.scenario is None:
        return None
    return option.scenario.runs.latest_succeeded()


@dataclass
class Reference:
    """The option every model criterion is paired against, its run, and the runs' stored iterations."""

    option: Option | None
    run: Any
    iterations: dict[int, bytes] = field(default_factory=dict)

    @classmethod
    def of(cls, options: list[Option]) -> Reference:
        for option in options:
            run = _latest_run(option)
            if run is not None:
                return cls(option, run)
        return cls(None, None)

    def stored(self, run: Any) -> bytes:
        from careshift.apps.scenarios.models import RunIterations

        if run.pk not in self.iterations:
            self.iterations[run.pk] = bytes(RunIterations.objects.get(run=run).data)
        return self.iterations[run.pk]


def _median(run: Any, measure: str, setting: str, year: int) -> float | None:
    row = run.summary_rows.filter(year=year, locality=COUNTY, setting=setting, measure=measure).first()
    return None if row is None else float(row.p50)


def _run_words(run: Any) -> str:
    return f"run {run.pk} ({run.iterations:,} iterations, seed {run.seed})"


def _model_cell(option: Option, criterion: Criterion, year: int, reference: Reference) -> Cell:
    run = _latest_run(option)
    if run is None:
        return Cell(None, f"No finished run of {option.scenario or 'a scenario'}: run it first.")
    measure, setting = MODEL_MEASURES[criterion.source]
    median = _median(run, measure, setting, year)
    if median is None:
        return Cell(None, f"Run {run.pk} has no {measure} for {year}.")
    own = f"Median of {_run_words(run)}, {year}"
    if reference.option is None or reference.run.pk == run.pk:
        whose = "" if reference.option in (None, option) else f" (the same run as {reference.option})"
        return Cell(median, f"{own}{whose}", paired=reference.option is not None)
    problem = _pairing_problem(run, measure, reference)
    paired = None if problem else _paired_cell(run, measure, setting, year, reference)
    if paired is None:
        why = problem or f"run {reference.run.pk} has no {measure} for {year}"
        return Cell(median, f"{own}; not paired with {reference.option}: {why}")
    return paired


def _pairing_problem(run: Any, measure: str, reference: Reference) -> str:
    from careshift.apps.scenarios.compare import pairing_problem

    assert reference.option is not None
    runs = [(reference.option.scenario, reference.run), (run.scenario, run)]
    return pairing_problem(runs, measure, COUNTY)  # type: ignore[arg-type]


def _paired_cell(run: Any, measure: str, setting: str, year: int, reference: Reference) -> Cell | None:
    """The reference's median plus the median paired difference, or None when the runs cannot pair."""
    from careshift.apps.scenarios import engine
    from careshift.apps.scenarios.results import fmt

    base = _median(reference.run, measure, setting, year)
    if base is None:
        return None
    frame = engine.paired_difference(reference.stored(reference.run), reference.stored(run), setting, measure)
    rows = frame[frame["year"] == year]
    if rows.empty:
        return None
    d = rows.iloc[0]
    source = (
        f"{reference.option}'s median {fmt(base)} plus the paired difference (median of "
        f"{run.iterations:,} per-iteration differences, {_run_words(run)} minus run {reference.run.pk}): "
        f"{fmt(float(d['p50']))}, P10 to P90 {fmt(float(d['p10']))} to {fmt(float(d['p90']))}, "
        f"lower than {reference.option} in {float(d['p_lower']):.0%} of iterations, {year}"
    )
    return Cell(base + float(d["p50"]), source, paired=True)


def _access_cell(option: Option, criterion: Criterion, cache: dict[int | str, Any]) -> Cell:
    from careshift.apps.appraisal.access import appraisal_basis, option_access

    if not option.site_codes:
        return Cell(None, "The option keeps no sites open: choose its sites.")
    if "basis" not in cache:
        cache["basis"] = appraisal_basis(option.appraisal)
    if option.pk not in cache:
        cache[option.pk] = option_access(list(option.site_codes), cache["basis"])
    result = cache[option.pk]
    source = (
        f"Travel {result.basis.label} to {len(result.sites)} sites (see the access page for the assumptions)"
    )
    if criterion.source == Criterion.Source.ACCESS_30:
        return Cell(100 * result.county.share_within[30.0], source)
    if criterion.source == Criterion.Source.ACCESS_75:
        return Cell(100 * result.county_over_75.share_within[30.0], source)
    return Cell(result.county.mean_minutes, source)


def _panel_cell(option: Option, criterion: Criterion) -> Cell:
    scores = [s.score for s in option.scores.all() if s.criterion_id == criterion.pk]
    if not scores:
        return Cell(None, "Not scored yet.")
    return Cell(
        float(np.mean(scores)), f"Mean of {len(scores)} panel scores", (min(scores), max(scores)), len(scores)
    )


def score_table(appraisal: Appraisal) -> ScoreTable:
    options = list(
        appraisal.options.select_related("scenario").prefetch_related("scores", "hurdles__criterion")
    )
    criteria = list(appraisal.criteria.all())
    weighted = [c for c in criteria if c.kind == Criterion.Kind.WEIGHTED]
    cells: dict[tuple[int, int], Cell] = {}
    cache: dict[int | str, Any] = {}
    reference = Reference.of(options)
    for option in options:
        for criterion in weighted:
            if criterion.source in MODEL_MEASURES:
                cell = _model_cell(option, criterion, appraisal.horizon_year, reference)
            elif criterion.source in ACCESS_SOURCES:
                cell = _access_cell(option, criterion, cache)
            else:
                cell = _panel_cell(option, criterion)
            cells[(option.pk, criterion.pk)] = cell
    hurdles = {o.pk: [(h.criterion.name, h.passed, h.reason) for h in o.hurdles.all()] for o in options}
    problems = [
        f"{o.name} – {c.name}: {cells[(o.pk, c.pk)].source}"
        for o in options
        for c in weighted
        if cells[(o.pk, c.pk)].value is None
    ]
    return ScoreTable(options, weighted, cells, hurdles, problems)


@dataclass
class Ranking:
    options: list[Option]
    values: list[float]
    ranks: list[int]
    acceptability: np.ndarray  # options x ranks
    flips: list[mcda.Flip]
    weights: list[float]  # scaled to sum to one
    method: str
    excluded: list[str]  # options that failed a hurdle


def rank(appraisal: Appraisal, table: ScoreTable, *, draws: int = 2000, seed: int = 1) -> Ranking | None:
    """The ranking of the options that pass every hurdle; None while any needed score is missing."""
    if table.problems or not table.criteria:
        return None
    ranked = [o for o in table.options if table.passes(o)]
    excluded = [o.name for o in table.options if not table.passes(o)]
    if not ranked:
        return None
    matrix = table.matrix(ranked)
    weights = np.array([c.weight for c in table.criteria])
    benefit = [c.higher_is_better for c in table.criteria]
    method = appraisal.method
    values = mcda.METHODS[method](matrix, weights, benefit)
    ranges = [mcda.WeightRange(c.weight_low, c.weight_high) for c in table.criteria]
    acceptability = mcda.rank_acceptability(matrix, ranges, benefit, method=method, draws=draws, seed=seed)
    flips = mcda.leader_flips(matrix, weights, benefit, method=method, steps=200)
    return Ranking(
        ranked,
        [float(v) for v in values],
        [int(r) for r in mcda.ranks(values)],
        acceptability,
        flips,
        [float(w) for w in weights / weights.sum()],
        method,
        excluded,
    )


SENSITIVITY_CHUNKS = 20


def sensitivity(
    appraisal: Appraisal,
    *,
    draws: int,
    seed: int,
    progress: Any = None,
) -> dict[str, Any]:
    """Rank acceptability over the weight ranges with many draws, in chunks (each with its own seed
    from ``SeedSequence(seed)``, so the result depends only on ``draws`` and ``seed``), reporting
    ``progress(done, total, message)`` after each chunk. Refused while any score is missing."""
    from careshift.errors import ValidationError

    table = score_table(appraisal)
    ranked = [o for o in table.options if table.passes(o)]
    if table.problems or not table.criteria or not ranked:
        problems = "; ".join(table.problems) or "no weighted criterion or no option passes the hurdles"
        raise ValidationError(
            f"The ranking cannot be tested yet: {problems}.", hint="Fill every score first."
        )
    matrix = table.matrix(ranked)
    benefit = [c.higher_is_better for c in table.criteria]
    ranges = [mcda.WeightRange(c.weight_low, c.weight_high) for c in table.criteria]
    sizes = [len(part) for part in np.array_split(np.arange(draws), min(SENSITIVITY_CHUNKS, draws))]
    children = np.random.SeedSequence(seed).spawn(len(sizes))
    total = np.zeros((len(ranked), len(ranked)))
    done = 0
    for size, child in zip(sizes, children, strict=True):
        chunk_seed = int(child.generate_state(1)[0])
        share = mcda.rank_acceptability(
            matrix, ranges, benefit, method=appraisal.method, draws=size, seed=chunk_seed
        )
        total += share * size
        done += size
        if progress is not None:
            progress(done, draws, f"{done:,} of {draws:,} weight draws")
    return {
        "options": [o.name for o in ranked],
        "criteria": [[c.name, c.weight_low, c.weight_high] for c in table.criteria],
        "acceptability": (total / draws).round(6).tolist(),
        "draws": draws,
        "seed": seed,
        "method": appraisal.method,
    }
