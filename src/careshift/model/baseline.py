"""Today: the model's base year held against the published trust figures, and today's bed stock.

The engine counts Oxfordshire residents' activity wherever it happens; a trust publishes its own
activity, whoever the patient. With ``s`` the share of the trust's activity that is the pack's residents
and ``c`` the share of the residents' activity that happens at the trust (labelled, ranged assumptions in
the pack's ``calibration`` table), a resident figure ``R`` is compared with the trust's published figure
``T`` as its trust-equivalent ``R x c / s``, and the ratio is ``R x c / (s T)``.

``calibration_table(pack)`` gives one row per figure (``measure, organisation, period, published,
modelled, ratio, source``, plus the band a ratio must stay within and a note when a figure is not
modelled or not banded). The base-year figures come from the engine's own demand step
(``careshift.model.demand.base_demand``) on the principal projection, so the table checks what a run
starts from.

``today_beds(pack, setting, base_beds)``: the bed stock a run plans against by default. For general and
acute beds it is the sitrep's mean beds available in the base financial year, as a resident-equivalent
``available x s / c``; for other bed settings (no published stock) the base year's beds at target
occupancy. Either way the county figure is apportioned to localities by their base-year beds (largest
remainder), so the localities sum to the county exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from careshift.datapack.pack import DataPack, FloatArray
from careshift.datapack.published import PublishedFigures
from careshift.model.capacity import DAYS_PER_YEAR
from careshift.model.demand import base_demand
from careshift.model.discharge import Today, today
from careshift.model.seasonality import seasonality

BAND = (0.95, 1.05)  # a calibrated figure's ratio must stay within 5%
ACUTE_TRUST = "RTH"
MIU_TRUST = "RNU"
ACUTE_SETTING = "acute_beds"
RESIDENTS = "Oxfordshire residents"
AE = "NHS England, A&E Attendances and Emergency Admissions (monthly), 2023-24 total (ae_monthly.csv)"
BEDS = "NHS England, UEC daily sitrep, G&A beds, 2023-24 day-weighted mean of the months (beds_monthly.csv)"
PEAK = "NHS England, UEC daily sitrep, G&A beds, highest month of 2023-24 (beds_monthly.csv)"
CTR = "NHS England, Discharge delays (acute), 2023-24 daily mean (discharges_daily.csv)"
CTR_SHARE = CTR + "; " + BEDS
UNPUBLISHED = (
    "not published in the pack: Strategy Unit rates (18+) and assumed children's rates, uncalibrated"
)
ADMITTED = ("unplanned_admission", "elective_admission")
UNCALIBRATED = {
    "elective_admission": "elective admissions",
    "day_case": "day cases",
    "outpatient_first": "outpatient first attendances",
    "outpatient_followup": "outpatient follow-up attendances",
    "outpatient_procedure": "outpatient procedures",
}


@dataclass(frozen=True)
class CalibrationRow:
    """One published figure beside the model's (trust-equivalent) figure."""

    measure: str
    organisation: str
    period: str
    published: float | None
    modelled: float | None
    source: str
    band: tuple[float, float] | None = BAND
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.published is None or self.modelled is None or self.published == 0:
            return None
        return self.modelled / self.published

    @property
    def in_band(self) -> bool | None:
        """True/False when the row has a band and a ratio; None otherwise."""
        if self.band is None or self.ratio is None:
            return None
        return self.band[0] <= self.ratio <= self.band[1]


@dataclass(frozen=True)
class Flow:
    """``s`` (resident share of the trust's activity) and ``c`` (trust share of residents' activity)."""

    resident_share: float
    trust_share: float

    def trust_equivalent(self, resident: float) -> float:
        return resident * self.trust_share / self.resident_share

    def resident_equivalent(self, trust: float) -> float:
        return trust * self.resident_share / self.trust_share


def financial_year(base_year: int) -> str:
    """The NHS financial year starting in April of the base year (mid-year), e.g. 2023 -> '2023-24'."""
    return f"{base_year}-{(base_year + 1) % 100:02d}"


def flow(pub: PublishedFigures, measure: str, organisation: str) -> Flow:
    """The shares of the calibration row for ``measure`` at ``organisation``."""
    rows = pub.calibration
    row = rows[(rows["measure"] == measure) & (rows["organisation"] == organisation)].iloc[0]
    return Flow(float(row["resident_share"]), float(row["trust_share"]))


@dataclass(frozen=True)
class BaseYear:
    """Residents' base-year units and bed days by activity code (county), from the engine."""

    units: dict[str, float]
    bed_days: dict[str, float]
    bed_days_children: dict[str, float]
    locality_bed_days: FloatArray  # [activity, locality], as the flow out of hospital takes them

    def occupied(self, codes: tuple[str, ...], children: bool | None = None) -> float:
        """Mean occupied beds of ``codes`` (all ages; or only children / only adults)."""
        days = sum(self.bed_days[c] for c in codes)
        kids = sum(self.bed_days_children[c] for c in codes)
        return (days if children is None else kids if children else days - kids) / DAYS_PER_YEAR


def base_year(pack: DataPack) -> BaseYear:
    """The principal projection's base year through ``base_demand``: county totals per activity."""
    pop = pack.population[:1, :1]
    demand = base_demand(pack, pop)
    child_pop = pop.copy()
    child_pop[..., 3:, :] = 0.0  # bands 0-4, 5-9, 10-14: the sitrep's paediatric beds
    children = base_demand(pack, child_pop)
    codes = [a.code for a in pack.activities]
    units = demand.units[:, 0, 0].sum(axis=-1)
    days = demand.bed_days[:, 0, 0].sum(axis=-1)
    kids = children.bed_days[:, 0, 0].sum(axis=-1)
    return BaseYear(
        dict(zip(codes, units.tolist(), strict=True)),
        dict(zip(codes, days.tolist(), strict=True)),
        dict(zip(codes, kids.tolist(), strict=True)),
        demand.bed_days[:, 0, 0],
    )


def today_acute_beds(pack: DataPack) -> float | None:
    """Resident-equivalent G&A beds available in the base financial year (None without a sitrep)."""
    pub = pack.published
    if pub is None or pub.beds_monthly.empty:
        return None
    fy = financial_year(pack.base_year)
    available = pub.mean("beds_monthly", "ga_available", ACUTE_TRUST, fy)
    return flow(pub, "emergency admissions", ACUTE_TRUST).resident_equivalent(available)


def apportion(total: int, weights: FloatArray) -> FloatArray:
    """Whole numbers summing to ``total`` in proportion to ``weights`` (largest remainder)."""
    w = np.clip(np.asarray(weights, float), 0, None)
    if total <= 0 or w.sum() <= 0:
        return np.zeros(len(w))
    exact = total * w / w.sum()
    out = np.floor(exact)
    short = int(total - out.sum())
    order = np.argsort(-(exact - out), kind="stable")
    out[order[:short]] += 1
    return out


def today_beds(pack: DataPack, setting: str, base_beds: FloatArray) -> FloatArray:
    """Today's beds by locality + county ``[L+1]`` (module docs); ``base_beds[L+1]`` are the base
    year's beds at target occupancy (their locality shares apportion the county)."""
    acute = today_acute_beds(pack) if setting == ACUTE_SETTING else None
    county = round(acute) if acute is not None else int(np.ceil(base_beds[-1] - 1e-9))
    return np.append(apportion(county, base_beds[:-1]), county)


def calibration_table(pack: DataPack) -> list[CalibrationRow]:
    """Every published figure of the base financial year beside the model's (module docs)."""
    pub = pack.published
    if pub is None or pub.calibration.empty:
        return []
    base = base_year(pack)
    fy = financial_year(pack.base_year)
    rows = [
        *_ae_rows(pub, base, fy),
        *_bed_rows(pack, pub, base, fy),
        *_flow_rows(pack, pub, base, fy),
        *_other_rows(base, fy),
    ]
    return [_with_factor(r, pub) for r in rows]


def _with_factor(row: CalibrationRow, pub: PublishedFigures) -> CalibrationRow:
    """Calibrated rows say which factor made them match, and the ratio before it."""
    cal = pub.calibration
    hit = cal[(cal["measure"] == row.measure) & (cal["organisation"] == row.organisation)]
    if hit.empty:
        return row
    r = hit.iloc[0]
    what = "rates" if r["scales"] == "rate" else "stays"
    note = (
        f"calibrated: {what} of {r['activities'].replace(' ', ', ')} x {r['factor']:.3f} "
        f"(ratio before calibration {1 / r['factor']:.3f})"
    )
    return replace(row, note=f"{row.note}; {note}" if row.note else note)


def _ae_rows(pub: PublishedFigures, base: BaseYear, fy: str) -> list[CalibrationRow]:
    ouh = flow(pub, "A&E attendances", ACUTE_TRUST)
    miu = flow(pub, "A&E attendances, minor injury units", MIU_TRUST)
    t1 = ouh.trust_equivalent(base.units["ae_walkin"] + base.units["ae_ambulance"])
    t3 = miu.trust_equivalent(base.units["ae_minor_injury"])
    p1 = pub.total("ae_monthly", "attendances", ACUTE_TRUST, fy)
    p3 = pub.total("ae_monthly", "attendances", MIU_TRUST, fy)
    emergency = flow(pub, "emergency admissions", ACUTE_TRUST)
    return [
        CalibrationRow("A&E attendances", ACUTE_TRUST, fy, p1, t1, AE),
        CalibrationRow("A&E attendances, minor injury units", MIU_TRUST, fy, p3, t3, AE),
        CalibrationRow("A&E attendances, all types", f"{ACUTE_TRUST}+{MIU_TRUST}", fy, p1 + p3, t1 + t3, AE),
        CalibrationRow(
            "emergency admissions",
            ACUTE_TRUST,
            fy,
            pub.total("ae_monthly", "emergency_admissions", ACUTE_TRUST, fy),
            emergency.trust_equivalent(base.units["unplanned_admission"]),
            AE,
        ),
    ]


def _bed_rows(pack: DataPack, pub: PublishedFigures, base: BaseYear, fy: str) -> list[CalibrationRow]:
    f = flow(pub, "emergency admissions", ACUTE_TRUST)

    def mean(column: str) -> float:
        return pub.mean("beds_monthly", column, ACUTE_TRUST, fy)

    occupied = f.trust_equivalent(base.occupied(ADMITTED))
    today = today_acute_beds(pack)
    available = f.trust_equivalent(today) if today is not None else None
    month, peak = pub.peak("beds_monthly", "ga_occupied", ACUTE_TRUST, fy)
    admissions = pub.total("ae_monthly", "emergency_admissions", ACUTE_TRUST, fy)
    days_in_year = pub.periods("discharges_daily", ACUTE_TRUST, fy) if not pub.discharges_daily.empty else 365
    return [
        CalibrationRow(
            "general and acute beds occupied", ACUTE_TRUST, fy, mean("ga_occupied"), occupied, BEDS
        ),
        CalibrationRow(
            "adult general and acute beds occupied",
            ACUTE_TRUST,
            fy,
            mean("adult_ga_occupied"),
            f.trust_equivalent(base.occupied(ADMITTED, children=False)),
            BEDS,
            note="adults: bands 15-19 and over",
        ),
        CalibrationRow(
            "paediatric general and acute beds occupied",
            ACUTE_TRUST,
            fy,
            mean("paediatric_ga_occupied"),
            f.trust_equivalent(base.occupied(ADMITTED, children=True)),
            BEDS,
            note="children: bands under 15",
        ),
        CalibrationRow(
            "general and acute beds available",
            ACUTE_TRUST,
            fy,
            mean("ga_available"),
            available,
            BEDS,
            note="today's beds: the sitrep stock, resident-equivalent x c / s",
        ),
        CalibrationRow(
            "general and acute bed occupancy",
            ACUTE_TRUST,
            fy,
            mean("ga_occupied") / mean("ga_available"),
            occupied / available if available else None,
            BEDS,
        ),
        CalibrationRow(
            "bed days per emergency admission",
            ACUTE_TRUST,
            fy,
            mean("ga_occupied") * days_in_year / admissions,
            base.occupied(ADMITTED) * DAYS_PER_YEAR / base.units["unplanned_admission"],
            BEDS + "; " + AE,
            note="all G&A bed days (elective included) over emergency admissions",
        ),
        _peak_row(pack, month, peak, occupied),
    ]


def _peak_row(pack: DataPack, month: str, peak: float, occupied: float) -> CalibrationRow:
    """The fullest month: the annual mean times the winter profile's index for that calendar month in an
    average winter (``k = 1``, the central case; ``careshift.model.seasonality``)."""
    profile = seasonality(pack)
    setting = [s.code for s in pack.settings].index(ACUTE_SETTING)
    m = int(month[-2:]) - 1
    index = float(profile.index(setting, np.ones(1))[m, 0])
    fullest = profile.peak_month == m
    note = (
        f"the annual mean x the winter profile's {MONTHS[m]} index {index:.3f} (an average winter, k = 1; "
        f"the profile averages 2022-23 to 2024-25)"
        + ("; the model's fullest month too" if fullest else "; the model's fullest month differs")
    )
    return CalibrationRow(
        "general and acute beds occupied, peak month", ACUTE_TRUST, month, peak, occupied * index, PEAK,
        note=note,
    )  # fmt: skip


MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip


def _flow_rows(pack: DataPack, pub: PublishedFigures, base: BaseYear, fy: str) -> list[CalibrationRow]:
    """The flow out of hospital in the base year (``careshift.model.discharge.today``): residents delayed
    wherever they are, made trust-equivalent by ``c / s`` as every other row."""
    flow_today = today(pack, base.locality_bed_days)
    if pub.discharges_daily.empty:
        return []

    def mean(column: str) -> float:
        return pub.mean("discharges_daily", column, ACUTE_TRUST, fy)

    waiting = mean("not_meeting_criteria_to_reside")
    if flow_today is None:
        return [
            CalibrationRow(
                "patients not meeting the criteria to reside", ACUTE_TRUST, fy, waiting, None, CTR,
                band=None, note="not modelled: the pack has no discharge figures",
            )
        ]  # fmt: skip
    return _flow_today_rows(flow_today, waiting, mean("discharged_total"), pack, pub, base, fy)


def _flow_today_rows(
    t: Today,
    waiting: float,
    discharged: float,
    pack: DataPack,
    pub: PublishedFigures,
    base: BaseYear,
    fy: str,
) -> list[CalibrationRow]:
    s = pack.estimates["discharge:resident_share"].value
    beds = flow(pub, "emergency admissions", ACUTE_TRUST)
    share = f"residents delayed anywhere x c / s = x {1 / t.resident_equivalent:.3f}"
    target = "calibration target: the queues' places are solved to reproduce it; "
    occupied = pub.mean("beds_monthly", "ga_occupied", ACUTE_TRUST, fy)
    return [
        CalibrationRow(
            "patients not meeting the criteria to reside", ACUTE_TRUST, fy, waiting,
            t.waiting / t.resident_equivalent, CTR,
            note=target + "the queue model's patients waiting at today's places, " + share,
        ),
        CalibrationRow(
            "discharges of patients not meeting the criteria to reside, a day", ACUTE_TRUST, fy,
            discharged, t.discharges / t.resident_equivalent, CTR, note="the flow's arrivals, " + share,
        ),
        CalibrationRow(
            "share of general and acute beds occupied by patients not meeting the criteria to reside",
            ACUTE_TRUST, fy, waiting / occupied,
            t.waiting * DAYS_PER_YEAR / sum(base.bed_days[c] for c in ADMITTED), CTR_SHARE,
            note=f"residents delayed over residents' G&A beds; above OUH's by the delayed patients' "
            f"residents' share over the beds' ({s:.2f} / {beds.resident_share:.2f})",
        ),
    ]  # fmt: skip


def _other_rows(base: BaseYear, fy: str) -> list[CalibrationRow]:
    rows = []
    for code, measure in UNCALIBRATED.items():
        if code in base.units:
            rows.append(
                CalibrationRow(measure, RESIDENTS, fy, None, base.units[code], UNPUBLISHED, band=None)
            )
    return rows


def band_status(row: CalibrationRow) -> str:
    """'within 95%-105%', 'OUT of band 95%-105%', or 'no band' / 'not modelled' / 'not published'."""
    if row.published is None:
        return "not published"
    if row.modelled is None:
        return "not modelled"
    if row.band is None:
        return "no band"
    span = f"{row.band[0]:.0%}-{row.band[1]:.0%}"
    return f"within {span}" if row.in_band else f"OUT of band {span}"


CSV_COLUMNS = ("measure", "organisation", "period", "published", "modelled", "ratio", "source")


def calibration_frame(pack: DataPack) -> pd.DataFrame:
    """``calibration_table`` as a DataFrame: the CSV columns ``measure, organisation, period,
    published, modelled, ratio, source`` then ``band_low, band_high, band_status, note``."""
    rows = [
        {
            "measure": r.measure,
            "organisation": r.organisation,
            "period": r.period,
            "published": np.nan if r.published is None else r.published,
            "modelled": np.nan if r.modelled is None else r.modelled,
            "ratio": np.nan if r.ratio is None else r.ratio,
            "source": r.source,
            "band_low": np.nan if r.band is None else r.band[0],
            "band_high": np.nan if r.band is None else r.band[1],
            "band_status": band_status(r),
            "note": r.note,
        }
        for r in calibration_table(pack)
    ]
    return pd.DataFrame(rows, columns=[*CSV_COLUMNS, "band_low", "band_high", "band_status", "note"])


def calibration_csv(frame: pd.DataFrame) -> str:
    """The calibration table as CSV text: ``CSV_COLUMNS`` only, numbers to 6 significant figures (what
    ``careshift model baseline --format csv`` prints and the workbench page downloads)."""
    return str(frame[list(CSV_COLUMNS)].to_csv(index=False, float_format="%.6g"))
