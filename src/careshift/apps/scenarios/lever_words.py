"""A scenario's levers, capacity policy and savings target in words, as the scenario page and the
comparison show them: what each lever does, its size, cohort, timing, conversion, cost and evidence.

>>> words = lever_words({"name": "Virtual wards", "kind": "shift", "share": {"low": 0.05, "high": 0.12},
...     "cohort": {"activities": ["unplanned_admission"], "ages": {"min_age": 65}},
...     "to_activity": "virtual_ward_admission", "conversion": {"low": 0.8, "high": 1.0},
...     "start_year": 2026, "full_effect_year": 2029}, {}, Labels({}, {}, {}))
>>> words.what
'Shift unplanned_admission to virtual_ward_admission'
>>> words.size, words.timing
('5% to 12% of the cohort', 'From 2026, full effect by 2029')

Values are the scenario's own (fractions shown as percentages, money as £1.5m); labels come from the data
pack (:func:`pack_labels`), codes the pack does not know are shown as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from careshift.site.charts.formatting import money, share

NONE = "—"
PATHWAYS = {
    "p1": "pathway 1 (home with reablement or home care)",
    "p2": "pathway 2 (rehabilitation or reablement bed)",
    "p3": "pathway 3 (care home bed)",
}
SEXES = {"f": "women", "m": "men", "female": "women", "male": "men"}


@dataclass(frozen=True)
class Labels:
    """Readable names for the data pack's codes."""

    activities: dict[str, str]
    localities: dict[str, str]
    settings: dict[str, str]

    def activity(self, code: str) -> str:
        return self.activities.get(code, code)


def pack_labels() -> Labels:
    from careshift.apps.scenarios import engine

    pack = engine.load_pack()
    return Labels(
        {a.code: a.label for a in pack.activities},
        dict(zip(pack.localities, pack.locality_names, strict=True)),
        {s.code: s.label for s in pack.settings},
    )


@dataclass(frozen=True)
class LeverWords:
    name: str
    what: str
    size: str
    cohort: str
    timing: str
    conversion: str
    cost: str
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (citation, url)
    note: str = ""

    ROWS = (
        ("what", "What"),
        ("size", "Size"),
        ("cohort", "Cohort"),
        ("timing", "Timing"),
        ("conversion", "Conversion"),
        ("cost", "Cost"),
        ("evidence_text", "Evidence"),
    )

    @property
    def evidence_text(self) -> str:
        return "; ".join(citation for citation, _url in self.evidence) or "None given"

    def rows(self) -> list[tuple[str, str]]:
        """``(label, words)`` for each part of the lever, in :attr:`ROWS` order."""
        return [(label, getattr(self, attr)) for attr, label in self.ROWS]


def uncertain(value: Any, write: Any = share) -> str:
    """A number or an interval in words: '5% to 12%', '8 to 14, most likely 10', '1'."""
    if value is None:
        return NONE
    if not isinstance(value, dict):
        return str(write(value))
    low, high = write(value["low"]), write(value["high"])
    text = low if low == high else f"{low} to {high}"
    return f"{text}, most likely {write(value['mode'])}" if value.get("mode") is not None else text


def _plain(value: Any) -> str:
    return f"{float(value):,.3g}"


def _size(lever: dict[str, Any]) -> str:
    kind = lever.get("kind")
    if kind in ("efficiency", "faster_discharge"):
        change = lever.get("los_change")
        if change is None:
            return NONE
        ends = [change["low"], change["high"]] if isinstance(change, dict) else [change]
        if all(e < 0 for e in ends) or all(e > 0 for e in ends):
            return f"Stays {uncertain(_abs(change))} {'shorter' if ends[0] < 0 else 'longer'}"
        return f"Length of stay changed by {uncertain(change)}"
    if kind == "add_capacity":
        return f"{uncertain(lever.get('places'), _plain)} more places at full effect"
    if kind == "growth":
        return f"{uncertain(lever.get('share'))} more activity at full effect"
    return f"{uncertain(lever.get('share'))} of the cohort"


def _abs(value: Any) -> Any:
    if not isinstance(value, dict):
        return abs(value)
    ends = {k: abs(v) for k, v in value.items() if k in ("low", "high", "mode") and v is not None}
    return {**ends, "low": min(ends["low"], ends["high"]), "high": max(ends["low"], ends["high"])}


def _what(lever: dict[str, Any], labels: Labels) -> str:
    kind = lever.get("kind")
    activities = ", ".join(labels.activity(a) for a in lever.get("cohort", {}).get("activities", []))
    if kind == "shift":
        return f"Shift {activities} to {labels.activity(str(lever.get('to_activity')))}"
    if kind == "avoid":
        return f"Avoid {activities}"
    if kind == "efficiency":
        return f"Change the length of stay of {activities}"
    if kind == "growth":
        return f"Growth in {activities} beyond demography"
    pathway = PATHWAYS.get(str(lever.get("pathway")), str(lever.get("pathway")))
    if kind == "add_capacity":
        return f"Add downstream places on {pathway}"
    if kind == "faster_discharge":
        return f"Shorter stays in {pathway}"
    return str(kind)


def _localities(codes: list[str], labels: Labels) -> str:
    return ", ".join(labels.localities.get(c, c) for c in codes) if codes else "all localities"


def _cohort(lever: dict[str, Any], labels: Labels) -> str:
    cohort = lever.get("cohort")
    if cohort is None:  # discharge levers: a pathway in some localities
        return f"Patients leaving hospital, {_localities(lever.get('localities', []), labels)}"
    ages = cohort.get("ages", {})
    low, high = ages.get("min_age", 0), ages.get("max_age")
    age = f"ages {low}+" if high is None else f"ages {low} to {high}"
    age = "all ages" if not low and high is None else age
    sexes = cohort.get("sexes") or ["f", "m"]
    sex = "both sexes" if len(sexes) > 1 else SEXES.get(sexes[0], sexes[0])
    activities = ", ".join(labels.activity(a) for a in cohort.get("activities", []))
    return f"{activities}; {age}; {sex}; {_localities(cohort.get('localities', []), labels)}"


def _conversion(lever: dict[str, Any], labels: Labels) -> str:
    if lever.get("kind") != "shift":
        return NONE
    unit = "bed days" if lever.get("conversion_unit") == "bed_days" else "units"
    target = labels.activity(str(lever.get("to_activity")))
    return f"{uncertain(lever.get('conversion', 1.0), _plain)} {unit} of {target} per unit moved"


def _cost(name: str, spec: dict[str, Any]) -> str:
    cost = spec.get("finance", {}).get("implementation_cost", {}).get(name)
    if not cost or not (cost.get("one_off") or cost.get("recurring")):
        return "None stated"
    parts = [f"{money(cost['one_off'])} one-off"] if cost.get("one_off") else []
    parts += [f"{money(cost['recurring'])} a year"] if cost.get("recurring") else []
    return ", ".join(parts)


def lever_words(lever: dict[str, Any], spec: dict[str, Any], labels: Labels) -> LeverWords:
    """One lever (or discharge lever) of ``spec`` in words."""
    name = str(lever.get("name", ""))
    return LeverWords(
        name=name,
        what=_what(lever, labels),
        size=_size(lever),
        cohort=_cohort(lever, labels),
        timing=f"From {lever.get('start_year')}, full effect by {lever.get('full_effect_year')}",
        conversion=_conversion(lever, labels),
        cost=_cost(name, spec),
        evidence=[(e.get("citation", ""), e.get("url", "")) for e in lever.get("evidence", [])],
        note=str(lever.get("note", "")),
    )


def all_levers(spec: dict[str, Any], labels: Labels) -> list[LeverWords]:
    """Every lever of ``spec`` in words: the demand levers, then the discharge levers."""
    levers = [*spec.get("levers", []), *spec.get("discharge", {}).get("levers", [])]
    return [lever_words(lever, spec, labels) for lever in levers]


def policy_words(spec: dict[str, Any], labels: Labels) -> dict[str, str]:
    """The capacity policy per setting (by its label), in words."""
    out = {}
    for code, policy in spec.get("capacity", {}).items():
        parts = []
        if policy.get("target_occupancy") is not None:
            parts.append(f"plan at {share(policy['target_occupancy'])} occupancy")
        erlang = policy.get("risk_measure") == "erlang_loss"
        risk = "of turning a patient away" if erlang else "of finding no bed"
        parts.append(f"at most a {share(policy.get('max_turn_away_risk', 0.05))} risk {risk}")
        if policy.get("planned_beds") is not None:
            parts.append(f"{policy['planned_beds']:,} beds planned")
        text = "; ".join(parts)
        out[labels.settings.get(code, code)] = text[:1].upper() + text[1:]
    return out


def target_words(spec: dict[str, Any]) -> str:
    """The savings target in words: '£10m by 2027, £30m by 2030'."""
    target = spec.get("finance", {}).get("savings_target", {})
    if not target:
        return "None set"
    return ", ".join(f"{money(v)} by {year}" for year, v in sorted(target.items(), key=lambda kv: int(kv[0])))
