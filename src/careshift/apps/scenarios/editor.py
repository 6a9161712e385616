"""The scenario editor: the scenario page's forms, turned into one engine scenario and back.

``ScenarioEditor(data, spec=...)`` builds :class:`ScenarioForm`, the lever formset, the flow out of
hospital (:class:`FlowForm` and the discharge lever formset, ``discharge_form``), :class:`FinanceForm` and
:class:`CapacityForm` from a stored spec (or from POST data). ``is_valid()`` cleans them, merges
their data over the stored spec (so parts the form does not show are kept), validates the result with
the engine's pydantic ``Scenario`` and, when that fails, puts each message next to the field it names
(``levers[1].share`` -> the second lever's share, ``discharge.levers[0].places`` -> the first discharge
lever's places).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from django import forms

from careshift.apps.scenarios import engine
from careshift.apps.scenarios.discharge_form import (
    DischargeLeverFormSet,
    FlowForm,
    discharge_initial,
    discharge_spec,
    field_for,
)
from careshift.apps.scenarios.forms import (
    CapacityForm,
    Choices,
    FinanceForm,
    LeverFormSet,
    ScenarioForm,
    pack_choices,
)
from careshift.apps.scenarios.spec_values import (
    format_evidence,
    parse_evidence,
    plain_number,
    split_uncertain,
    uncertain,
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
        self.flow = FlowForm(data, initial=initial["flow"], prefix="flow")
        self.discharge = DischargeLeverFormSet(data, initial=initial["discharge"], prefix="discharge", **kw)
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
            "flow": {"capacity_growth": s.get("discharge", {}).get("capacity_growth", "demand")},
            "discharge": [discharge_initial(lv, costs) for lv in s.get("discharge", {}).get("levers", [])],
            "finance": {
                "baseline_budget": finance.get("baseline_budget"),
                "savings_target": "\n".join(
                    f"{y}: {plain_number(v)}" for y, v in finance.get("savings_target", {}).items()
                ),
            },
            "capacity": capacity,
        }

    # --- from cleaned form data to a scenario dict ---
    def _live_levers(self, formset: forms.BaseFormSet | None = None) -> list[forms.Form]:
        """The formset's rows kept on saving (the levers' by default): filled in and not removed."""
        rows = (self.levers if formset is None else formset).forms
        return [f for f in rows if f.cleaned_data and not f.cleaned_data.get("DELETE")]

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
        flow = dict(spec.get("discharge", {}))
        before = {lever["name"]: lever for lever in flow.get("levers", [])}
        out = [f.cleaned_data for f in self._live_levers(self.discharge)]
        spec["discharge"] = {
            **flow,
            "capacity_growth": self.flow.cleaned_data["capacity_growth"],
            "levers": [discharge_spec(d, before.get(d["name"], {})) for d in out],
        }
        costs = {
            d["name"]: {"one_off": d["one_off_cost"] or 0.0, "recurring": d["recurring_cost"] or 0.0}
            for d in [*live, *out]
            if d["one_off_cost"] or d["recurring_cost"]
        }
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
        parts = (self.scenario, self.levers, self.flow, self.discharge, self.finance, self.capacity)
        results = [f.is_valid() for f in parts]
        if not all(results) or not self._names_unique():
            self.summary = ["Some fields need correcting; see the messages next to them."]
            return False
        try:
            self.spec = engine.normalise(self.build())
        except ScenarioError as err:
            self._place_errors(err.fields or {"scenario": err.message})
            return False
        return True

    def _names_unique(self) -> bool:
        """Each lever and discharge lever has its own name (the waterfall and costs go by it); a repeat
        is refused beside its name field rather than far from it."""
        seen: set[str] = set()
        unique = True
        for form in [*self._live_levers(), *self._live_levers(self.discharge)]:
            name = form.cleaned_data["name"]
            if name in seen:
                form.add_error("name", f"Another lever is already called '{name}'; give each lever and "
                               "discharge lever its own name.")  # fmt: skip
                unique = False
            seen.add(name)
        return unique

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
            if path.startswith("discharge"):
                self._place_flow_error(path, message)
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

    def _place_flow_error(self, path: str, message: str) -> None:
        """An engine error inside ``discharge``: beside the discharge lever's field it names."""
        out = self._live_levers(self.discharge)
        match = re.match(r"discharge\.levers\[(\d+)\]\.?(.*)$", path)
        if match and int(match.group(1)) < len(out):
            index = int(match.group(1))
            name = out[index].cleaned_data["name"]
            self.summary.append(f"Discharge lever {index + 1} ({name}): {message}")
            out[index].add_error(field_for(re.sub(r"\[\d+\]", "", match.group(2))), message)
        else:
            self.summary.append(f"{path}: {message}")
            self.flow.add_error("capacity_growth" if "capacity_growth" in path else None, message)

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
