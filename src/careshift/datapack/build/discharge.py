"""The flow out of hospital (discharge to assess): rows ``discharge:*`` of the assumptions table.

Measured (OUH, RTH, from the pack's ``discharges_daily`` table, NHS England daily discharge sitrep):

* ``discharge:not_meeting_criteria``: patients a day who no longer meet the criteria to reside, mean of
  2023-24 (range: the lowest and highest of the complete years 2022-23 to 2024-25);
* ``discharge:discharges_per_day``: discharges a day of such patients, the same way. By Little's law the
  mean delay is their ratio (about 1.6 days).

Assumed (labelled, with 80% ranges): the share of those delays that are Oxfordshire residents; the share
of the discharges and of the delayed patients by pathway (P0 home without new support, P1 home with
support, P2 a rehabilitation or reablement bed, P3 a care home); each pathway's stay in its downstream
service. ``discharge:service:<pathway>:<activity>`` names the pack activity that is the pathway's
downstream service (value 1), and ``discharge:driver:<activity>`` the acute activity whose patients are
discharged.
"""

from __future__ import annotations

from pathlib import Path

from careshift.datapack.build import published
from careshift.datapack.build.assumptions import Assumed

DAILY = (
    "NHS England, Acute discharge situation report: patients no longer meeting the criteria to reside "
    "and their discharges, Oxford University Hospitals (RTH), daily (via humaniverse/healthyr)"
)
URL = "https://www.england.nhs.uk/statistics/statistical-work-areas/discharge-delays-acute-data/"
GUIDANCE = "DHSC and NHS England, Hospital discharge and community support guidance (2022, updated 2024)"
GUIDANCE_URL = (
    "https://www.gov.uk/government/publications/hospital-discharge-service-policy-and-operating-model"
)
YEAR, YEARS = "2023-24", ("2022-23", "2023-24", "2024-25")
PATHWAYS = ("p0", "p1", "p2", "p3")
SERVICE = {"p1": "reablement_episode", "p2": "community_hospital_admission", "p3": "care_home_placement"}
DRIVER = "unplanned_admission"
RESIDENT_SHARE = Assumed(
    0.85,
    0.78,
    0.92,
    "share of OUH's delayed patients who live in Oxfordshire",
    "careshift assumption",
    "OUH's general and acute beds serve mostly Oxfordshire residents, with specialist and border flows "
    "from Buckinghamshire, Berkshire, Northamptonshire and Warwickshire; delays wait on Oxfordshire's "
    "own community and social care for most of them.",
)
PATHWAY_SHARE = {
    "p0": Assumed(0.70, 0.60, 0.80, "share of discharges", GUIDANCE, "", GUIDANCE_URL),
    "p1": Assumed(0.20, 0.14, 0.26, "share of discharges", GUIDANCE, "", GUIDANCE_URL),
    "p2": Assumed(0.06, 0.04, 0.09, "share of discharges", GUIDANCE, "", GUIDANCE_URL),
    "p3": Assumed(0.04, 0.02, 0.06, "share of discharges", GUIDANCE, "", GUIDANCE_URL),
}
SHARE_BASIS = (
    "Share of the discharges of patients no longer meeting the criteria to reside. The guidance plans "
    "for about 50% pathway 0, 45% pathway 1, 4% pathway 2 and 1% pathway 3 of all discharges; of the "
    "patients who stay on after they are ready to leave, more need support, so P1-P3 are assumed higher "
    "than in the guidance and P0 (internal waits: transport, medicines, paperwork) lower. Ranges are wide."
)
DELAY_SHARE = {
    "p0": Assumed(0.30, 0.20, 0.40, "share of delayed patients", "careshift assumption", ""),
    "p1": Assumed(0.35, 0.25, 0.45, "share of delayed patients", "careshift assumption", ""),
    "p2": Assumed(0.20, 0.12, 0.28, "share of delayed patients", "careshift assumption", ""),
    "p3": Assumed(0.15, 0.08, 0.22, "share of delayed patients", "careshift assumption", ""),
}
DELAY_BASIS = (
    "Share of the patients waiting on an average day by the pathway they wait for; the calibration "
    "targets of the queue per pathway. Order of magnitude of the reasons reported in NHS England's "
    "discharge delays (acute) data, where waits for home care and reablement lead, then beds for "
    "rehabilitation and care homes, then internal reasons; not an Oxfordshire figure."
)
DOWNSTREAM_LOS = {
    "p1": Assumed(28, 21, 42, "days in the service", "NHS Benchmarking Network, intermediate care audit", ""),
    "p2": Assumed(28, 21, 40, "days in the service", "NHS Benchmarking Network, intermediate care audit", ""),
    "p3": Assumed(35, 21, 56, "days in the service", "NHS Benchmarking Network, intermediate care audit", ""),
}
LOS_BASIS = {
    "p1": "Reablement and home-based intermediate care last about 3-6 weeks (up to the 6 weeks free of "
    "charge); the place is taken for that long before the patient moves on or leaves the service.",
    "p2": "Bed-based intermediate care (community hospital or step-down bed) stays of about 3-6 weeks.",
    "p3": "A discharge-to-assess care home bed is held for the assessment, about 3-8 weeks.",
}


def _row(
    key: str, description: str, a: Assumed, assumption: bool = True, basis: str = ""
) -> dict[str, object]:
    return {
        "key": key,
        "description": description,
        "unit": a.unit,
        "value": round(a.value, 4),
        "low": round(a.low, 4),
        "high": round(a.high, 4),
        "assumption": assumption,
        "basis": basis or a.basis,
        "citation": a.citation,
        "url": a.url,
    }


def _measured(src: Path, column: str, unit: str) -> Assumed:
    daily = published.discharges_daily(src)
    rth = daily[daily["organisation"] == "RTH"]
    means = rth.groupby("financial_year")[column].mean()
    years = [means[y] for y in YEARS]
    return Assumed(float(means[YEAR]), float(min(years)), float(max(years)), unit, DAILY, "", URL)


def assumption_rows(src: Path) -> list[dict[str, object]]:
    """``discharge:*`` rows of the assumptions table."""
    waiting = _measured(src, "not_meeting_criteria_to_reside", "patients a day")
    leaving = _measured(src, "discharged_total", "discharges a day")
    measured = "Mean of the daily figures in 2023-24; range: lowest and highest mean of 2022-23 to 2024-25."
    rows = [
        _row(
            "discharge:not_meeting_criteria",
            "OUH patients no longer meeting the criteria to reside",
            waiting,
            False,
            measured,
        ),
        _row(
            "discharge:discharges_per_day",
            "OUH discharges a day of patients no longer meeting the criteria to reside",
            leaving,
            False,
            measured,
        ),
        _row(
            "discharge:resident_share",
            "share of OUH's delayed patients who live in Oxfordshire",
            RESIDENT_SHARE,
        ),
        _row(
            f"discharge:driver:{DRIVER}",
            "the acute activity whose patients are discharged",
            Assumed(1, 1, 1, "flag", DAILY, "Emergency admissions carry the delays.", URL),
            False,
        ),
    ]
    for p in PATHWAYS:
        rows.append(
            _row(
                f"discharge:pathway_share:{p}",
                f"share of those discharges on pathway {p.upper()}",
                PATHWAY_SHARE[p],
                basis=SHARE_BASIS,
            )
        )
        rows.append(
            _row(
                f"discharge:delay_share:{p}",
                f"share of the delayed patients waiting for {p.upper()}",
                DELAY_SHARE[p],
                basis=DELAY_BASIS,
            )
        )
    for p, activity in SERVICE.items():
        rows.append(
            _row(
                f"discharge:downstream_los:{p}",
                f"stay in the {p.upper()} downstream service",
                DOWNSTREAM_LOS[p],
                basis=LOS_BASIS[p],
            )
        )
        rows.append(
            _row(
                f"discharge:service:{p}:{activity}",
                f"pack activity of the {p.upper()} service",
                Assumed(1, 1, 1, "flag", "careshift", f"{p.upper()} places are {activity}."),
                False,
            )
        )
    return rows
