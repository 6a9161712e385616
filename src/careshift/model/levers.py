"""Levers: what a scenario changes, compiled against a data pack and applied to Monte Carlo arrays.

Engine arrays are ``units[a, y, l, i]`` and ``bed_days[a, y, l, i]`` (activity, year, locality,
iteration), and for every activity a lever acts on, its disjoint cohort parts ``U_j``, ``D_j``
(``careshift.model.cohorts``). For lever ``k`` with sampled value ``x_i`` (a share, growth or LOS
change), ramp ``r_y`` and locality mask ``m_l``, ``e = x_i r_y m_l``, in pipeline order, for each part
``j`` the lever covers:

* avoid:       out_j = e U_j;  U_j -= out_j;  D_j -= e D_j   (and the activity's totals by the same)
* shift:       as avoid, then the target activity ``t`` gains ``conversion_i * out_j`` units
               (``conversion_unit: units``; its bed days at the target's mean LOS times its sampled LOS
               multiplier) or that many bed days
               (``conversion_unit: bed_days``; its units = bed days / the target's mean LOS)
* efficiency:  D_j += e D_j     (LOS change; units unchanged)
* growth:      U_j += e U_j;  D_j += e D_j

The ramp is linear: ``r_y = clip((y - start + 1) / (full - start + 1), 0, 1)``, so a lever has a first
slice of effect in its start year and full effect from its full-effect year.

Because parts are disjoint and each lever covers whole parts, stacked levers on overlapping cohorts are
applied exactly (tested against a cell-by-cell reference). Before a lever starts ``e = 0`` and every
array is left exactly as it was. Activity never becomes negative, because ``x_i <= 1`` for avoid and
shift and ``x_i >= -1`` for growth and LOS changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from careshift.datapack.pack import DataPack, FloatArray
from careshift.errors import ModelError
from careshift.model.cohorts import Partition, locality_mask
from careshift.model.demand import BaseDemand
from careshift.model.scenario import Lever, Scenario

IntArray = npt.NDArray[np.int64]
VariantPick = int | IntArray


@dataclass(frozen=True)
class CompiledLever:
    """A lever resolved to pack indices: its activities (and their slots among the split activities),
    the cohort parts it covers and its locality mask."""

    name: str
    kind: str
    activities: tuple[int, ...]
    slots: tuple[int, ...]
    parts: tuple[int, ...]
    ramp: FloatArray  # [year]
    localities: FloatArray | None = None  # [locality] 0/1, None for all
    target: int = -1
    target_slot: int = -1
    target_los: FloatArray | None = None  # [variant, year, locality]
    conversion_unit: str = "units"


@dataclass
class Parts:
    """The live cohort parts of a chunk: ``units[q, j, y, l, i]`` and ``bed_days[q, j, y, l, i]`` for
    split activity ``q`` and part ``j``."""

    units: FloatArray
    bed_days: FloatArray


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
    k: int, lever: Lever, pack: DataPack, part: Partition, base: BaseDemand, years: tuple[int, ...]
) -> CompiledLever:
    """Lever ``k`` of the scenario against the pack and the scenario's ``part``ition."""
    acts = [pack.activity_index(code) for code in lever.cohort.activities]
    target = pack.activity_index(lever.to_activity) if lever.to_activity else -1
    return CompiledLever(
        name=lever.name,
        kind=lever.kind,
        activities=tuple(acts),
        slots=tuple(part.slot(a) for a in acts),
        parts=tuple(int(j) for j in np.flatnonzero(part.members[k])),
        ramp=ramp(years, lever.start_year, lever.full_effect_year),
        localities=locality_mask(pack, lever),
        target=target,
        target_slot=part.slot(target) if target >= 0 else -1,
        target_los=_target_los(base, target) if target >= 0 else None,
        conversion_unit=lever.conversion_unit,
    )


def start_parts(part: Partition, units: FloatArray, bed_days: FloatArray, vidx: VariantPick) -> Parts:
    """Each split activity's parts at their shares of the (grown) activity."""
    n_q, n_j = len(part.activities), part.n_parts
    shape = (n_q, n_j, *units.shape[1:])
    out = Parts(np.empty(shape), np.empty(shape))
    for q, a in enumerate(part.activities):
        for j in range(n_j):
            np.multiply(units[a], pick(part.unit_share[q, j], vidx), out=out.units[q, j])
            np.multiply(bed_days[a], pick(part.bed_share[q, j], vidx), out=out.bed_days[q, j])
    return out


@dataclass(frozen=True)
class LeverDraws:
    """One lever's per-iteration draws ``[i]``: its value, its conversion, and the target activity's
    LOS multiplier (``None`` when the lever has no target)."""

    value: FloatArray
    conversion: FloatArray
    target_los_scale: FloatArray | None = None


def apply_lever(
    lever: CompiledLever,
    units: FloatArray,
    bed_days: FloatArray,
    parts: Parts,
    draws: LeverDraws,
    vidx: VariantPick,
) -> None:
    """Apply one lever in place with this chunk's ``draws``."""
    effect = lever.ramp[:, None, None] * draws.value[None, None, :]  # [y, 1, i]
    if lever.localities is not None:
        effect = effect * lever.localities[None, :, None]
    sign = -1.0 if lever.kind in ("avoid", "shift") else 1.0
    moved: dict[int, FloatArray] = {}
    for a, q in zip(lever.activities, lever.slots, strict=True):
        for j in lever.parts:
            change_d = effect * parts.bed_days[q, j]
            parts.bed_days[q, j] += sign * change_d
            bed_days[a] += sign * change_d
            if lever.kind == "efficiency":
                continue
            change_u = effect * parts.units[q, j]
            parts.units[q, j] += sign * change_u
            units[a] += sign * change_u
            if lever.kind == "shift":
                moved[j] = moved[j] + change_u if j in moved else change_u
    los = _arrival_los(lever, draws, vidx)
    for j, out in moved.items():
        _arrive(lever, units, bed_days, parts, out * draws.conversion[None, None, :], los, j)


def _arrival_los(lever: CompiledLever, draws: LeverDraws, vidx: VariantPick) -> FloatArray | None:
    """The target's mean LOS ``[year, locality, i or 1]`` times its per-iteration multiplier."""
    if lever.target_los is None:
        return None
    los = pick(lever.target_los, vidx)
    return los if draws.target_los_scale is None else los * draws.target_los_scale[None, None, :]


def _arrive(
    lever: CompiledLever,
    units: FloatArray,
    bed_days: FloatArray,
    parts: Parts,
    amount: FloatArray,
    los: FloatArray | None,
    part: int,
) -> None:
    """Add shifted activity to the target (and to its part ``part`` when the target is split):
    ``amount`` is in units or bed days (``conversion_unit``)."""
    add_d: FloatArray | None
    if lever.conversion_unit == "bed_days" and los is not None:
        add_d = amount
        add_u = np.divide(amount, los, out=np.zeros_like(amount), where=los > 0)
    else:
        add_u = amount
        add_d = amount * los if los is not None else None
    units[lever.target] += add_u
    if add_d is not None:
        bed_days[lever.target] += add_d
    if lever.target_slot >= 0:
        parts.units[lever.target_slot, part] += add_u
        if add_d is not None:
            parts.bed_days[lever.target_slot, part] += add_d


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
    for i, flow_lever in enumerate(scenario.discharge.levers):
        _check_codes(f"discharge.levers[{i}].localities", flow_lever.localities, pack.localities, "locality")
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
