"""Published trust and system figures: A&E attendances and emergency admissions (monthly), general and
acute beds available and occupied (monthly), and patients not meeting the criteria to reside and
discharges (daily), for Oxford University Hospitals (RTH), Oxford Health (RNU) and BOB ICB.

Extracted unchanged from the reference data (healthyr copies of the NHS England statistical
collections), renamed to the pack's column names, with the month as ``YYYY-MM``, the NHS financial
year (April to March, ``2023-24``) and the days in the month added. No value is imputed: months a
collection did not publish (RNU, August and September 2022) have no row.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

AE_FILE = "nhs_ae_monthly_RTH_RNU_BOBICB.csv"
BEDS_FILE = "nhs_sitrep_beds_monthly_RTH_RNU_2022_2024.csv"
DISCHARGE_FILE = "nhs_discharges_criteria_to_reside_daily_RTH_BOBICB.csv"

#: code -> (name, kind, what its figures cover)
ORGANISATIONS: dict[str, tuple[str, str, str]] = {
    "RTH": (
        "Oxford University Hospitals NHS Foundation Trust",
        "acute_trust",
        "John Radcliffe, Churchill, Nuffield Orthopaedic Centre and Horton General hospitals; type 1 "
        "emergency departments at the John Radcliffe and the Horton.",
    ),
    "RNU": (
        "Oxford Health NHS Foundation Trust",
        "community_trust",
        "Community and mental health trust; its A&E figures are minor injury units (type 3: Abingdon, "
        "Witney, Henley), with no emergency admissions.",
    ),
    "E54000044": (
        "NHS Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board",
        "icb",
        "All providers in the BOB ICB area (Oxfordshire, Buckinghamshire, Berkshire West).",
    ),
}

AE_COLUMNS = {
    "total_attendances": "attendances",
    "attendances_over_4hours": "attendances_over_4h",
    "total_emergency_admissions": "emergency_admissions",
    "emergency_admissions_over_4hours": "emergency_admissions_over_4h",
}
BEDS_COLUMNS = {
    "general_acute_beds_available": "ga_available",
    "general_acute_beds_occupied": "ga_occupied",
    "adult_general_acute_beds_available": "adult_ga_available",
    "adult_general_acute_beds_occupied": "adult_ga_occupied",
    "paediatric_general_acute_beds_available": "paediatric_ga_available",
    "paediatric_general_acute_beds_occupied": "paediatric_ga_occupied",
    "adult_critical_care_beds_available": "adult_critical_care_available",
    "adult_critical_care_beds_occupied": "adult_critical_care_occupied",
    "paediatric_intensive_cared_beds_available": "paediatric_intensive_care_available",
    "paediatric_intensive_cared_beds_occupied": "paediatric_intensive_care_occupied",
    "neonatal_intensive_care_bed_available": "neonatal_intensive_care_available",
    "neonatal_intensive_care_bed_occupied": "neonatal_intensive_care_occupied",
}
DISCHARGE_COLUMNS = {
    "do_not_meet_criteria_to_reside": "not_meeting_criteria_to_reside",
    "discharged_by_1700": "discharged_by_1700",
    "discharged_between_1701_2359": "discharged_after_1700",
    "discharged_total": "discharged_total",
}


def financial_year(dates: pd.Series) -> pd.Series:
    """NHS financial year (April-March) of each date, e.g. 2023-05-01 -> '2023-24'."""
    start = dates.dt.year - (dates.dt.month < 4)
    return start.astype(str) + "-" + ((start + 1) % 100).astype(str).str.zfill(2)


def _monthly(df: pd.DataFrame, org_column: str, columns: dict[str, str]) -> pd.DataFrame:
    when = pd.to_datetime(df["date"], format="%B %Y")
    out = pd.DataFrame(
        {
            "organisation": df[org_column].astype(str),
            "month": when.dt.strftime("%Y-%m"),
            "financial_year": financial_year(when),
            "days": when.dt.days_in_month.astype(int),
        }
    )
    for old, new in columns.items():
        out[new] = df[old].astype(float)
    order = out["organisation"].map(list(ORGANISATIONS).index)
    return out.assign(_o=order).sort_values(["_o", "month"]).drop(columns="_o").reset_index(drop=True)


def organisations_table() -> pd.DataFrame:
    rows = [{"code": c, "name": n, "kind": k, "covers": w} for c, (n, k, w) in ORGANISATIONS.items()]
    return pd.DataFrame(rows)


def ae_monthly(src: Path) -> pd.DataFrame:
    """Monthly A&E attendances (all types), 4-hour breaches and emergency admissions by organisation."""
    return _monthly(pd.read_csv(src / AE_FILE), "org_code", AE_COLUMNS)


def beds_monthly(src: Path) -> pd.DataFrame:
    """Monthly G&A (adult, paediatric) and critical-care beds available and occupied."""
    return _monthly(pd.read_csv(src / BEDS_FILE), "nhs_trust22_code", BEDS_COLUMNS)


def discharges_daily(src: Path) -> pd.DataFrame:
    """Daily patients not meeting the criteria to reside, and patients discharged."""
    df = pd.read_csv(src / DISCHARGE_FILE)
    when = pd.to_datetime(df["date"], format="%Y-%m-%d")
    out = pd.DataFrame(
        {
            "organisation": df["org_code"].astype(str),
            "date": when.dt.strftime("%Y-%m-%d"),
            "financial_year": financial_year(when),
        }
    )
    for old, new in DISCHARGE_COLUMNS.items():
        out[new] = df[old].astype(float)
    order = out["organisation"].map(list(ORGANISATIONS).index)
    return out.assign(_o=order).sort_values(["_o", "date"]).drop(columns="_o").reset_index(drop=True)
