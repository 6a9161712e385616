"""Levers: what a scenario changes, compiled against a data pack and applied to Monte Carlo arrays.

Engine arrays are ``units[a, y, l, i]`` and ``bed_days[a, y, l, i]`` (activity, year, locality,
iteration). For lever ``k`` with sampled value ``x_i`` (a share, growth or LOS change), ramp ``r_y`` and
cohort share ``c[a, y, l]`` (``careshift.model.demand``), in pipeline order:

* avoid:       out = x_i r_y c U;  U -= out;  D -= x_i r_y c_D D
* shift:       as avoid, then the target activity ``t`` gains ``conversion_i * sum_a out`` units
               (``conversion_unit: units``; its bed days at the target's mean LOS times its sampled LOS
               multiplier) or that many bed days
               (``conversion_unit: bed_days``; its units = bed days / the target's mean LOS)
* efficiency:  D *= 1 + x_i r_y c_D     (LOS change; units unchanged)
* growth:      U *= 1 + x_i r_y c;  D *= 1 + x_i r_y c_D

The ramp is linear: ``r_y = clip((y - start + 1) / (full - start + 1), 0, 1)``, so a lever has a first
slice of effect in its start year and full effect from its full-effect year.

When two levers' cohorts overlap within one activity and locality, a later lever acts on its cohort's
base-year share of what earlier levers left (shares are held at their demographic values). This is exact
for disjoint or nested-whole-cell cohorts and never makes activity negative, because ``x_i <= 1`` and
``c <= 1``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from careshift.datapack.pack import DataPack, FloatArray
from careshift.errors import ModelError
from careshift.model.demand import BaseDemand, cohort_shares
from careshift.model.scenario import Lever, Scenario

IntArray = npt.NDArray[np.int64]
VariantPick = int | IntArray


@dataclass(frozen=True)
class CompiledLever:
    """A lever resolved to pack indices and precomputed cohort shares."""

    name: str
    kind: str
    activities: tuple[int, ...]
    unit_share: FloatArray  # [k, variant, year, locality]
    bed_share: FloatArray  # [k, variant, year, locality]
    ramp: FloatArray  # [year]
    target: int = -1
    target_los: FloatArray | None = None  # [variant, year, locality]
    conversion_unit: str = "units"


def ramp(years: tuple[int, ...], start: int, full: int) -> FloatArray:
    """Linear ramp: first effect in ``start``, full effect from ``full``."""
    y = np.asarray(years, dtype=float)
    return np.clip((y - start + 1) / (full - start + 1), 0.0, 1.0)


def pick(arr: FloatArray, vidx: VariantPick) -> FloatArray:
    """``arr[variant, year, locality]`` for each iteration: ``[year, locality, i]`` (or ``[..., 1]``
    when every iteration uses one variant)."""
    return np.moveaxis(arr[vidx], 0, -1) if isinstance(vidx, np.ndarray) else arr[vidx][..., None]


def _target_los(base: BaseDemand, target: int) -> FloatArray:
    """Mean LOS of the target activity; localities without it fall back to the all-locality mean."""
    los = base.mean_los(target)
    pooled = base.bed_days[target].sum(axis=-1) / np.maximum(base.units[target].sum(axis=-1), 1e-300)
    return np.where(los > 0, los, pooled[..., None])


def compile_lever(
    lever: Lever, pack: DataPack, pop: FloatArray, base: BaseDemand, years: tuple[int, ...]
) -> CompiledLever:
    acts = [pack.activity_index(code) for code in lever.cohort.activities]
    unit_share, bed_share = cohort_shares(pack, pop, lever.cohort, base, acts)
    target = pack.activity_index(lever.to_activity) if lever.to_activity else -1
    return CompiledLever(
        name=lever.name,
        kind=lever.kind,
        activities=tuple(acts),
        unit_share=unit_share,
        bed_share=bed_share,
        ramp=ramp(years, lever.start_year, lever.full_effect_year),
        target=target,
        target_los=_target_los(base, target) if target >= 0 else None,
        conversion_unit=lever.conversion_unit,
    )


@dataclass(frozen=True)
class LeverDraws:
    """One lever's per-iteration draws ``[i]``: its value, its conversion, and the target activity's
    LOS multiplier (``None`` when the lever has no target)."""

    value: FloatArray
    conversion: FloatArray
    target_los_scale: FloatArray | None = None


def apply_lever(
    lever: CompiledLever, units: FloatArray, bed_days: FloatArray, draws: LeverDraws, vidx: VariantPick
) -> None:
    """Apply one lever in place with this chunk's ``draws``."""
    effect = lever.ramp[:, None, None] * draws.value[None, None, :]  # [y, 1, i]
    moved: FloatArray | float = 0.0
    for k, a in enumerate(lever.activities):
        cu = effect * pick(lever.unit_share[k], vidx)
        cd = effect * pick(lever.bed_share[k], vidx)
        if lever.kind == "efficiency":
            bed_days[a] *= 1 + cd
        elif lever.kind == "growth":
            units[a] *= 1 + cu
            bed_days[a] *= 1 + cd
        else:
            out = cu * units[a]
            units[a] -= out
            bed_days[a] -= cd * bed_days[a]
            moved = moved + out
    if lever.kind == "shift":
        amount = np.asarray(moved) * draws.conversion[None, None, :]
        _arrive(lever, units, bed_days, amount, _arrival_los(lever, draws, vidx))


def _arrival_los(lever: CompiledLever, draws: LeverDraws, vidx: VariantPick) -> FloatArray | None:
    """The target's mean LOS ``[year, locality, i or 1]`` times its per-iteration multiplier."""
    if lever.target_los is None:
        return None
    los = pick(lever.target_los, vidx)
    return los if draws.target_los_scale is None else los * draws.target_los_scale[None, None, :]


def _arrive(
    lever: CompiledLever, units: FloatArray, bed_days: FloatArray, amount: FloatArray, los: FloatArray | None
) -> None:
    """Add shifted activity to the target: ``amount`` is in units or bed days (``conversion_unit``)."""
    if lever.conversion_unit == "bed_days" and los is not None:
        bed_days[lever.target] += amount
        units[lever.target] += np.divide(amount, los, out=np.zeros_like(amount), where=los > 0)
    else:
        units[lever.target] += amount
        if los is not None:
            bed_days[lever.target] += amount * los


def _fail(field: str, message: str, hint: str) -> ModelError:
    return ModelError(f"{field}: {message}", hint=hint, fields={field: message})


def _check_codes(field: str, codes: list[str], known: tuple[str, ...], what: str) -> None:
    for j, code in enumerate(codes):
        if code not in known:
            raise _fail(
                f"{field}[{j}]",
                f"{code!r} is not an {what} in this data pack",
                f"Use one of: {', '.join(known)}.",
            )


def check_against_pack(scenario: Scenario, pack: DataPack) -> None:
    """Raise ``ModelError`` naming the field when a scenario's codes do not match the pack."""
    acts = tuple(a.code for a in pack.activities)
    settings = {s.code: s for s in pack.settings}
    if scenario.projection.variant is not None and scenario.projection.variant not in pack.variants:
        raise _fail(
            "projection.variant",
            f"{scenario.projection.variant!r} is not a projection variant",
            f"Use one of: {', '.join(pack.variants)} (or null for the principal).",
        )
    _check_codes(
        "non_demographic_growth", [k for k in scenario.non_demographic_growth if k != "*"], acts, "activity"
    )
    for i, lever in enumerate(scenario.levers):
        _check_lever(f"levers[{i}]", lever, pack, acts, settings)
    for code, policy in scenario.capacity.items():
        if code not in settings:
            raise _fail(
                f"capacity.{code}",
                "is not a setting in this data pack",
                f"Use one of: {', '.join(settings)}.",
            )
        _check_codes(
            f"capacity.{code}.planned_beds_by_locality",
            list(policy.planned_beds_by_locality),
            pack.localities,
            "locality",
        )


def _check_lever(field: str, lever: Lever, pack: DataPack, acts: tuple[str, ...], settings: dict) -> None:
    _check_codes(f"{field}.cohort.activities", lever.cohort.activities, acts, "activity")
    _check_codes(f"{field}.cohort.localities", lever.cohort.localities, pack.localities, "locality")
    if lever.to_activity is None:
        return
    if lever.to_activity not in acts:
        raise _fail(
            f"{field}.to_activity",
            f"{lever.to_activity!r} is not an activity in this data pack",
            f"Use one of: {', '.join(acts)}.",
        )
    if lever.to_activity in lever.cohort.activities:
        raise _fail(f"{field}.to_activity", "shifts an activity to itself", "Name a different activity.")
    target = pack.activities[acts.index(lever.to_activity)]
    if lever.conversion_unit == "bed_days" and settings[target.setting].capacity_kind != "beds":
        raise _fail(
            f"{field}.conversion_unit",
            f"bed_days needs a bed-based target; {target.code} is not",
            "Use conversion_unit: units.",
        )
