"""The in-memory data pack the engine consumes: typed NumPy arrays with named axes.

This is the contract between ``careshift.datapack`` (which builds it from a folder of CSV files and a
``manifest.yaml``) and ``careshift.model`` (which never reads files itself). Axis order is fixed and
written next to each array. All arrays are ``float64`` unless stated.

Axes
----
variant   population projection variants (``variants``), index 0 is the principal projection
year      calendar years ``years`` (base year first, e.g. 2024..2040)
locality  planning localities ``localities`` (codes, e.g. "north", "city")
age       age bands ``AGE_BANDS`` (5-year bands, 0-4 .. 85-89, 90+)
sex       ``SEXES`` = ("female", "male")
activity  ``activities`` (codes); each belongs to one setting
setting   ``settings`` (codes); each has a capacity kind ("beds" or "contacts")
staff     ``staff_groups`` (codes)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from careshift.datapack.published import PublishedFigures

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

SEXES: tuple[str, str] = ("female", "male")
AGE_BANDS: tuple[str, ...] = (*(f"{a}-{a + 4}" for a in range(0, 90, 5)), "90+")
AGE_BAND_LOWER: tuple[int, ...] = tuple(range(0, 95, 5))

CapacityKind = Literal["beds", "contacts"]


@dataclass(frozen=True)
class Source:
    """Where a figure comes from. ``assumption`` is True when no public figure exists."""

    citation: str
    url: str = ""
    assumption: bool = False
    basis: str = ""  # for assumptions: the reasoning or national benchmark used


@dataclass(frozen=True)
class Estimate:
    """A value with an optional 80% range (low, high); assumptions always carry a range."""

    value: float
    low: float | None = None
    high: float | None = None
    source: Source = field(default_factory=lambda: Source(citation="unspecified"))


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    kind: Literal["county", "district", "locality", "neighbourhood", "small_area"]
    parent: str | None = None  # code of the containing place (district for small areas: see locality)
    locality: str | None = None  # locality code, for small areas, neighbourhoods and GP practices
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Site:
    code: str
    name: str
    kind: Literal["acute_hospital", "community_hospital", "gp_practice", "other_hospital"]
    lat: float
    lon: float
    locality: str | None = None
    neighbourhood: str | None = None
    list_size: int | None = None  # GP practices: registered patients


@dataclass(frozen=True)
class Setting:
    """A setting of care: where activity happens and what capacity it needs."""

    code: str  # e.g. "acute_beds", "virtual_ward", "community_nursing"
    label: str
    capacity_kind: CapacityKind
    target_occupancy: float  # default planning occupancy for bed settings (0..1); 1.0 for contacts
    source: Source = field(default_factory=lambda: Source(citation="unspecified"))


@dataclass(frozen=True)
class Activity:
    """A type of activity counted in ``unit`` (e.g. admissions, contacts, hours)."""

    code: str  # e.g. "unplanned_admission", "ae_walkin", "virtual_ward_admission"
    label: str
    setting: str  # Setting.code
    unit: str  # "admissions", "attendances", "contacts", "hours", "placements", "appointments"
    group: str  # "acute" or "community" or "social_care" or "primary_care"
    source: Source = field(default_factory=lambda: Source(citation="unspecified"))


@dataclass(frozen=True)
class DataPack:
    """Everything the engine needs for one system (a county or an ICB).

    Arrays (float64):
      population   [variant, year, locality, age, sex]  people (mid-year)
      rates        [activity, locality, age, sex]        units per head per year in the base year
      los          [activity, locality, age, sex]        bed days per unit (0 for non-bed activity)
      unit_cost    [activity]                            GBP per unit of activity (base-year prices)
      bed_day_cost [setting]                             GBP per occupied bed day (0 for contact settings)
      wte_per_capacity [setting, staff]                  WTE per bed (bed settings) or per 1,000 units/yr
      cost_per_wte [staff]                               GBP per WTE per year
    The ranges in ``estimates`` (keyed "table:key") carry the low/high for assumptions; the engine
    samples them when a scenario asks for parameter uncertainty.
    """

    name: str
    version: str
    base_year: int
    years: tuple[int, ...]
    variants: tuple[str, ...]
    variant_labels: tuple[str, ...]
    localities: tuple[str, ...]
    locality_names: tuple[str, ...]
    activities: tuple[Activity, ...]
    settings: tuple[Setting, ...]
    staff_groups: tuple[str, ...]
    population: FloatArray
    rates: FloatArray
    los: FloatArray
    unit_cost: FloatArray
    bed_day_cost: FloatArray
    wte_per_capacity: FloatArray
    cost_per_wte: FloatArray
    housing_growth: FloatArray | None = None  # [year, locality] extra residents from planned housing
    # (an optional, labelled assumption; the engine adds it only when a scenario switches it on)
    places: tuple[Place, ...] = ()
    sites: tuple[Site, ...] = ()
    estimates: dict[str, Estimate] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)  # table name -> source
    variant_probabilities: FloatArray | None = None  # [variant] weights summing to 1 (None: equal)
    published: PublishedFigures | None = None  # published trust/system figures (datapack.published)

    def variant_weights(self) -> FloatArray:
        """Each variant's probability when a scenario samples variants: ``[variant]``, sums to 1."""
        if self.variant_probabilities is None:
            return np.full(len(self.variants), 1 / len(self.variants))
        return np.asarray(self.variant_probabilities, dtype=np.float64)

    # --- lookups (cheap; the engine calls them once per run) ---
    def activity_index(self, code: str) -> int:
        return _index([a.code for a in self.activities], code, "activity")

    def setting_index(self, code: str) -> int:
        return _index([s.code for s in self.settings], code, "setting")

    def locality_index(self, code: str) -> int:
        return _index(list(self.localities), code, "locality")

    def year_index(self, year: int) -> int:
        return _index(list(self.years), year, "year")

    def activity_setting(self) -> IntArray:
        """For each activity, the index of its setting: shape [activity]."""
        codes = [s.code for s in self.settings]
        return np.array([codes.index(a.setting) for a in self.activities], dtype=np.int64)


def _index(values: list, value: object, what: str) -> int:
    from careshift.errors import ModelError

    try:
        return values.index(value)
    except ValueError:
        known = ", ".join(str(v) for v in values)
        raise ModelError(
            f"Unknown {what} {value!r}.", hint=f"Use one of the data pack's {what} codes: {known}."
        ) from None
