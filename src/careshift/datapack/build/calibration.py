"""Complete and calibrate the acute rates so the base year matches the published 2023-24 figures.

Three steps on the acute rates table (activity x locality x band, rates and stays by sex), in order
(docs/background/baseline.md, "Calibration"):

1. **Children** (``add_children``). The Strategy Unit rates cover ages 18 and over. Rates per head for
   ages 0-4, 5-9, 10-14 and 15-17 are labelled assumptions (``CHILD_RATES``, ``CHILD_LOS``, each with an
   80% range), the same for girls and boys. Band 15-19 gets its 15-17 part weighted by the share of
   15-17 year-olds in the band (MYE 2023, by sex). Their level is then calibrated with the adults'.
2. **Minor injury units** (``ae_minor_injury``): Oxford Health's type 3 attendances have no rate by
   age; the activity takes the age-sex shape of A&E walk-in attendances (an assumption), scaled to
   the published total.
3. **Calibration** (``calibrate``). The model counts Oxfordshire residents' activity wherever it
   happens; a trust counts its own activity, whoever the patient. With ``s`` the share of the trust's
   activity that is Oxfordshire residents and ``c`` the share of Oxfordshire residents' activity that
   happens at the trust (both labelled assumptions, ``FLOWS``), the trust-equivalent of a resident
   figure ``R`` is ``R x c / s``. Each calibrated measure gets one factor
   ``k = published / (R_uncalibrated x c / s)``, applied to every locality, band and sex alike:
   A&E attendances (walk-in and ambulance rates) to OUH's attendances; minor-injury attendances to
   Oxford Health's; unplanned admission rates to OUH's emergency admissions; and the stays of
   unplanned and elective admissions to OUH's mean general and acute beds occupied, adults (bands 15+)
   and children (bands under 15) separately to the sitrep's adult and paediatric beds.

``calibration_table`` records every factor with its published figure, shares and source
(``calibration.csv``), so an analyst can redo each multiplication by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from careshift.datapack.build.assumptions import Assumed
from careshift.datapack.pack import AGE_BANDS
from careshift.datapack.published import PublishedFigures

FINANCIAL_YEAR = "2023-24"
CHILD_BANDS = ("0-4", "5-9", "10-14")
MIXED_BAND = "15-19"  # ages 15-17 (children) and 18-19 (the Strategy Unit's adults)
ADULT_BED_BANDS = tuple(b for b in AGE_BANDS if b not in CHILD_BANDS)
HES = (
    "NHS Digital, Hospital Episode Statistics: Hospital Accident and Emergency Activity, Hospital "
    "Admitted Patient Care Activity and Hospital Outpatient Activity 2022-23 (national rates per head by "
    "age, orders of magnitude)"
)
HES_URL = "https://digital.nhs.uk/data-and-information/publications/statistical/hospital-episode-statistics"
CHILD_BASIS = (
    "No public Oxfordshire rate for under-18s is in the reference data (the Strategy Unit rates start at "
    "18). Set at the order of magnitude of the national rate per head for the band; the same for girls "
    "and boys; range x0.6 to x1.6. The level of A&E attendances and emergency admissions (all ages) and "
    "of children's bed days is then calibrated to the published OUH figures, so this mainly sets how "
    "activity splits between children and adults and by band."
)


def _child(values: tuple[float, float, float, float], what: str) -> dict[str, Assumed]:
    bands = (*CHILD_BANDS, "15-17")
    return {
        b: Assumed(
            v, round(v * 0.6, 6), round(v * 1.6, 6), f"{what} per head per year", HES, CHILD_BASIS, HES_URL
        )
        for b, v in zip(bands, values, strict=True)
    }


#: activity -> band (0-4, 5-9, 10-14, 15-17) -> assumed rate per head per year, both sexes.
CHILD_RATES: dict[str, dict[str, Assumed]] = {
    "ae_walkin": _child((0.45, 0.22, 0.28, 0.33), "A&E walk-in attendances"),
    "ae_ambulance": _child((0.03, 0.015, 0.02, 0.04), "A&E ambulance arrivals"),
    "unplanned_admission": _child((0.11, 0.03, 0.03, 0.045), "unplanned admissions"),
    "elective_admission": _child((0.012, 0.01, 0.008, 0.008), "elective ordinary admissions"),
    "day_case": _child((0.02, 0.025, 0.025, 0.03), "day cases"),
    "outpatient_first": _child((0.25, 0.15, 0.15, 0.17), "first outpatient attendances"),
    "outpatient_followup": _child((0.35, 0.2, 0.2, 0.22), "follow-up outpatient attendances"),
    "outpatient_procedure": _child((0.02, 0.02, 0.02, 0.03), "outpatient procedures"),
}
#: activity -> assumed mean stay of children (days); its level is calibrated to paediatric beds.
CHILD_LOS: dict[str, Assumed] = {
    "unplanned_admission": Assumed(1.6, 1.0, 2.5, "days per admission", HES, CHILD_BASIS, HES_URL),
    "elective_admission": Assumed(2.0, 1.2, 3.0, "days per admission", HES, CHILD_BASIS, HES_URL),
}

OWN = "careshift assumption"
FLOW_BASIS = (
    "No public split of the trust's activity by residence was in the reference data (HES by provider "
    "and residence was not obtained). OUH is Oxfordshire's acute trust but also serves north of "
    "Banbury (south Northamptonshire, south Warwickshire) at the Horton and a wider region for "
    "specialist care; Oxfordshire residents near the county's edges use Reading, Swindon, Stoke "
    "Mandeville and Milton Keynes. Replace with the HES provider-by-residence split when available."
)


@dataclass(frozen=True)
class Flow:
    """How a trust's activity relates to Oxfordshire residents' (both shares are assumptions)."""

    resident_share: Assumed  # s: share of the trust's activity that is Oxfordshire residents
    trust_share: Assumed  # c: share of Oxfordshire residents' activity that happens at the trust

    @property
    def trust_per_resident(self) -> float:
        """Trust-equivalent of one unit of residents' activity: ``c / s``."""
        return self.trust_share.value / self.resident_share.value


def _share(value: float, low: float, high: float, what: str) -> Assumed:
    return Assumed(value, low, high, "share", OWN, f"{what}. {FLOW_BASIS}")


#: (organisation, activity group) -> Flow. "ae": A&E attendances; "admitted": admissions and beds.
FLOWS: dict[tuple[str, str], Flow] = {
    ("RTH", "ae"): Flow(
        _share(0.88, 0.82, 0.93, "Share of OUH's A&E attendances that are Oxfordshire residents"),
        _share(0.90, 0.85, 0.94, "Share of Oxfordshire residents' A&E attendances that are at OUH"),
    ),
    ("RTH", "admitted"): Flow(
        _share(0.82, 0.75, 0.88, "Share of OUH's admissions and bed days that are Oxfordshire residents"),
        _share(0.88, 0.83, 0.92, "Share of Oxfordshire residents' admissions and bed days that are at OUH"),
    ),
    ("RNU", "ae"): Flow(
        _share(
            0.95,
            0.90,
            0.98,
            "Share of Oxford Health's minor injury unit attendances by Oxfordshire residents",
        ),
        _share(
            0.90,
            0.80,
            0.95,
            "Share of Oxfordshire residents' minor injury attendances at Oxford Health units",
        ),
    ),
}


@dataclass(frozen=True)
class Target:
    """One calibrated measure: which published figure, which activities and what the factor scales."""

    measure: str
    organisation: str
    table: str
    column: str
    group: str  # FLOWS key
    activities: tuple[str, ...]
    scales: str  # "rate" or "los"
    bands: tuple[str, ...] = AGE_BANDS  # bands whose bed days the figure covers (los only)
    stock: bool = False  # True: a mean over days (beds), compared with bed days / days in the year


TARGETS: tuple[Target, ...] = (
    Target(
        "A&E attendances", "RTH", "ae_monthly", "attendances", "ae", ("ae_walkin", "ae_ambulance"), "rate"
    ),
    Target(
        "A&E attendances, minor injury units",
        "RNU",
        "ae_monthly",
        "attendances",
        "ae",
        ("ae_minor_injury",),
        "rate",
    ),
    Target(
        "emergency admissions",
        "RTH",
        "ae_monthly",
        "emergency_admissions",
        "admitted",
        ("unplanned_admission",),
        "rate",
    ),
    Target(
        "adult general and acute beds occupied",
        "RTH",
        "beds_monthly",
        "adult_ga_occupied",
        "admitted",
        ("unplanned_admission", "elective_admission"),
        "los",
        ADULT_BED_BANDS,
        stock=True,
    ),
    Target(
        "paediatric general and acute beds occupied",
        "RTH",
        "beds_monthly",
        "paediatric_ga_occupied",
        "admitted",
        ("unplanned_admission", "elective_admission"),
        "los",
        CHILD_BANDS,
        stock=True,
    ),
)
DAYS_PER_YEAR = 365  # the engine's year: mean beds occupied = bed days / 365


def add_children(acute: pd.DataFrame, share_15_17: dict[str, float]) -> pd.DataFrame:
    """Acute rates with the assumed children's rates and stays added (see module docs).

    ``share_15_17``: by sex, the share of 15-17 year-olds among 15-19 year-olds (MYE 2023)."""
    out = acute.copy()
    for code, by_band in CHILD_RATES.items():
        stay = CHILD_LOS[code].value if code in CHILD_LOS else 0.0
        rows = out["activity"] == code
        for band in CHILD_BANDS:
            cells = rows & (out["age_band"] == band)
            for sex in ("female", "male"):
                out.loc[cells, f"rate_{sex}"] = by_band[band].value
                out.loc[cells, f"los_{sex}"] = stay
        cells = rows & (out["age_band"] == MIXED_BAND)
        for sex in ("female", "male"):
            child = by_band["15-17"].value * share_15_17[sex]
            adult, adult_los = out.loc[cells, f"rate_{sex}"], out.loc[cells, f"los_{sex}"]
            rate = adult + child
            out.loc[cells, f"rate_{sex}"] = rate
            out.loc[cells, f"los_{sex}"] = ((adult * adult_los + child * stay) / rate).where(rate > 0, 0.0)
    return out


def add_minor_injury(rates: pd.DataFrame) -> pd.DataFrame:
    """``ae_minor_injury`` with the age-sex shape of walk-in attendances (level set by calibration)."""
    walkin = rates[rates["activity"] == "ae_walkin"].copy()
    return pd.concat([rates, walkin.assign(activity="ae_minor_injury")], ignore_index=True)


def _resident_total(rates: pd.DataFrame, pop: pd.DataFrame, target: Target) -> float:
    """Base-year residents' units (rates) or bed days (los) for the target's activities and bands."""
    m = rates[rates["activity"].isin(target.activities) & rates["age_band"].isin(target.bands)]
    m = m.merge(pop, on=["locality", "age_band"])
    total = 0.0
    for sex in ("female", "male"):
        per_head = m[f"rate_{sex}"] * (m[f"los_{sex}"] if target.scales == "los" else 1.0)
        total += float((per_head * m[sex]).sum())
    return total


def _published(pub: PublishedFigures, target: Target) -> float:
    if target.stock:
        return pub.mean(target.table, target.column, target.organisation, FINANCIAL_YEAR) * DAYS_PER_YEAR
    return pub.total(target.table, target.column, target.organisation, FINANCIAL_YEAR)


def calibrate(
    rates: pd.DataFrame, pop: pd.DataFrame, pub: PublishedFigures
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scale rates and stays to the published figures (module docs); return them and the factors.

    ``pop``: base-year principal population by locality and band (columns female, male)."""
    out = rates.copy()
    rows = []
    for target in TARGETS:
        flow = FLOWS[(target.organisation, target.group)]
        before = _resident_total(out, pop, target) * flow.trust_per_resident
        published = _published(pub, target)
        factor = published / before
        cells = out["activity"].isin(target.activities) & out["age_band"].isin(target.bands)
        for sex in ("female", "male"):
            out.loc[cells, f"{target.scales}_{sex}"] *= factor
        rows.append(_row(target, flow, published, before, factor))
    return out, pd.DataFrame(rows)


def _row(target: Target, flow: Flow, published: float, before: float, factor: float) -> dict[str, object]:
    s, c = flow.resident_share, flow.trust_share
    unit = "bed days" if target.stock else ("attendances" if target.group == "ae" else "admissions")
    return {
        "measure": target.measure,
        "organisation": target.organisation,
        "financial_year": FINANCIAL_YEAR,
        "published": published,
        "unit": unit,
        "resident_share": s.value,
        "resident_share_low": s.low,
        "resident_share_high": s.high,
        "trust_share": c.value,
        "trust_share_low": c.low,
        "trust_share_high": c.high,
        "activities": " ".join(target.activities),
        "scales": target.scales,
        "bands": "all" if target.bands == AGE_BANDS else " ".join(target.bands),
        "uncalibrated": before,
        "factor": factor,
        "basis": f"{s.basis} {c.basis.split('. ')[0]}.",
    }
