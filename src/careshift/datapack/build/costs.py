"""Assumed unit costs, bed-day costs, pay and staffing ratios for the Oxfordshire pack.

No published cost or staffing figure was in the reference data, so every value is an assumption at
the order of magnitude of a named national source, with an 80% range (see ``assumptions``).
"""

from __future__ import annotations

from careshift.datapack.build.assumptions import NCC, NCC_URL, NHSBN, PSSRU, PSSRU_URL, Assumed

__all__ = ["BED_DAY_COSTS", "NHSBN", "PSSRU", "STAFF_GROUPS", "UNIT_COSTS", "WORKFORCE"]

COST_NOTE = (
    "order of magnitude of the national average; not checked against the published schedule, so "
    "shipped as an assumption with a wide range"
)


def _cost(value: float, low: float, high: float, what: str, citation: str = NCC) -> Assumed:
    url = NCC_URL if citation == NCC else PSSRU_URL if citation == PSSRU else ""
    return Assumed(value, low, high, "GBP (2023 prices)", citation, f"{what}: {COST_NOTE}.", url)


def _per_bed_day(setting: str) -> Assumed:
    return Assumed(
        0,
        0,
        0,
        "GBP (2023 prices)",
        "careshift costing convention",
        f"No per-unit cost: the whole cost is in bed_day_costs for {setting}, so it is not counted twice.",
    )


#: GBP per unit of activity, excluding bed days (bed days are costed per setting below).
UNIT_COSTS: dict[str, Assumed] = {
    "ae_walkin": _cost(200, 140, 280, "A&E attendance, type 1"),
    "ae_ambulance": _cost(300, 220, 400, "A&E attendance arriving by ambulance (excludes the ambulance)"),
    "ae_minor_injury": _cost(100, 70, 140, "A&E attendance, type 3 (minor injury unit)"),
    "unplanned_admission": _cost(800, 400, 1300, "non-elective spell, non-bed costs (theatres, tests)"),
    "elective_admission": _cost(2500, 1500, 3500, "elective spell, non-bed costs (theatres, prostheses)"),
    "day_case": _cost(900, 650, 1200, "day case spell"),
    "outpatient_first": _cost(220, 160, 290, "first outpatient attendance"),
    "outpatient_followup": _cost(140, 100, 190, "follow-up outpatient attendance"),
    "outpatient_procedure": _cost(200, 140, 270, "outpatient procedure"),
    "virtual_ward_admission": _per_bed_day("virtual_ward"),
    "community_hospital_admission": _per_bed_day("community_beds"),
    "community_nursing_contact": _cost(60, 40, 85, "community nursing contact", PSSRU),
    "community_therapy_contact": _cost(70, 50, 95, "community therapy contact", PSSRU),
    "reablement_episode": _cost(2000, 1200, 3000, "reablement episode", PSSRU),
    "home_care_hours": _cost(28, 24, 33, "hour of home care (council rate)", PSSRU),
    "care_home_placement": _per_bed_day("care_home"),
    "gp_appointment": _cost(45, 35, 60, "GP practice appointment (all staff types)", PSSRU),
}

#: GBP per occupied bed day, bed settings.
BED_DAY_COSTS: dict[str, Assumed] = {
    "acute_beds": _cost(450, 350, 600, "acute general and acute bed day (excess bed day order)"),
    "virtual_ward": _cost(200, 120, 300, "virtual ward bed day (staff and technology)"),
    "community_beds": _cost(350, 250, 450, "community hospital bed day", PSSRU),
    "care_home": _cost(180, 140, 230, "care home bed day (residential and nursing mix)", PSSRU),
}

STAFF_GROUPS: dict[str, tuple[str, Assumed]] = {
    code: (
        label,
        Assumed(
            v,
            lo,
            hi,
            "GBP per WTE per year",
            "NHS Agenda for Change and medical pay scales 2023/24 plus on-costs; " + PSSRU,
            f"{label}: mid-point salary plus about 25-30% employer on-costs; assumption.",
            PSSRU_URL,
        ),
    )
    for code, label, v, lo, hi in [
        ("nursing", "Nursing and midwifery", 55000, 45000, 65000),
        ("medical", "Medical and dental", 120000, 95000, 150000),
        ("allied_health", "Allied health professionals", 52000, 44000, 60000),
        ("care_workers", "Care workers and healthcare assistants", 30000, 25000, 35000),
        ("support", "Support and administrative", 32000, 27000, 38000),
    ]
}

#: WTE per bed (bed settings) or per 1,000 units a year (contact settings), by staff group.
WORKFORCE: dict[str, dict[str, float]] = {
    "emergency_department": {"nursing": 1.5, "medical": 0.6, "support": 0.5},
    "acute_beds": {"nursing": 1.9, "medical": 0.5, "allied_health": 0.3, "care_workers": 0.6, "support": 0.8},
    "day_case": {"nursing": 0.8, "medical": 0.3, "support": 0.3},
    "outpatients": {"nursing": 0.3, "medical": 0.25, "allied_health": 0.1, "support": 0.3},
    "virtual_ward": {"nursing": 0.6, "medical": 0.1, "allied_health": 0.15, "support": 0.1},
    "community_beds": {
        "nursing": 1.4,
        "medical": 0.1,
        "allied_health": 0.3,
        "care_workers": 0.5,
        "support": 0.4,
    },
    "community_nursing": {"nursing": 0.7, "care_workers": 0.1, "support": 0.1},
    "community_therapy": {"allied_health": 0.7, "support": 0.1},
    "reablement": {"care_workers": 33.0, "allied_health": 3.0, "support": 2.0},
    "home_care": {"care_workers": 0.83, "support": 0.08},
    "care_home": {"nursing": 0.15, "care_workers": 1.0, "support": 0.3},
    "primary_care": {"medical": 0.07, "nursing": 0.04, "allied_health": 0.02, "support": 0.08},
}
WORKFORCE_RANGE = (0.7, 1.4)  # low and high as multiples of the value
WORKFORCE_BASIS = (
    "Order-of-magnitude staffing ratio (bed settings: WTE per bed across shifts; contact settings: "
    "WTE per 1,000 units a year from contacts per WTE per year); range x0.7 to x1.4."
)
