"""Parameter uncertainty: which of the data pack's labelled estimates the Monte Carlo samples, and how.

Every estimate in ``DataPack.estimates`` is keyed ``"table:item"`` and carries a central ``value`` and an
80% range ``[low, high]``. The engine samples an estimate as a *multiplier* of its central value,
``m = X / value`` with ``X ~ TwoPieceInterval(low, value, high)`` (a split lognormal: median ``value``,
10th and 90th percentiles exactly ``low`` and ``high``; see ``careshift.model.distributions``), so
run 0, where every multiplier is 1, is the pack's central case exactly. Multipliers act on the whole
activity or setting (every locality, age band and sex alike): the range is about the level of the
assumption, not its age profile, so one draw per iteration moves it all (perfect correlation within an
activity).

Correlations between estimates are data: ``CORRELATED`` lists groups of related estimates that share
one random stream (``careshift.model.montecarlo``), so they move together (rank correlation 1, each
within its own range); estimates outside a group are independent. Members a pack does not have are
ignored.

``USAGE`` is the table of every key prefix the engine knows: what it samples, and why the rest are
kept at their central values. A pack estimate with any other prefix, or naming an activity or setting
the pack does not have, raises ``ModelError`` rather than being silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from careshift.datapack.pack import DataPack, Estimate
from careshift.errors import ModelError
from careshift.model.distributions import Distribution, Fixed, Parameter, TwoPieceInterval


@dataclass(frozen=True)
class Usage:
    """What the engine does with estimates keyed ``prefix:...``."""

    prefix: str
    sampled: bool
    effect: str


USAGE: tuple[Usage, ...] = (
    Usage("rates", True, "activity rate multiplier, per activity: units and bed days x m"),
    Usage("los", True, "length-of-stay multiplier, per activity: bed days x m (and shifted-in bed days)"),
    Usage("unit_costs", True, "unit cost multiplier, per activity"),
    Usage("bed_day_costs", True, "bed-day cost multiplier, per setting"),
    Usage(
        "settings",
        False,
        "target occupancy: a planning choice (override it in the scenario's capacity policy); kept "
        "central so beds and WTE follow from the quantiles of bed days",
    ),
    Usage(
        "workforce",
        False,
        "WTE per unit of capacity: kept central so WTE follow from the quantiles of capacity; WTE "
        "ranges show demand uncertainty only",
    ),
    Usage("cost_per_wte", False, "not used: staff costs are inside unit and bed-day costs (no double count)"),
    Usage(
        "seasonality",
        False,
        "the winter profile (careshift.model.seasonality): monthly indices and the exposure of each bed "
        "setting as given; the strength of a winter (seasonality:amplitude) is drawn there",
    ),
    Usage(
        "discharge",
        False,
        "the flow out of hospital (careshift.model.discharge): published delays and discharges and "
        "the pathway assumptions; pathway shares and downstream stays are drawn there",
    ),
    Usage(
        "housing_growth",
        False,
        "planned housing: the pack's housing table is used as given (only with include_housing_growth)",
    ),
)
_USAGE = {u.prefix: u for u in USAGE}


@dataclass(frozen=True)
class Group:
    """Estimates that share one draw per iteration (comonotone), and why."""

    name: str
    members: tuple[str, ...]
    basis: str


CORRELATED: tuple[Group, ...] = (
    Group(
        "hospital_prices",
        (
            "unit_costs:ae_walkin",
            "unit_costs:ae_ambulance",
            "unit_costs:unplanned_admission",
            "unit_costs:elective_admission",
            "unit_costs:day_case",
            "unit_costs:outpatient_first",
            "unit_costs:outpatient_followup",
            "unit_costs:outpatient_procedure",
            "bed_day_costs:acute_beds",
        ),
        "hospital activity is costed on one basis (one trust's costs, one pay award, one costing "
        "method): if admissions cost more than assumed, so do outpatients and acute bed days",
    ),
    Group(
        "community_prices",
        (
            "unit_costs:community_nursing_contact",
            "unit_costs:community_therapy_contact",
            "bed_day_costs:community_beds",
            "bed_day_costs:virtual_ward",
        ),
        "community health services share one provider's staff costs",
    ),
    Group(
        "social_care_prices",
        ("unit_costs:reablement_episode", "unit_costs:home_care_hours", "bed_day_costs:care_home"),
        "social care prices move with one care-worker wage market",
    ),
)


def stream_name(key: str) -> str:
    """The random stream an estimate draws from: its group's, else its own key."""
    for group in CORRELATED:
        if key in group.members:
            return f"assumptions:{group.name}"
    return f"assumptions:{key}"


@dataclass(frozen=True)
class AssumptionDistributions:
    """Multiplier distributions: ``rate``, ``los``, ``unit_cost`` per activity, ``bed_day_cost`` per
    setting (``Fixed(1.0)`` where the pack states no range)."""

    rate: list[Distribution]
    los: list[Distribution]
    unit_cost: list[Distribution]
    bed_day_cost: list[Distribution]


def multiplier(key: str, estimate: Estimate) -> Distribution:
    """The distribution of ``X / value`` for an estimate (``Fixed(1.0)`` without a range)."""
    low, high, value = estimate.low, estimate.high, estimate.value
    if low is None or high is None or low == high == value:
        return Fixed(1.0)
    if value == 0:
        raise ModelError(
            f"Data-pack estimate {key!r} has central value 0 but a range [{low:g}, {high:g}].",
            hint="The engine samples a multiplier of the central value; give a non-zero value or no range.",
        )
    try:
        return TwoPieceInterval(low / value, 1.0, high / value)
    except ValueError as exc:
        raise ModelError(f"Data-pack estimate {key!r}: {exc}.", hint="Fix its low/value/high.") from None


def _split(key: str) -> tuple[str, str]:
    prefix, _, item = key.partition(":")
    if prefix not in _USAGE:
        known = ", ".join(_USAGE)
        raise ModelError(
            f"Data-pack estimate {key!r} has a table the engine does not know ({prefix!r}).",
            hint=f"Use one of {known}, or add it to careshift.model.assumptions.USAGE and method.md.",
        )
    return prefix, item


def _slot(pack: DataPack, prefix: str, item: str) -> int:
    if prefix == "bed_day_costs":
        return pack.setting_index(item)
    return pack.activity_index(item)


def assumption_distributions(pack: DataPack) -> AssumptionDistributions:
    """The sampled multipliers for ``pack`` (raises ``ModelError`` for unknown keys or codes)."""
    n_a, n_s = len(pack.activities), len(pack.settings)
    out: dict[str, list[Distribution]] = {
        "rates": [Fixed(1.0)] * n_a,
        "los": [Fixed(1.0)] * n_a,
        "unit_costs": [Fixed(1.0)] * n_a,
        "bed_day_costs": [Fixed(1.0)] * n_s,
    }
    for key, estimate in pack.estimates.items():
        prefix, item = _split(key)
        if not _USAGE[prefix].sampled:
            continue
        try:
            slot = _slot(pack, prefix, item)
        except ModelError as exc:
            raise ModelError(f"Data-pack estimate {key!r}: {exc}", hint=exc.hint) from None
        out[prefix][slot] = multiplier(key, estimate)
    return AssumptionDistributions(out["rates"], out["los"], out["unit_costs"], out["bed_day_costs"])


def assumption_parameters(pack: DataPack) -> tuple[list[Parameter], ...]:
    """The multipliers as named parameters (``rate``, ``los``, ``unit_cost`` per activity,
    ``bed_day_cost`` per setting), each with the stream it draws from (``stream_name``)."""
    dists = assumption_distributions(pack)
    prefixes = ("rates", "los", "unit_costs")
    columns = [
        [Parameter(stream_name(f"{p}:{a.code}"), d) for a, d in zip(pack.activities, ds, strict=True)]
        for p, ds in zip(prefixes, (dists.rate, dists.los, dists.unit_cost), strict=True)
    ]
    beds = [
        Parameter(stream_name(f"bed_day_costs:{s.code}"), d)
        for s, d in zip(pack.settings, dists.bed_day_cost, strict=True)
    ]
    return (*columns, beds)
