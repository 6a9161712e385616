"""The scenario editor: the scenario page's forms, turned into one engine scenario and back.

``ScenarioEditor(data, spec=...)`` builds :class:`ScenarioForm`, the lever formset, :class:`FinanceForm`
and :class:`CapacityForm` from a stored spec (or from POST data). ``is_valid()`` cleans them, merges
their data over the stored spec (so parts the form does not show are kept), validates the result with
the engine's pydantic ``Scenario`` and, when that fails, puts each message next to the field it names
(``levers[1].share`` -> the second lever's share).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from django import forms

from careshift.apps.scenarios import engine
from careshift.apps.scenarios.forms import (
    CapacityForm,
    Choices,
    FinanceForm,
    LeverFormSet,
    ScenarioForm,
    pack_choices,
)
from careshift.errors import ConflictError, ScenarioError

# lever path (inside levers[i]) -> form field; the first matching prefix wins
LEVER_FIELDS = [
    ("cohort.activities", "activities"),
    ("cohort.ages.max_age", "max_age"),
    ("cohort.ages", "min_age"),
    ("cohort.sexes", "sexes"),
    ("cohort.localities", "localities"),
    ("cohort", "activities"),
    ("share", "share_low"),
    ("los_change", "los_change_low"),
    ("conversion_unit", "conversion_unit"),
    ("conversion", "conversion_low"),
    ("to_activity", "to_activity"),
    ("start_year", "start_year"),
    ("full_effect_year", "full_effect_year"),
    ("evidence", "evidence"),
    ("name", "name"),
    ("kind", "kind"),
    ("note", "note"),
]
SCENARIO_FIELDS = [
    ("projection.variant", "variant"),
    ("projection.sample_variants", "sample_variants"),
    ("non_demographic_growth", "growth_low"),
    ("uncertainty.assumptions", "assumptions"),
    ("uncertainty", "parameter_uncertainty"),
]


def uncertain(low: float | None, mode: float | None, high: float | None, previous: Any = None) -> Any:
    """The scenario's value for low/most likely/high form fields: None, a number, an interval or a
    triangular; an interval keeps the coverage and shape it had before."""
    if low is None and high is None:
        return mode
    low = high if low is None else low
    high = low if high is None else high
    if mode is not None:
        return {"low": low, "mode": mode, "high": high}
    if low == high:
        return low
    extra = {k: previous[k] for k in ("coverage", "shape") if isinstance(previous, dict) and k in previous}
    return {"low": low, "high": high, **extra}


def split_uncertain(value: Any) -> tuple[Any, Any, Any]:
    """(low, most likely, high) for a scenario value (the inverse of :func:`uncertain`)."""
    if value is None:
        return None, None, None
    if isinstance(value, dict):
        return value.get("low"), value.get("mode"), value.get("high")
    return value, None, value


def _plain(value: float) -> str:
    """A number as a person would type it, without losing precision (5000000, 0.125)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def parse_evidence(text: str) -> list[dict[str, str]]:
    refs = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")] + ["", ""]
        if parts[0]:
            refs.append({"citation": parts[0], "url": parts[1], "note": parts[2]})
    return refs


def format_evidence(refs: list[dict[str, str]]) -> str:
    return "\n".join(
        " | ".join(p for p in (r["citation"], r.get("url", ""), r.get("note", "")) if p) for r in refs
    )


def lever_initial(lever: dict[str, Any], costs: dict[str, Any]) -> dict[str, Any]:
    cohort = lever.get("cohort", {})
    share, conversion, los = (split_uncertain(lever.get(k)) for k in ("share", "conversion", "los_change"))
    cost = costs.get(lever["name"], {})
    return {
        "name": lever["name"],
        "kind": lever["kind"],
        "activities": cohort.get("activities", []),
        "min_age": str(cohort.get("ages", {}).get("min_age", 0)),
        "max_age": "" if cohort.get("ages", {}).get("max_age") is None else str(cohort["ages"]["max_age"]),
        "sexes": cohort.get("sexes", ["female", "male"]),
        "localities": cohort.get("localities", []),
        "share_low": share[0],
        "share_mode": share[1],
        "share_high": share[2],
        "to_activity": lever.get("to_activity") or "",
        "conversion_low": conversion[0],
        "conversion_high": conversion[2],
        "conversion_unit": lever.get("conversion_unit", "units"),
        "los_change_low": los[0],
        "los_change_high": los[2],
        "start_year": lever.get("start_year"),
        "full_effect_year": lever.get("full_effect_year"),
        "evidence": format_evidence(lever.get("evidence", [])),
        "note": lever.get("note", ""),
        "one_off_cost": cost.get("one_off") or None,
        "recurring_cost": cost.get("recurring") or None,
    }


def lever_spec(data: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    lever: dict[str, Any] = {
        "name": data["name"],
        "kind": data["kind"],
        "cohort": {
            "activities": data["activities"],
            "ages": {"min_age": data["min_age"], "max_age": data["max_age"]},
            "sexes": data["sexes"],
            "localities": data["localities"],
        },
        "share": uncertain(data["share_low"], data["share_mode"], data["share_high"], previous.get("share")),
        "los_change": uncertain(
            data["los_change_low"], None, data["los_change_high"], previous.get("los_change")
        ),
        "start_year": data["start_year"],
        "full_effect_year": data["full_effect_year"],
        "evidence": parse_evidence(data["evidence"]),
        "note": data["note"],
    }
    if data["kind"] == "shift":
        conversion = uncertain(
            data["conversion_low"], None, data["conversion_high"], previous.get("conversion")
        )
        lever.update(
            to_activity=data["to_activity"] or None,
            conversion=1.0 if conversion is None else conversion,
            conversion_unit=data["conversion_unit"],
        )
    return lever


class ScenarioEditor:
    """The scenario page's forms as one unit; ``spec`` holds the validated scenario after ``is_valid()``."""

    def __init__(
        self,
        data: Any = None,
        *,
        spec: dict[str, Any] | None = None,
        name: str = "",
        description: str = "",
        choices: Choices | None = None,
        version: int | None = None,
    ):
        self.base = copy.deepcopy(spec or {})
        self.opened_version = version
        self.choices = choices or pack_choices()
        kw: dict[str, Any] = {"choices": self.choices}
        initial = self._initial(name, description)
        self.scenario = ScenarioForm(data, initial=initial["scenario"], **kw)
        self.levers = LeverFormSet(data, initial=initial["levers"], prefix="levers", **kw)
        self.finance = FinanceForm(data, initial=initial["finance"], prefix="finance")
        self.capacity = CapacityForm(data, initial=initial["capacity"], prefix="capacity", **kw)
        self.spec: dict[str, Any] | None = None
        self.summary: list[str] = []

    # --- from a stored spec to form initial values ---
    def _initial(self, name: str, description: str) -> dict[str, Any]:
        s = self.base
        growth = split_uncertain(s.get("non_demographic_growth", {}).get("*"))
        finance = s.get("finance", {})
        costs = finance.get("implementation_cost", {})
        capacity = {
            f"{code}__{field}": policy.get(field)
            for code, policy in s.get("capacity", {}).items()
            for field in CapacityForm.FIELDS
        }
        return {
            "scenario": {
                "version": self.opened_version,
                "name": name or s.get("name", ""),
                "description": description or s.get("description", ""),
                "horizon_year": s.get("horizon_year", 2040),
                "variant": s.get("projection", {}).get("variant") or "",
                "sample_variants": s.get("projection", {}).get("sample_variants", False),
                "include_housing_growth": s.get("include_housing_growth", False),
                "growth_low": growth[0],
                "growth_mode": growth[1],
                "growth_high": growth[2],
                "assumptions": s.get("uncertainty", {}).get("assumptions", True),
                "parameter_uncertainty": s.get("uncertainty", {}).get("parameter_uncertainty", True),
                "illustrative": s.get("illustrative", False),
                "iterations": s.get("iterations", 1000),
                "seed": s.get("seed", 42),
            },
            "levers": [lever_initial(lever, costs) for lever in s.get("levers", [])],
            "finance": {
                "baseline_budget": finance.get("baseline_budget"),
                "savings_target": "\n".join(
                    f"{y}: {_plain(v)}" for y, v in finance.get("savings_target", {}).items()
                ),
            },
            "capacity": capacity,
        }

    # --- from cleaned form data to a scenario dict ---
    def _live_levers(self) -> list[forms.Form]:
        return [f for f in self.levers.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]

    def build(self) -> dict[str, Any]:
        spec, main = copy.deepcopy(self.base), self.scenario.cleaned_data
        for key in (
            "name",
            "description",
            "horizon_year",
            "include_housing_growth",
            "illustrative",
            "iterations",
            "seed",
        ):
            spec[key] = main[key]
        spec["projection"] = {
            **spec.get("projection", {}),
            "variant": main["variant"] or None,
            "sample_variants": main["sample_variants"],
        }
        growth = dict(spec.get("non_demographic_growth", {}))
        star = uncertain(main["growth_low"], main["growth_mode"], main["growth_high"], growth.pop("*", None))
        spec["non_demographic_growth"] = {**growth, **({"*": star} if star is not None else {})}
        spec["uncertainty"] = {
            **spec.get("uncertainty", {}),
            "assumptions": main["assumptions"],
            "parameter_uncertainty": main["parameter_uncertainty"],
        }
        previous = {lever["name"]: lever for lever in spec.get("levers", [])}
        live = [f.cleaned_data for f in self._live_levers()]
        spec["levers"] = [lever_spec(d, previous.get(d["name"], {})) for d in live]
        costs = {
            d["name"]: {"one_off": d["one_off_cost"] or 0.0, "recurring": d["recurring_cost"] or 0.0}
            for d in live
            if d["one_off_cost"] or d["recurring_cost"]
        }
        flow_levers = {lever["name"] for lever in spec.get("discharge", {}).get("levers", [])}
        kept = spec.get("finance", {}).get("implementation_cost", {})
        costs |= {name: cost for name, cost in kept.items() if name in flow_levers}  # not on the form
        fin = self.finance.cleaned_data
        spec["finance"] = {
            "baseline_budget": fin["baseline_budget"],
            "savings_target": fin["savings_target"],
            "implementation_cost": costs,
        }
        spec["capacity"] = self._capacity(spec.get("capacity", {}))
        return spec

    def _capacity(self, previous: dict[str, Any]) -> dict[str, Any]:
        policies = {c: p for c, p in previous.items() if c not in dict(self.capacity.settings)}
        for code, _label in self.capacity.settings:
            values = {f: self.capacity.cleaned_data[f"{code}__{f}"] for f in CapacityForm.FIELDS}
            kept = previous.get(code, {}).get("planned_beds_by_locality", {})
            if any(v is not None for v in values.values()) or kept:
                risk = values["max_turn_away_risk"]
                policies[code] = {
                    **values,
                    "max_turn_away_risk": 0.05 if risk is None else risk,
                    "risk_measure": previous.get(code, {}).get("risk_measure", "no_bed"),
                    "planned_beds_by_locality": kept,
                }
        return policies

    # --- validation ---
    def is_valid(self) -> bool:
        results = [f.is_valid() for f in (self.scenario, self.levers, self.finance, self.capacity)]
        if not all(results):
            self.summary = ["Some fields need correcting; see the messages next to them."]
            return False
        try:
            self.spec = engine.normalise(self.build())
        except ScenarioError as err:
            self._place_errors(err.fields or {"scenario": err.message})
            return False
        return True

    def _place_errors(self, fields: dict[str, str]) -> None:
        live = self._live_levers()
        for path, message in fields.items():
            match = re.match(r"levers\[(\d+)\]\.?(.*)$", path)
            if match and int(match.group(1)) < len(live):
                index = int(match.group(1))
                self.summary.append(f"Lever {index + 1} ({live[index].cleaned_data['name']}): {message}")
                sub = re.sub(r"\[\d+\]", "", match.group(2))
                field = next((f for p, f in LEVER_FIELDS if sub.startswith(p)), None) if sub else None
                live[index].add_error(field, message)
                continue
            self.summary.append(f"{path}: {message}")
            if path.startswith("finance.implementation_cost"):
                self.finance.add_error(None, message)
            elif path.startswith("finance."):
                name = re.split(r"[.\[]", path)[1]
                self.finance.add_error(name if name in self.finance.fields else None, message)
            elif path.startswith("capacity."):
                parts = path.split(".")
                name = f"{parts[1]}__{parts[2]}" if len(parts) > 2 else ""
                self.capacity.add_error(name if name in self.capacity.fields else None, message)
            else:
                field = next((f for p, f in SCENARIO_FIELDS if path.startswith(p)), path)
                self.scenario.add_error(field if field in self.scenario.fields else None, message)

    @property
    def version(self) -> int | None:
        """The version the person opened (from the hidden field), for the optimistic-locking save."""
        return self.scenario.opened_version()

    def refuse_conflict(self, err: ConflictError, saved_version: int | None) -> None:
        """Someone else saved first: say so above the form, which keeps what this person typed, and
        take on the saved version so that a second, deliberate save replaces it."""
        self.summary = [err.message, err.hint]
        data = self.scenario.data.copy()  # type: ignore[attr-defined]  # a QueryDict
        data[self.scenario.add_prefix("version")] = "" if saved_version is None else str(saved_version)
        self.scenario.data = data

    @property
    def name(self) -> str:
        return str(self.scenario.cleaned_data["name"])

    @property
    def description(self) -> str:
        return str(self.scenario.cleaned_data.get("description", ""))
