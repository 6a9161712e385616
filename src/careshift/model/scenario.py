"""The scenario: a typed, validated description of what a system plans to do.

A scenario is a YAML or JSON file validated once by the pydantic models below; bad files raise
``ScenarioError`` naming the field path and the fix (e.g. ``levers[1].share: 1.4 is more than 1; a
share is a fraction between 0 and 1``). Codes (activities, settings, localities) are checked against a
data pack by ``careshift.model.levers.check_against_pack`` when the scenario is run.

Uncertain numbers are written as a plain number (fixed), an 80% interval ``{low, high}`` (optionally
``coverage`` and ``shape: lognormal``) or a triangular ``{low, mode, high}``; see
``careshift.model.distributions``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic import ValidationError as PydanticValidationError

from careshift.documents import MAX_BYTES, load_document
from careshift.errors import DocumentError, ScenarioError
from careshift.model.distributions import Distribution, Fixed, Interval, Triangular

SAMPLES_DIR = Path(__file__).parent / "samples"
MAX_HORIZON = 2040
_TAGS = {"number", "interval", "triangular"}
Sex = Literal["female", "male"]
BOTH_SEXES: tuple[Sex, Sex] = ("female", "male")
MAX_MONEY = 1e12  # GBP: a thousand billion pounds is beyond any county's budget
MAX_BEDS = 100_000
# Numbers are finite (no NaN or infinity, refused by the models' ``allow_inf_nan=False``) and never
# true/false: ``iterations: true`` is a mistake, not 1.
Number = Annotated[float, Strict()]
Whole = Annotated[int, Strict()]
TargetYear = Annotated[int, Field(ge=2000, le=2100)]  # lax: a JSON object's keys are text
Target = Annotated[float, Strict(), Field(ge=-MAX_MONEY, le=MAX_MONEY)]
Money = Annotated[float, Strict(), Field(ge=0, le=MAX_MONEY)]
Beds = Annotated[int, Strict(), Field(ge=0, le=MAX_BEDS)]
# Text fits the database's columns: names 200 characters (as the web form), codes 100, notes 20,000.
Name = Annotated[str, Field(min_length=1, max_length=200)]
Code = Annotated[str, Field(min_length=1, max_length=100)]
Prose = Annotated[str, Field(max_length=20_000)]


def _without_nul(value: Any) -> Any:
    """Refuse the NUL character anywhere in a text value (PostgreSQL cannot store it)."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("contains a NUL character (\\0), which text cannot hold; remove it")
    if isinstance(value, list | tuple):
        for item in value:
            _without_nul(item)
    if isinstance(value, dict):
        for key in value:
            _without_nul(key)
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        return _without_nul(value)


class IntervalSpec(_Strict):
    """An 80% interval: ``coverage`` of plausible values lie between ``low`` and ``high``."""

    low: Number = Field(description="Lower end of the interval.")
    high: Number = Field(description="Upper end of the interval.")
    coverage: Number = Field(0.8, gt=0, lt=1, description="Share of plausible values inside the interval.")
    shape: Literal["normal", "lognormal"] = Field("normal", description="Distribution fitted to it.")

    @model_validator(mode="after")
    def _ordered(self) -> IntervalSpec:
        Interval(self.low, self.high, self.coverage, self.shape)
        return self


class TriangularSpec(_Strict):
    """A three-point estimate: lowest plausible, most likely, highest plausible."""

    low: Number
    mode: Number
    high: Number

    @model_validator(mode="after")
    def _ordered(self) -> TriangularSpec:
        Triangular(self.low, self.mode, self.high)
        return self


def _uncertain_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "triangular" if "mode" in value else "interval"
    if isinstance(value, TriangularSpec):
        return "triangular"
    return "interval" if isinstance(value, IntervalSpec) else "number"


Uncertain = Annotated[
    Annotated[Number, Tag("number")]
    | Annotated[IntervalSpec, Tag("interval")]
    | Annotated[TriangularSpec, Tag("triangular")],
    Discriminator(_uncertain_kind),
]


def to_distribution(value: float | IntervalSpec | TriangularSpec) -> Distribution:
    """The distribution object for an uncertain scenario value."""
    if isinstance(value, IntervalSpec):
        return Interval(value.low, value.high, value.coverage, value.shape)
    if isinstance(value, TriangularSpec):
        return Triangular(value.low, value.mode, value.high)
    return Fixed(float(value))


def _bounds(value: float | IntervalSpec | TriangularSpec) -> tuple[float, float]:
    if isinstance(value, IntervalSpec | TriangularSpec):
        return value.low, value.high
    return float(value), float(value)


def _check_range(value: Any, lo: float, hi: float, what: str) -> Any:
    low, high = _bounds(value)
    if high > hi:
        raise ValueError(f"{high:g} is more than {hi:g}; {what}")
    if low < lo:
        raise ValueError(f"{low:g} is less than {lo:g}; {what}")
    return value


class AgeRange(_Strict):
    """Ages by 5-year band: ``min_age`` is a band's first age, ``max_age`` a band's last (or none)."""

    min_age: Whole = Field(0, ge=0, le=90, description="First age included (0, 5, ..., 90).")
    max_age: Whole | None = Field(
        None, description="Last age included (4, 9, ..., 89), or null for no limit."
    )

    @field_validator("min_age")
    @classmethod
    def _band_start(cls, v: int) -> int:
        if v % 5:
            raise ValueError(f"{v} is not the start of an age band; use a multiple of 5 (0, 5, ..., 90)")
        return v

    @field_validator("max_age")
    @classmethod
    def _band_end(cls, v: int | None, info: ValidationInfo) -> int | None:
        if v is None:
            return v
        if (v + 1) % 5 or not 4 <= v <= 89:
            raise ValueError(f"{v} is not the end of an age band; use 4, 9, ..., 89 or null for no limit")
        if v < info.data.get("min_age", 0):
            raise ValueError(f"{v} is less than min_age; max_age must be at least min_age")
        return v


class Cohort(_Strict):
    """Who a lever applies to. Empty ``localities`` means every locality."""

    activities: list[Code] = Field(min_length=1, description="Activity codes from the data pack.")
    ages: AgeRange = Field(default_factory=AgeRange, description="Age range (whole 5-year bands).")
    sexes: list[Sex] = Field(default_factory=lambda: list(BOTH_SEXES), min_length=1)
    localities: list[Code] = Field(default_factory=list, description="Locality codes; empty for all.")


class Evidence(_Strict):
    """A reference supporting a lever's numbers."""

    citation: Prose
    url: Prose = ""
    note: Prose = ""


class Lever(_Strict):
    """A change the system makes to a cohort's activity, ramping in linearly.

    * ``avoid``: a ``share`` of the cohort's activity never happens (prevention).
    * ``shift``: a ``share`` moves to ``to_activity``; each unit out becomes ``conversion`` units (or bed
      days, with ``conversion_unit: bed_days``) of the target activity.
    * ``efficiency``: the cohort's length of stay changes by ``los_change`` (a fraction; -0.1 is 10% shorter).
    * ``growth``: the cohort's activity grows by ``share`` (a fraction; 0.1 is 10% more) at full effect.
    """

    name: Name = Field(description="Unique name; used in the waterfall.")
    kind: Literal["avoid", "shift", "efficiency", "growth"]
    cohort: Cohort
    share: Uncertain | None = Field(None, description="Fraction of the cohort's activity affected.")
    los_change: Uncertain | None = Field(None, description="Fractional change in length of stay.")
    to_activity: Code | None = Field(None, description="Target activity code (shift levers).")
    conversion: Uncertain = Field(1.0, description="Units (or bed days) of the target per unit shifted out.")
    conversion_unit: Literal["units", "bed_days"] = "units"
    start_year: Whole = Field(ge=2000, le=MAX_HORIZON, description="First year with any effect.")
    full_effect_year: Whole = Field(ge=2000, le=MAX_HORIZON, description="First year at full effect.")
    evidence: list[Evidence] = Field(default_factory=list)
    note: Prose = Field("", description="Basis of the numbers; say when they are assumptions.")

    @field_validator("share")
    @classmethod
    def _share_range(cls, v: Any, info: ValidationInfo) -> Any:
        if v is None:
            return v
        if info.data.get("kind") == "growth":
            return _check_range(v, -1, 10, "growth is a fraction (0.1 for 10% more); it cannot be below -1")
        return _check_range(v, 0, 1, "a share is a fraction between 0 and 1")

    @field_validator("los_change")
    @classmethod
    def _los_range(cls, v: Any) -> Any:
        if v is None:
            return v
        return _check_range(v, -1, 1, "a length-of-stay change is a fraction (-0.1 for 10% shorter)")

    @field_validator("conversion")
    @classmethod
    def _conversion_range(cls, v: Any) -> Any:
        return _check_range(v, 0, 1e6, "a conversion is units of the target per unit shifted (>= 0)")

    @field_validator("full_effect_year")
    @classmethod
    def _after_start(cls, v: int, info: ValidationInfo) -> int:
        start = info.data.get("start_year")
        if start is not None and v < start:
            raise ValueError(f"{v} is before start_year {start}; full effect cannot come before the start")
        return v

    @model_validator(mode="after")
    def _needs(self) -> Lever:
        if self.kind in ("avoid", "shift", "growth") and self.share is None:
            raise ValueError(f"a {self.kind} lever needs a share; add share: {{low: ..., high: ...}}")
        if self.kind == "efficiency" and self.los_change is None:
            raise ValueError("an efficiency lever needs los_change; add los_change: {low: ..., high: ...}")
        if self.kind == "shift" and not self.to_activity:
            raise ValueError("a shift lever needs to_activity; name the activity the care moves to")
        if self.kind != "shift" and self.to_activity:
            raise ValueError(f"to_activity is only for shift levers, not {self.kind}; remove it")
        return self


Pathway = Literal["p0", "p1", "p2", "p3"]


class DischargeLever(_Strict):
    """A change to the flow out of hospital (discharge to assess), ramping in linearly.

    * ``add_capacity``: ``places`` more downstream places on ``pathway`` (P1: reablement or home-care
      packages; P2: rehabilitation or step-down beds; P3: care-home beds), county-wide (split over
      localities by their patients) or in the named ``localities`` (split the same way).
    * ``faster_discharge``: the stay in the pathway's service changes by ``los_change`` (a fraction; -0.1
      is 10% shorter, so each place serves more patients); on P0, the internal wait before leaving.
    """

    name: str = Field(min_length=1, description="Unique name (among all levers); used in the waterfall.")
    kind: Literal["add_capacity", "faster_discharge"]
    pathway: Pathway = Field(
        description="p0 home, p1 home with support, p2 rehabilitation bed, p3 care home."
    )
    places: Uncertain | None = Field(None, description="Places added at full effect (add_capacity).")
    los_change: Uncertain | None = Field(
        None, description="Fractional change in the stay (faster_discharge)."
    )
    localities: list[str] = Field(default_factory=list, description="Locality codes; empty for all.")
    start_year: int = Field(ge=2000, le=MAX_HORIZON, description="First year with any effect.")
    full_effect_year: int = Field(ge=2000, le=MAX_HORIZON, description="First year at full effect.")
    evidence: list[Evidence] = Field(default_factory=list)
    note: str = Field("", description="Basis of the numbers; say when they are assumptions.")

    @field_validator("places")
    @classmethod
    def _places_range(cls, v: Any) -> Any:
        if v is None:
            return v
        return _check_range(v, 0, 1e5, "places are a number of downstream places added (>= 0)")

    @field_validator("los_change")
    @classmethod
    def _los_range(cls, v: Any) -> Any:
        if v is None:
            return v
        return _check_range(v, -0.95, 2, "a stay change is a fraction (-0.1 for 10% shorter), above -0.95")

    @field_validator("full_effect_year")
    @classmethod
    def _after_start(cls, v: int, info: ValidationInfo) -> int:
        start = info.data.get("start_year")
        if start is not None and v < start:
            raise ValueError(f"{v} is before start_year {start}; full effect cannot come before the start")
        return v

    @model_validator(mode="after")
    def _needs(self) -> DischargeLever:
        if self.kind == "add_capacity":
            if self.places is None:
                raise ValueError("an add_capacity lever needs places; add places: {low: ..., high: ...}")
            if self.pathway == "p0":
                raise ValueError("pathway p0 has no downstream places; use p1, p2 or p3")
            if self.los_change is not None:
                raise ValueError("los_change is for faster_discharge levers; remove it or change the kind")
        if self.kind == "faster_discharge":
            if self.los_change is None:
                raise ValueError("a faster_discharge lever needs los_change; add los_change: -0.1")
            if self.places is not None:
                raise ValueError("places are for add_capacity levers; remove them or change the kind")
        return self


class DischargeFlow(_Strict):
    """The flow out of hospital: how downstream places change, and levers on them (method.md, 5b). A data
    pack without discharge figures has no flow, and these levers then have no effect."""

    capacity_growth: Literal["demand", "fixed"] = Field(
        "demand",
        description="demand: downstream places keep pace with the do-nothing demand (as other settings "
        "do); fixed: they stay at today's, so growing demand waits in acute beds.",
    )
    levers: list[DischargeLever] = Field(default_factory=list)


class SettingPolicy(_Strict):
    """How a setting's capacity is planned. Omitted values use the data pack's defaults."""

    target_occupancy: Number | None = Field(
        None, gt=0, le=1, description="Planning occupancy (bed settings)."
    )
    max_turn_away_risk: Number = Field(
        0.05,
        gt=0,
        lt=1,
        description="The risk target: the highest acceptable probability that an arriving patient finds no "
        "bed (0.05: no more than one day in twenty at or above full occupancy, over the year with its "
        "winter); with risk_measure erlang_loss, the Erlang B probability of turning a patient away.",
    )
    risk_measure: Literal["no_bed", "erlang_loss"] = Field(
        "no_bed",
        description="no_bed: patients who find the beds full wait (the share of arrivals, and of days, at "
        "full occupancy); erlang_loss: they are turned away (Erlang B, in the peak month). Beds for the "
        "risk target are never fewer than the mean occupied beds.",
    )
    planned_beds: Beds | None = Field(
        None, description=f"County beds planned (for the turn-away risk), 0 to {MAX_BEDS:,}."
    )
    planned_beds_by_locality: dict[Code, Beds] = Field(
        default_factory=dict, description=f"Beds planned by locality code, each 0 to {MAX_BEDS:,}."
    )


class ImplementationCost(_Strict):
    """What a lever costs to put in place (GBP): once in its start year, and every year from then on."""

    one_off: Money = Field(0.0, description="GBP, paid once in the lever's start year.")
    recurring: Money = Field(0.0, description="GBP a year, from the lever's start year.")


class Finance(_Strict):
    """Money: the baseline budget, a savings target by year and each lever's implementation cost."""

    baseline_budget: Money | None = Field(None, description="Annual budget in the base year (GBP).")
    savings_target: dict[TargetYear, Target] = Field(
        default_factory=dict, description="Savings target (GBP) by year; carried forward to later years."
    )
    implementation_cost: dict[Name, ImplementationCost] = Field(
        default_factory=dict, description="By lever name."
    )


class Projection(_Strict):
    """Which population projection to use."""

    variant: Code | None = Field(None, description="Variant code; null for the pack's principal projection.")
    sample_variants: bool = Field(False, description="Draw a variant at random in each iteration.")


class Uncertainty(_Strict):
    """Switches for the Monte Carlo (each independent of the other)."""

    parameter_uncertainty: bool = Field(
        True, description="Sample the scenario's uncertain values (growth, levers); false uses central ones."
    )
    assumptions: bool = Field(
        True,
        description="Sample the data pack's own assumptions (activity rates, lengths of stay, unit and "
        "bed-day costs) within their 80% ranges; false uses their central values. See "
        "docs/background/method.md, 'Parameter uncertainty'.",
    )


class Scenario(_Strict):
    """A scenario for the system model."""

    schema_version: Literal[1] = 1
    name: Name
    description: Prose = ""
    illustrative: bool = Field(False, description="True when the numbers are illustrative assumptions.")
    horizon_year: Whole = Field(MAX_HORIZON, ge=2025, le=MAX_HORIZON, description="Last year modelled.")
    projection: Projection = Field(default_factory=Projection)
    include_housing_growth: bool = Field(False, description="Add planned housing growth (a pack assumption).")
    iterations: Whole = Field(1000, ge=1, le=1_000_000, description="Default number of Monte Carlo runs.")
    seed: Whole = Field(42, ge=0, le=2**63 - 1, description="Default master seed.")
    non_demographic_growth: dict[Code, Uncertain] = Field(
        default_factory=dict,
        description="Annual growth rate beyond demography by activity code; '*' for all others.",
    )
    levers: list[Lever] = Field(default_factory=list)
    capacity: dict[Code, SettingPolicy] = Field(default_factory=dict, description="Policy by setting code.")
    discharge: DischargeFlow = Field(
        default_factory=DischargeFlow, description="The flow out of hospital (discharge to assess)."
    )
    finance: Finance = Field(default_factory=Finance)
    uncertainty: Uncertainty = Field(default_factory=Uncertainty)

    @field_validator("non_demographic_growth")
    @classmethod
    def _growth_range(cls, v: dict[str, Any]) -> dict[str, Any]:
        for value in v.values():
            _check_range(value, -0.5, 0.5, "an annual growth rate is a fraction (0.01 for 1% a year)")
        return v

    @model_validator(mode="after")
    def _names(self) -> Scenario:
        names = [lever.name for lever in self.levers] + [lever.name for lever in self.discharge.levers]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"lever names must be unique; rename {', '.join(dupes)}")
        unknown = sorted(set(self.finance.implementation_cost) - set(names))
        if unknown:
            raise ValueError(f"finance.implementation_cost names unknown levers {', '.join(unknown)}")
        return self

    def to_yaml(self) -> str:
        """The scenario as YAML (round-trips through ``load_scenario``)."""
        return yaml.safe_dump(self.model_dump(mode="json"), sort_keys=False, allow_unicode=True)

    def override(self, **changes: Any) -> Scenario:
        """A validated copy with top-level fields replaced (tests override samples this way)."""
        return from_dict({**self.model_dump(mode="json"), **changes})


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part not in _TAGS and part != "[key]":  # a dict key's own error names the entry
            out += f".{part}" if out else str(part)
    return out or "scenario"


def _message(err: Any) -> str:
    kind, msg = err["type"], str(err["msg"]).removeprefix("Value error, ")
    if kind == "missing":
        return "is missing; add it (see docs/reference/scenario.md)"
    if kind == "extra_forbidden":
        return "is not a scenario field; check the spelling against docs/reference/scenario.md"
    return msg[0].lower() + msg[1:] if msg else msg


def scenario_error(exc: PydanticValidationError) -> ScenarioError:
    """A ``ScenarioError`` naming every invalid field (the first in the message)."""
    fields = {_path(e["loc"]): _message(e) for e in exc.errors()}
    first = next(iter(fields))
    more = f" (and {len(fields) - 1} more)" if len(fields) > 1 else ""
    return ScenarioError(f"{first}: {fields[first]}{more}", fields=fields)


def from_dict(data: Any) -> Scenario:
    """Validate a parsed scenario; raises ``ScenarioError``."""
    if not isinstance(data, dict):
        raise ScenarioError(
            "The scenario must be a mapping of fields (name, levers, ...), not a list or value."
        )
    try:
        return Scenario.model_validate(data)
    except PydanticValidationError as exc:
        raise scenario_error(exc) from None


def parse_scenario(content: bytes | str, source: str) -> Scenario:
    """Parse and validate a scenario document (YAML or JSON) with the one safe loader
    (``careshift.documents``: size, nesting, alias and digit limits); raises ``ScenarioError``."""
    try:
        data = load_document(content, source)
    except DocumentError as err:
        raise ScenarioError(err.message, hint=err.hint) from None
    return from_dict(data)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a YAML or JSON scenario file."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            content = file.read(MAX_BYTES + 1)  # enough to tell an oversized file without reading it all
    except OSError as exc:
        raise ScenarioError(
            f"Cannot read scenario file {path}: {exc.strerror}.",
            hint="Check the path, or print a sample with "
            "`careshift model sample care-closer-to-home > my.yaml`.",
        ) from None
    return parse_scenario(content, str(path))


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "careshift scenario"
    return schema


def sample_names() -> list[str]:
    """Slugs of the shipped sample scenarios."""
    return sorted(p.stem for p in SAMPLES_DIR.glob("*.yaml"))


def sample_path(slug: str) -> Path:
    path = SAMPLES_DIR / f"{slug}.yaml"
    if not path.exists():
        raise ScenarioError(f"No sample scenario {slug!r}.", hint=f"Use one of: {', '.join(sample_names())}.")
    return path


@cache
def sample_scenarios() -> dict[str, Scenario]:
    """The shipped samples by slug (``do-nothing``, ``care-closer-to-home``)."""
    return {slug: load_scenario(sample_path(slug)) for slug in sample_names()}


def schema_json() -> str:
    return json.dumps(scenario_json_schema(), indent=2, sort_keys=False) + "\n"
