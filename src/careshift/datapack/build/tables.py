"""Settings, activities, rates, costs, workforce, housing and assumptions tables of the pack."""

from __future__ import annotations

import pandas as pd

from careshift.datapack.build import assumptions as A
from careshift.datapack.build import costs as C
from careshift.datapack.build.assumptions import Assumed
from careshift.datapack.build.population import YEARS
from careshift.datapack.pack import AGE_BANDS

SU = "The Strategy Unit, aging_pop_web_app (NHS SUS-derived activity per head, 2023 baseline)"
SU_URL = "https://github.com/The-Strategy-Unit/aging_pop_web_app"

ACUTE_META: dict[str, tuple[str, str, str]] = {
    "ae_walkin": ("A&E walk-in attendance", "emergency_department", "attendances"),
    "ae_ambulance": ("A&E ambulance arrival", "emergency_department", "attendances"),
    "ae_minor_injury": ("Minor injury unit attendance (A&E type 3)", "emergency_department", "attendances"),
    "unplanned_admission": ("Unplanned (emergency) admission", "acute_beds", "admissions"),
    "elective_admission": ("Elective (ordinary) admission", "acute_beds", "admissions"),
    "day_case": ("Day case", "day_case", "spells"),
    "outpatient_first": ("Outpatient first attendance", "outpatients", "attendances"),
    "outpatient_followup": ("Outpatient follow-up attendance", "outpatients", "attendances"),
    "outpatient_procedure": ("Outpatient procedure", "outpatients", "attendances"),
}
BANDS_65_PLUS = set(AGE_BANDS[13:])


def _row_source(a: Assumed | None, citation: str = SU, url: str = SU_URL) -> dict[str, object]:
    if a is None:
        return {"citation": citation, "url": url, "assumption": False, "basis": ""}
    return {"citation": a.citation, "url": a.url, "assumption": True, "basis": a.basis}


def settings_table() -> pd.DataFrame:
    contact = "Contact setting: capacity is counted in units of activity a year (occupancy 1.0)"
    rows = [
        {
            "code": code,
            "label": label,
            "capacity_kind": kind,
            "target_occupancy": occ.value if occ else 1.0,
            **_row_source(occ, contact, ""),
        }
        for code, (label, kind, occ) in A.SETTINGS.items()
    ]
    return pd.DataFrame(rows)


MIU_SOURCE = {
    "citation": "NHS England, A&E Attendances and Emergency Admissions: Oxford Health NHS FT (RNU) minor "
    "injury unit attendances 2023-24, via humaniverse/healthyr @ ed2003ef",
    "url": "https://github.com/humaniverse/healthyr",
    "assumption": True,
    "basis": "Level: the published attendances (calibration.csv). Age-sex shape: that of A&E walk-in "
    "attendances (careshift assumption; no rate by age is published for minor injury units).",
}


def activities_table() -> pd.DataFrame:
    rows = [
        {
            "code": code,
            "label": label,
            "setting": setting,
            "unit": unit,
            "group": "acute",
            **(MIU_SOURCE if code == "ae_minor_injury" else _row_source(None)),
        }
        for code, (label, setting, unit) in ACUTE_META.items()
    ]
    for code, (label, setting, unit, group, _pop, volume, _los) in A.COMMUNITY.items():
        rows.append(
            {
                "code": code,
                "label": label,
                "setting": setting,
                "unit": unit,
                "group": group,
                **_row_source(volume),
            }
        )
    return pd.DataFrame(rows)


def _profile(acute: pd.DataFrame, code: str, applies_to: str) -> pd.DataFrame:
    """Relative rate by locality, band and sex for an assumed activity (see module docs)."""
    if code == "gp_appointment":
        base = acute[acute["activity"] == "unplanned_admission"][["locality", "age_band"]].copy()
        base["female"] = base["age_band"].map(lambda b: A.GP_PROFILE[b][0])
        base["male"] = base["age_band"].map(lambda b: A.GP_PROFILE[b][1])
        return base
    ua = acute[acute["activity"] == "unplanned_admission"]
    prof = pd.DataFrame(
        {
            "locality": ua["locality"],
            "age_band": ua["age_band"],
            "female": ua["rate_female"] * ua["los_female"],
            "male": ua["rate_male"] * ua["los_male"],
        }
    )
    if applies_to == "65+":
        young = ~prof["age_band"].isin(BANDS_65_PLUS)
        prof.loc[young, ["female", "male"]] = 0.0
    return prof


def _target(code: str, applies_to: str, volume: Assumed, los: Assumed | None, pop: dict[str, float]) -> float:
    """Base-year county units implied by the assumed volume parameter."""
    people = pop[applies_to]
    if code in ("virtual_ward_admission", "community_hospital_admission"):
        assert los is not None
        return volume.value * people / 1e5 * 365 / los.value  # occupied beds -> admissions a year
    if code == "care_home_placement":
        return volume.value * people / 1e5
    return volume.value * people


def community_rates(acute: pd.DataFrame, base_pop: pd.DataFrame, pop: dict[str, float]) -> pd.DataFrame:
    """Rates and los for the assumed activities, scaled to the county volume each assumption implies.

    ``base_pop``: base-year principal population by locality, band (female, male columns).
    """
    frames = []
    for code, (_l, _s, _u, _g, applies_to, volume, los) in A.COMMUNITY.items():
        prof = _profile(acute, code, applies_to).merge(
            base_pop, on=["locality", "age_band"], suffixes=("", "_pop")
        )
        implied = (prof["female"] * prof["female_pop"] + prof["male"] * prof["male_pop"]).sum()
        k = _target(code, applies_to, volume, los, pop) / implied
        stay = los.value if los else 0.0
        frames.append(
            pd.DataFrame(
                {
                    "activity": code,
                    "locality": prof["locality"],
                    "age_band": prof["age_band"],
                    "rate_female": prof["female"] * k,
                    "rate_male": prof["male"] * k,
                    "los_female": (prof["female"] > 0) * stay,
                    "los_male": (prof["male"] > 0) * stay,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _param_row(a: Assumed) -> dict[str, object]:
    return {"value": a.value, "low": a.low, "high": a.high, "assumption": True, "basis": a.basis}


def unit_costs_table() -> pd.DataFrame:
    return pd.DataFrame([{"activity": k, **_param_row(a)} for k, a in C.UNIT_COSTS.items()])


def bed_day_costs_table() -> pd.DataFrame:
    return pd.DataFrame([{"setting": k, **_param_row(a)} for k, a in C.BED_DAY_COSTS.items()])


def staff_groups_table() -> pd.DataFrame:
    return pd.DataFrame(
        [{"code": k, "label": label, **_param_row(a)} for k, (label, a) in C.STAFF_GROUPS.items()]
    )


def workforce_table() -> pd.DataFrame:
    lo, hi = C.WORKFORCE_RANGE
    rows = [
        {
            "setting": s,
            "staff_group": g,
            "value": v,
            "low": round(v * lo, 4),
            "high": round(v * hi, 4),
            "assumption": True,
            "basis": C.WORKFORCE_BASIS + f" Benchmarks: {C.NHSBN}; {C.PSSRU}.",
        }
        for s, groups in C.WORKFORCE.items()
        for g, v in groups.items()
    ]
    return pd.DataFrame(rows)


def assumptions_table() -> pd.DataFrame:
    """Every assumed parameter not in a cost or workforce table, keyed 'table:item'."""
    rows: list[dict[str, object]] = []

    def add(key: str, description: str, a: Assumed) -> None:
        rows.append(
            {
                "key": key,
                "description": description,
                "unit": a.unit,
                **_param_row(a),
                "citation": a.citation,
                "url": a.url,
            }
        )

    for code, (_label, _kind, occ) in A.SETTINGS.items():
        if occ is not None:
            add(f"settings:{code}", f"target occupancy of {code}", occ)
    for code, (label, _s, _u, _g, applies_to, volume, los) in A.COMMUNITY.items():
        add(f"rates:{code}", f"{label}: base-year volume ({applies_to}); sets the rates' level", volume)
        if los is not None:
            add(f"los:{code}", f"{label}: mean stay", los)
    add(
        "housing_growth:dwellings",
        "planned dwellings a year, as a multiple of the table",
        A.HOUSING_DWELLINGS,
    )
    add("housing_growth:persons_per_dwelling", "residents per new dwelling", A.PERSONS_PER_DWELLING)
    add(
        "housing_growth:share_above_trend",
        "share of new residents additional to the SNPP",
        A.SHARE_ABOVE_TREND,
    )
    return pd.DataFrame(rows)


def housing_growth_table() -> pd.DataFrame:
    """Cumulative planned dwellings and extra residents since the base year, by year and locality."""
    per_dwelling = A.PERSONS_PER_DWELLING.value * A.SHARE_ABOVE_TREND.value
    rows = []
    for year in YEARS:
        for locality, (_towns, per_year) in A.HOUSING.items():
            dwellings = per_year * (year - YEARS[0])
            rows.append(
                {
                    "year": year,
                    "locality": locality,
                    "dwellings": dwellings,
                    "residents": dwellings * per_dwelling,
                }
            )
    return pd.DataFrame(rows)
