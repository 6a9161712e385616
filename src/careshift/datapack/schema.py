"""The data-pack format: which tables a pack has and the columns each must declare.

A pack's ``manifest.yaml`` repeats these column specs (with its own sources); the loader checks the
manifest against this format, then each CSV against the manifest. Nothing here is specific to a county.
"""

from __future__ import annotations

from careshift.datapack.manifest import ColumnSpec, ColumnType
from careshift.datapack.pack import AGE_BANDS

PLACE_KINDS = ["county", "district", "locality", "neighbourhood", "small_area"]
SITE_KINDS = ["acute_hospital", "community_hospital", "gp_practice", "other_hospital"]
ACTIVITY_GROUPS = ["acute", "community", "social_care", "primary_care"]
CAPACITY_KINDS = ["beds", "contacts"]


def col(
    name: str,
    type_: ColumnType,
    description: str,
    unit: str = "",
    *,
    required: bool = True,
    allowed: list[str] | None = None,
    lo: float | None = None,
    hi: float | None = None,
) -> ColumnSpec:
    return ColumnSpec(
        name=name,
        type=type_,
        description=description,
        unit=unit,
        required=required,
        allowed=allowed,
        min=lo,
        max=hi,
    )


def _age() -> ColumnSpec:
    return col("age_band", "str", "5-year age band (0-4 .. 85-89, 90+)", allowed=list(AGE_BANDS))


def _sex_pair(prefix: str, description: str, unit: str) -> list[ColumnSpec]:
    return [col(f"{prefix}{sex}", "float", f"{description}, {sex}", unit, lo=0) for sex in ("female", "male")]


def _param(unit: str) -> list[ColumnSpec]:
    """value/low/high/assumption/basis: a parameter with its 80% range and where it comes from."""
    return [
        col("value", "float", "central value", unit, lo=0),
        col("low", "float", "low end of the 80% range", unit, lo=0),
        col("high", "float", "high end of the 80% range", unit, lo=0),
        col("assumption", "bool", "true when no public figure exists and the value is assumed"),
        col("basis", "str", "the public source, or for an assumption the benchmark and reasoning"),
    ]


def _period(column: str, description: str, *, days: bool = True) -> list[ColumnSpec]:
    """organisation, the period column, its NHS financial year (and the days in a month)."""
    return [
        col("organisation", "str", "organisation code (organisations table)"),
        col(column, "str", description),
        col("financial_year", "str", "NHS financial year, April to March (e.g. 2023-24)"),
        *([col("days", "int", "days in the month", "days", lo=28, hi=31)] if days else []),
    ]


def _share_cols(name: str, what: str) -> list[ColumnSpec]:
    return [
        col(name, "float", f"{what} (assumption)", lo=0, hi=1),
        col(f"{name}_low", "float", "low end of its 80% range", lo=0, hi=1),
        col(f"{name}_high", "float", "high end of its 80% range", lo=0, hi=1),
    ]


def _beds(prefix: str, what: str) -> list[ColumnSpec]:
    return [
        col(f"{prefix}_available", "float", f"{what} beds available, mean of the month's days", "beds", lo=0),
        col(f"{prefix}_occupied", "float", f"{what} beds occupied, mean of the month's days", "beds", lo=0),
    ]


def _row_source() -> list[ColumnSpec]:
    return [
        col("citation", "str", "the public source of this row's figures"),
        col("url", "str", "address of the source", required=False),
        col("assumption", "bool", "true when the figures are assumptions (see the assumptions table)"),
        col("basis", "str", "for assumptions: the benchmark and reasoning", required=False),
    ]


FORMAT: dict[str, list[ColumnSpec]] = {
    "places": [
        col(
            "code",
            "str",
            "place code (ONS GSS code, or the pack's own code for localities and neighbourhoods)",
        ),
        col("name", "str", "place name"),
        col("kind", "str", "kind of place", allowed=PLACE_KINDS),
        col("parent", "str", "code of the containing place (small areas: their district)", required=False),
        col("locality", "str", "locality code (small areas and neighbourhoods)", required=False),
        col("lat", "float", "latitude of the centroid (WGS84)", "degrees", required=False, lo=-90, hi=90),
        col("lon", "float", "longitude of the centroid (WGS84)", "degrees", required=False, lo=-180, hi=180),
        col("imd_decile", "int", "IMD decile, 1 = most deprived 10% in England", required=False, lo=1, hi=10),
        col("imd_score", "float", "IMD score (higher = more deprived)", required=False, lo=0),
    ],
    "sites": [
        col("code", "str", "ODS code"),
        col("name", "str", "site name"),
        col("kind", "str", "kind of site", allowed=SITE_KINDS),
        col("lat", "float", "latitude (WGS84)", "degrees", lo=-90, hi=90),
        col("lon", "float", "longitude (WGS84)", "degrees", lo=-180, hi=180),
        col("locality", "str", "locality code (from the nearest small-area centroid)", required=False),
        col("neighbourhood", "str", "neighbourhood code (GP practices)", required=False),
        col("list_size", "int", "registered patients (GP practices)", "people", required=False, lo=0),
    ],
    "variants": [
        col("code", "str", "variant code; the first row is the principal projection"),
        col("label", "str", "variant name"),
        col(
            "probability",
            "float",
            "weight of the variant when a scenario samples variants (the column sums to 1)",
            lo=0,
            hi=1,
        ),
    ],
    "population": [
        col("variant", "str", "population projection variant code (variants table)"),
        col("year", "int", "calendar year (mid-year)"),
        col("locality", "str", "locality code (places table)"),
        _age(),
        *_sex_pair("", "residents", "people"),
    ],
    "settings": [
        col("code", "str", "setting code"),
        col("label", "str", "setting name"),
        col("capacity_kind", "str", "what capacity the setting needs", allowed=CAPACITY_KINDS),
        col("target_occupancy", "float", "planning occupancy for bed settings (1 for contacts)", lo=0, hi=1),
        *_row_source(),
    ],
    "activities": [
        col("code", "str", "activity code"),
        col("label", "str", "activity name"),
        col("setting", "str", "setting code (settings table)"),
        col("unit", "str", "unit counted (admissions, attendances, contacts, hours, ...)"),
        col("group", "str", "activity group", allowed=ACTIVITY_GROUPS),
        *_row_source(),
    ],
    "rates": [
        col("activity", "str", "activity code (activities table)"),
        col("locality", "str", "locality code (places table)"),
        _age(),
        *_sex_pair("rate_", "units per head per year in the base year", "units/person/year"),
        *_sex_pair("los_", "mean bed days per unit (0 for contact settings)", "days"),
    ],
    "unit_costs": [col("activity", "str", "activity code (activities table)"), *_param("GBP per unit")],
    "bed_day_costs": [col("setting", "str", "bed setting code (settings table)"), *_param("GBP per bed day")],
    "staff_groups": [
        col("code", "str", "staff group code"),
        col("label", "str", "staff group name"),
        *_param("GBP per WTE per year"),
    ],
    "workforce": [
        col("setting", "str", "setting code (settings table)"),
        col("staff_group", "str", "staff group code (staff_groups table)"),
        *_param("WTE per bed, or per 1,000 units a year for contact settings"),
    ],
    "assumptions": [
        col("key", "str", "estimate key, 'table:item' (e.g. rates:virtual_ward_admission)"),
        col("description", "str", "what the figure is"),
        col("unit", "str", "unit of value, low and high"),
        *_param(""),
        col("citation", "str", "the named benchmark or publication"),
        col("url", "str", "address of the benchmark", required=False),
    ],
    "small_area_population": [
        col("small_area", "str", "small-area code (places table)"),
        _age(),
        *_sex_pair("", "residents in the base year", "people"),
    ],
    "housing_growth": [
        col("year", "int", "calendar year"),
        col("locality", "str", "locality code (places table)"),
        col("dwellings", "float", "planned dwellings completed since the base year (cumulative)", lo=0),
        col("residents", "float", "extra residents since the base year (cumulative)", "people", lo=0),
    ],
}

FORMAT.update(
    {
        "organisations": [
            col("code", "str", "ODS code of the trust, or GSS code of the ICB"),
            col("name", "str", "organisation name"),
            col("kind", "str", "kind of organisation", allowed=["acute_trust", "community_trust", "icb"]),
            col("covers", "str", "what the organisation's published figures cover"),
        ],
        "ae_monthly": [
            *_period("month", "month (YYYY-MM)"),
            col("attendances", "float", "A&E attendances, all types", "attendances", lo=0),
            col("attendances_over_4h", "float", "attendances over 4 hours from arrival", "attendances", lo=0),
            col("emergency_admissions", "float", "emergency admissions, all routes", "admissions", lo=0),
            col(
                "emergency_admissions_over_4h",
                "float",
                "emergency admissions via A&E waiting over 4 hours from decision to admit",
                "admissions",
                lo=0,
            ),
        ],
        "beds_monthly": [
            *_period("month", "month (YYYY-MM)"),
            *_beds("ga", "general and acute (G&A)"),
            *_beds("adult_ga", "adult G&A"),
            *_beds("paediatric_ga", "paediatric G&A"),
            *_beds("adult_critical_care", "adult critical care"),
            *_beds("paediatric_intensive_care", "paediatric intensive care"),
            *_beds("neonatal_intensive_care", "neonatal intensive care"),
        ],
        "calibration": [
            col("measure", "str", "the published measure, in words"),
            col("organisation", "str", "organisation code (organisations table)"),
            col("financial_year", "str", "NHS financial year of the published figure"),
            col("published", "float", "the published figure (bed days: mean beds occupied x 365)", lo=0),
            col("unit", "str", "unit of published and uncalibrated"),
            *_share_cols("resident_share", "share of the trust's activity that is the pack's residents"),
            *_share_cols("trust_share", "share of the residents' activity that happens at the trust"),
            col("activities", "str", "activity codes the factor applies to (space-separated)"),
            col("scales", "str", "what the factor multiplies", allowed=["rate", "los"]),
            col("bands", "str", "age bands the factor applies to ('all' or space-separated)"),
            col("uncalibrated", "float", "trust-equivalent model figure before calibration", lo=0),
            col("factor", "float", "published / uncalibrated: the multiplier applied", lo=0),
            col("basis", "str", "the basis of the shares (assumptions)"),
        ],
        "discharges_daily": [
            *_period("date", "day (YYYY-MM-DD)", days=False),
            col(
                "not_meeting_criteria_to_reside",
                "float",
                "adult acute patients in hospital who no longer meet the criteria to reside",
                "patients",
                lo=0,
            ),
            col("discharged_by_1700", "float", "discharged by 17:00", "patients", required=False, lo=0),
            col("discharged_after_1700", "float", "discharged 17:01-23:59", "patients", required=False, lo=0),
            col("discharged_total", "float", "patients discharged that day", "patients", lo=0),
        ],
    }
)

#: Key columns (unique together) per table.
KEYS: dict[str, list[str]] = {
    "places": ["code"],
    "sites": ["code"],
    "variants": ["code"],
    "population": ["variant", "year", "locality", "age_band"],
    "settings": ["code"],
    "activities": ["code"],
    "rates": ["activity", "locality", "age_band"],
    "unit_costs": ["activity"],
    "bed_day_costs": ["setting"],
    "staff_groups": ["code"],
    "workforce": ["setting", "staff_group"],
    "assumptions": ["key"],
    "small_area_population": ["small_area", "age_band"],
    "housing_growth": ["year", "locality"],
    "organisations": ["code"],
    "ae_monthly": ["organisation", "month"],
    "beds_monthly": ["organisation", "month"],
    "discharges_daily": ["organisation", "date"],
    "calibration": ["measure", "organisation", "financial_year"],
}
PUBLISHED_TABLES = ("organisations", "ae_monthly", "beds_monthly", "discharges_daily", "calibration")

OPTIONAL_TABLES = frozenset({"small_area_population", "housing_growth", *PUBLISHED_TABLES})
