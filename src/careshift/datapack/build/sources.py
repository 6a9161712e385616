"""Per-table descriptions and sources of the Oxfordshire pack (citations from the reference data's
SOURCES.md)."""

from __future__ import annotations

import pandas as pd

from careshift.datapack.build.population import VARIANT_BASIS
from careshift.datapack.manifest import SourceSpec

ONS = "Contains public sector information licensed under the Open Government Licence v3.0."
GEO = (
    "ONS Open Geography: LSOA 2021 / MSOA 2021 lookups, centroids and boundaries via drkane/geo-lookups "
    "@ e20a072d; House of Commons Library MSOA names; English Indices of Deprivation 2025 (MHCLG) via "
    "humaniverse/IMD @ 2f6c9050. " + ONS + " Contains OS data (c) Crown copyright and database right."
)
GEO_URL = "https://github.com/drkane/geo-lookups"
POP = (
    "ONS mid-year population estimates 2023 (single year of age and sex) and ONS 2018-based subnational "
    "population projections (principal and variants), by district, via "
    "The-Strategy-Unit/aging_pop_web_app @ b964ab32 (variants v2-v5 and v8-v11 are Strategy Unit custom "
    "subnational variants mirroring the national variants); ONS 2022-based subnational population "
    "projections, migration category variant (24 June 2025), persons by single year of age, via "
    "MastodonC/witan.population @ 78070098; ONS Census 2021 LSOA residents by age group via "
    "cwthom/hack25usefuldata @ ac00fc57. " + ONS
)
POP_URL = "https://github.com/The-Strategy-Unit/aging_pop_web_app"
RATES = (
    "The Strategy Unit, aging_pop_web_app @ b964ab32: hospital activity per head by district, single "
    "year of age 18-90+ and sex, 2023 baseline, derived from NHS SUS data (acute activities); "
    "assumed rates for community, social care and primary care activities (assumptions table)."
)
SITES = (
    "NHS Choices hospital dataset (30 Jan 2018) via TheRealMolen/nhs @ 47998184; NHS ODS epraccur "
    "(Dec 2023, sub-ICB 10Q, active GP practices) via hsma-programme/hsma6 book data; practice "
    "coordinates NHS Choices GP dataset (2019) via dutchalphaa/NHSautomation @ 5587e876; list sizes NHS "
    "Digital Patients Registered at a GP Practice, 1 Jan 2021. " + ONS + " The Nuffield Orthopaedic "
    "Centre, Chipping Norton and Deddington hospitals are missing from the source dataset."
)
MIXED = (
    "Acute rows are public data; rows for the assumed activities (activities.csv assumption = true) are "
    "assumptions, scaled to the volumes in the assumptions table (rates:*, los:*)."
)
HEALTHYR = "humaniverse/healthyr @ ed2003ef"
HEALTHYR_URL = "https://github.com/humaniverse/healthyr"
AE_SOURCE = (
    "NHS England, A&E Attendances and Emergency Admissions (monthly), provider and ICB level, via "
    + HEALTHYR
    + " (data/england_trust_accidents_emergency.rda, data/england_icb_accidents_emergency.rda). "
    + "https://www.england.nhs.uk/statistics/statistical-work-areas/ae-waiting-times-and-activity/ "
    + ONS
)
BEDS_SOURCE = (
    "NHS England, Critical care and General & Acute Beds: Urgent and Emergency Care Daily Situation "
    "Reports, monthly averages by trust, via "
    + HEALTHYR
    + " (data/england_critical_general_acute_beds.rda). "
    + "https://www.england.nhs.uk/statistics/statistical-work-areas/uec-sitrep/ "
    + ONS
)
DISCHARGE_SOURCE = (
    "NHS England, Discharge delays (acute): patients no longer meeting the criteria to reside and "
    "patients discharged, daily, adult acute inpatients (18+, including critical care; excluding "
    "paediatrics, maternity and deceased patients), via "
    + HEALTHYR
    + " (data/england_{trust,icb}_criteria_to_reside.rda, data/england_{trust,icb}_discharged_patients.rda). "
    + "https://www.england.nhs.uk/statistics/statistical-work-areas/discharge-delays-acute-data/ "
    + ONS
)
ASSUMED = "careshift assumptions (see the basis of each row and docs/background/data.md)"

#: table -> (description, source)
TABLES: dict[str, tuple[str, SourceSpec]] = {
    "places": (
        "County, districts, planning localities, derived GP neighbourhoods and LSOA 2021 small areas with "
        "centroids and IMD 2025. Localities by the manifest's locality_rule; neighbourhoods are derived "
        "(4-6 practices grouped by location within each locality), not primary care networks.",
        SourceSpec(citation=GEO, url=GEO_URL),
    ),
    "sites": (
        "Acute, community and other hospitals and GP practices with coordinates; locality from the nearest "
        "LSOA centroid; GP neighbourhood (derived) and registered list size (Jan 2021).",
        SourceSpec(citation=SITES, url="https://github.com/TheRealMolen/nhs"),
    ),
    "variants": (
        "Population projection variants; the first row (v1, the ONS 2022-based SNPP) is the principal "
        "projection; v2-v11 are the 2018-based variants' ratios to their principal applied to it; v2018 "
        "is the superseded 2018-based principal. probability: each one's weight when a scenario samples "
        "variants (an assumption; ONS publishes none).",
        SourceSpec(
            citation=POP,
            url=POP_URL,
            basis="probability column: careshift assumption. " + VARIANT_BASIS,
        ),
    ),
    "population": (
        "Residents by variant, year (2023-2040), locality, 5-year age band and sex: district MYE 2023 by "
        "single year of age and sex, grown by the ONS 2022-based SNPP's growth by single year of age "
        "(rebased: 2023 equals the MYE), each age's sex ratio held at the MYE's (assumption); summed to "
        "bands and allocated to localities by Census 2021 LSOA age-group shares.",
        SourceSpec(
            citation=POP,
            url=POP_URL,
            basis="Sex split of the persons-only 2022-based SNPP: careshift assumption, each age's "
            "female share held at the district MYE 2023's (docs/background/baseline.md).",
        ),
    ),
    "small_area_population": (
        "Base-year (2023) residents by LSOA 2021, 5-year age band and sex (same allocation as population).",
        SourceSpec(citation=POP, url=POP_URL),
    ),
    "settings": (
        "Settings of care and their capacity kind and planning occupancy.",
        SourceSpec(
            citation="NHS England planning guidance; " + ASSUMED,
            assumption=True,
            basis="Occupancy targets: see each row's basis.",
            range="assumptions table settings:*",
        ),
    ),
    "activities": (
        "Activities, the setting each happens in and its unit. Acute activities cover all ages: the "
        "Strategy Unit rates for 18+, assumed rates for children (calibration.csv, docs/background/"
        "baseline.md); minor injury units from Oxford Health's published attendances.",
        SourceSpec(citation=RATES, url=POP_URL, basis=MIXED),
    ),
    "rates": (
        "Base-year (2023) units per head per year and mean bed days per unit, by activity, locality, band "
        "and sex. Acute: the Strategy Unit district rates (ages 18+), population-weighted to localities, "
        "plus assumed rates for ages 0-17 (15-19 weighted by its 15-17 share), then calibrated to the "
        "published OUH and Oxford Health 2023-24 figures (factors in calibration.csv). Assumed "
        "activities: the assumed county volume spread by the locality's unplanned bed-day profile "
        "(GP appointments: an assumed age-sex shape).",
        SourceSpec(citation=RATES, url=POP_URL, basis=MIXED),
    ),
    "unit_costs": (
        "GBP per unit of activity (2023 prices), excluding bed days, which are costed per setting.",
        SourceSpec(
            citation=ASSUMED,
            assumption=True,
            basis="National Cost Collection and PSSRU orders of magnitude; see each row.",
            range="low/high columns (80%)",
        ),
    ),
    "bed_day_costs": (
        "GBP per occupied bed day (2023 prices), bed settings.",
        SourceSpec(
            citation=ASSUMED,
            assumption=True,
            basis="National Cost Collection and PSSRU orders of magnitude; see each row.",
            range="low/high columns (80%)",
        ),
    ),
    "staff_groups": (
        "Staff groups and cost per WTE a year including on-costs.",
        SourceSpec(
            citation=ASSUMED,
            assumption=True,
            basis="Agenda for Change 2023/24 and PSSRU; see each row.",
            range="low/high columns (80%)",
        ),
    ),
    "workforce": (
        "WTE per bed (bed settings) or per 1,000 units a year (contact settings), by staff group. "
        "Missing pairs are 0.",
        SourceSpec(
            citation=ASSUMED,
            assumption=True,
            basis="NHS Benchmarking Network and PSSRU orders of magnitude; see each row.",
            range="x0.7 to x1.4 of the value",
        ),
    ),
    "assumptions": (
        "Every other assumed parameter (occupancy targets, volumes of assumed activities, mean stays, "
        "housing growth), keyed 'table:item' with an 80% range and basis.",
        SourceSpec(
            citation=ASSUMED,
            assumption=True,
            basis="Named national benchmarks; see each row.",
            range="low/high columns (80%)",
        ),
    ),
    "housing_growth": (
        "Optional: cumulative planned dwellings and extra residents since 2023 by locality (dwellings x "
        "2.4 persons x 0.5 share above the SNPP trend). Off by default in the engine.",
        SourceSpec(
            citation="Oxfordshire district Local Plans (housing trajectories); ONS Census 2021 "
            "household size; " + ASSUMED,
            assumption=True,
            basis="Rounded completions a year for the growth towns; see assumptions housing_growth:*.",
            range="assumptions table housing_growth:*",
        ),
    ),
    "organisations": (
        "The trusts and the ICB whose published figures the pack carries (ae_monthly, beds_monthly, "
        "discharges_daily), and what each one's figures cover.",
        SourceSpec(citation="NHS ODS organisation codes; " + AE_SOURCE, url=HEALTHYR_URL),
    ),
    "ae_monthly": (
        "Monthly A&E attendances (all types: RTH's emergency departments, RNU's minor injury units), "
        "attendances over 4 hours, emergency admissions (all routes) and those over 4 hours from "
        "decision to admit, for RTH and RNU (Apr 2021-Jul 2025; RNU lacks Aug-Sep 2022) and BOB ICB "
        "(Apr 2022-Jul 2025). Values as published; no imputation.",
        SourceSpec(citation=AE_SOURCE, url=HEALTHYR_URL),
    ),
    "beds_monthly": (
        "Monthly general and acute beds (adult and paediatric) and critical-care beds available and "
        "occupied, mean of the month's daily sitrep counts, for RTH (Apr 2022-Aug 2025). Oxford Health "
        "(RNU) reports no G&A beds here.",
        SourceSpec(citation=BEDS_SOURCE, url=HEALTHYR_URL),
    ),
    "calibration": (
        "The factors that scaled the acute rates and stays so the base year matches the published 2023-24 "
        "figures: for each measure, the published figure, the shares linking the trust's activity to "
        "Oxfordshire residents' (assumptions with 80% ranges), the model's trust-equivalent figure before "
        "calibration and the factor applied (docs/background/baseline.md).",
        SourceSpec(
            citation=AE_SOURCE + " " + BEDS_SOURCE,
            url=HEALTHYR_URL,
            basis="resident_share and trust_share are careshift assumptions (see each row's basis).",
        ),
    ),
    "discharges_daily": (
        "Daily adult acute inpatients not meeting the criteria to reside, and patients discharged (by "
        "17:00, after, in total; the split is blank where not published), for RTH and BOB ICB "
        "(Apr 2022-Aug 2025).",
        SourceSpec(citation=DISCHARGE_SOURCE, url=HEALTHYR_URL),
    ),
}


def _fmt(value: object) -> str:
    return f"{float(value):,.6g}" if isinstance(value, (int, float)) else str(value)


def _assumption_rows(frames: dict[str, pd.DataFrame]) -> list[str]:
    rows = []
    for r in frames["assumptions"].to_dict("records"):
        rows.append(
            f"| {r['key']} | {r['unit']} | {_fmt(r['value'])} | {_fmt(r['low'])}-{_fmt(r['high'])} "
            f"| {r['citation']}: {r['basis']} |"
        )
    for table, key in (("unit_costs", "activity"), ("bed_day_costs", "setting"), ("staff_groups", "code")):
        for r in frames[table].to_dict("records"):
            rows.append(
                f"| {table}:{r[key]} | GBP | {_fmt(r['value'])} | {_fmt(r['low'])}-{_fmt(r['high'])} "
                f"| {r['basis']} |"
            )
    return rows


def sources_markdown(frames: dict[str, pd.DataFrame]) -> str:
    """The pack's own SOURCES.md: every table's source, then every assumed value with its range."""
    lines = [
        "# Oxfordshire data pack: sources",
        "",
        "Generated by `scripts/build_datapack.py` from the public reference data (its SOURCES.md gives "
        "repositories and commits). " + ONS + " Contains OS data (c) Crown copyright and database right.",
        "",
        "Values marked *assumption* are not published Oxfordshire figures: each has a central value, an 80% "
        "range and the benchmark it is based on. Review them before relying on results.",
        "",
        "## Tables",
        "",
    ]
    for name, (description, source) in TABLES.items():
        kind = (
            "assumption"
            if source.assumption
            else "public data and assumptions"
            if source.basis
            else "public data"
        )
        lines += [f"### {name}.csv ({kind})", "", description, "", f"Source: {source.citation}"]
        lines += [f"URL: {source.url}"] if source.url else []
        lines += [f"Basis: {source.basis}"] if source.basis else []
        lines.append("")
    lines += [
        "## Assumptions",
        "",
        "Workforce ratios (workforce.csv) are assumptions too, each with a range of x0.7 to x1.4.",
        "",
        "| key | unit | value | 80% range | basis |",
        "|---|---|---|---|---|",
        *_assumption_rows(frames),
        "",
    ]
    return "\n".join(lines)
