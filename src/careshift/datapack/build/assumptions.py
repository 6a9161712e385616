"""Assumed figures for the Oxfordshire pack: every value has an 80% range and a named basis.

No public Oxfordshire figure for these was available in the reference data (see SOURCES.md), so each is
an assumption at the order of magnitude of a named national benchmark. They are labelled
``assumption: true`` in the pack and are sampled over their ranges when a scenario asks for parameter
uncertainty. Review them before relying on results.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Assumed:
    """An assumed parameter: value with 80% range (low, high), unit and basis."""

    value: float
    low: float
    high: float
    unit: str
    citation: str
    basis: str
    url: str = ""

    def __post_init__(self) -> None:
        if not self.low <= self.value <= self.high:
            raise ValueError(f"range {self.low}-{self.high} does not contain {self.value}")


NCC = "NHS England, National Cost Collection for the NHS (national schedule of NHS costs)"
NCC_URL = "https://www.england.nhs.uk/costing-in-the-nhs/national-cost-collection/"
PSSRU = "PSSRU / Centre for Health Services Studies, Unit Costs of Health and Social Care"
PSSRU_URL = "https://www.pssru.ac.uk/unitcostsreport/"
NHSBN = "NHS Benchmarking Network, community services and inpatient benchmarking"
NHSBN_URL = "https://www.nhsbenchmarking.nhs.uk/"

# ---- settings: (label, capacity kind, occupancy Assumed or None for contact settings) ----
SETTINGS: dict[str, tuple[str, str, Assumed | None]] = {
    "emergency_department": ("Emergency department (A&E)", "contacts", None),
    "acute_beds": (
        "Acute hospital beds (general and acute)",
        "beds",
        Assumed(
            0.92,
            0.85,
            0.95,
            "share of beds occupied",
            "NHS England operational planning guidance (92% G&A bed occupancy)",
            "NHS planning guidance sets 92% general and acute bed occupancy as the level to plan to; range "
            "from 85% (often cited as the safe level) to 95%.",
        ),
    ),
    "day_case": ("Day case units", "contacts", None),
    "outpatients": ("Outpatient clinics", "contacts", None),
    "virtual_ward": (
        "Virtual wards (hospital at home)",
        "beds",
        Assumed(
            0.80,
            0.70,
            0.90,
            "share of virtual-ward capacity in use",
            "NHS England virtual ward programme (80% utilisation ambition)",
            "NHS England asked systems to run virtual wards at about 80% utilisation.",
        ),
    ),
    "community_beds": (
        "Community hospital beds",
        "beds",
        Assumed(
            0.90,
            0.85,
            0.95,
            "share of beds occupied",
            NHSBN,
            "Community hospital beds typically run at about 90% occupancy in NHS Benchmarking audits; "
            "order of magnitude.",
            NHSBN_URL,
        ),
    ),
    "community_nursing": ("Community nursing (integrated locality teams)", "contacts", None),
    "community_therapy": ("Community therapy (integrated locality teams)", "contacts", None),
    "reablement": ("Reablement and intermediate care at home", "contacts", None),
    "home_care": ("Home care (domiciliary care)", "contacts", None),
    "care_home": (
        "Care home beds",
        "beds",
        Assumed(
            0.90,
            0.85,
            0.95,
            "share of beds occupied",
            "LaingBuisson care homes market reports",
            "Care home occupancy in England is typically reported at 85-92%; order of magnitude.",
        ),
    ),
    "primary_care": ("General practice", "contacts", None),
}

# ---- community, social care and primary care volumes (base year) ----
#: activity -> (label, setting, unit, group, population it applies to, volume Assumed, los Assumed|None)
COMMUNITY: dict[str, tuple[str, str, str, str, str, Assumed, Assumed | None]] = {
    "virtual_ward_admission": (
        "Virtual ward admission",
        "virtual_ward",
        "admissions",
        "community",
        "18+",
        Assumed(
            32,
            20,
            45,
            "occupied virtual-ward beds per 100,000 adults",
            "NHS England, Delivery plan for recovering urgent and emergency care services (2023): "
            "40-50 virtual ward beds per 100,000 population",
            "40 beds per 100,000 at 80% utilisation = 32 occupied; low 20 allows for the ambition "
            "not yet being met locally, high 45 for 50 beds at 90%. Applied to adults (18+), the "
            "population the acute rates cover.",
        ),
        Assumed(
            6,
            5,
            7,
            "days per admission",
            "NHS England virtual ward programme",
            "Assumed mean stay on a virtual ward of 5-7 days (typical step-up/step-down episodes).",
        ),
    ),
    "community_hospital_admission": (
        "Community hospital admission",
        "community_beds",
        "admissions",
        "community",
        "all",
        Assumed(
            20,
            12,
            28,
            "occupied community beds per 100,000 residents",
            NHSBN,
            "Community bed provision in NHS Benchmarking audits is of the order of 15-30 beds per "
            "100,000 population; Oxfordshire's community hospitals (Abingdon, Witney, Wallingford, "
            "Henley, Bicester, Didcot, Wantage) have no bed counts in the reference data.",
            NHSBN_URL,
        ),
        Assumed(
            24,
            18,
            30,
            "days per admission",
            NHSBN,
            "Community hospital mean length of stay is typically 20-30 days; assumed 24.",
            NHSBN_URL,
        ),
    ),
    "community_nursing_contact": (
        "Community nursing contact",
        "community_nursing",
        "contacts",
        "community",
        "all",
        Assumed(
            1.6,
            1.0,
            2.4,
            "contacts per resident per year",
            "The King's Fund (Maybin et al., 2016), Understanding quality in district nursing services",
            "The King's Fund estimated about 100 million district nursing contacts a year in England "
            "(about 1.8 per resident); assumed 1.6 with a wide range.",
            "https://www.kingsfund.org.uk/insight-and-analysis/reports/district-nursing",
        ),
        None,
    ),
    "community_therapy_contact": (
        "Community therapy contact",
        "community_therapy",
        "contacts",
        "community",
        "all",
        Assumed(
            0.5,
            0.3,
            0.8,
            "contacts per resident per year",
            NHSBN,
            "Community therapy (physiotherapy, occupational therapy) contacts per head; order of "
            "magnitude from NHS Benchmarking community services audits; no local figure.",
            NHSBN_URL,
        ),
        None,
    ),
    "reablement_episode": (
        "Reablement episode",
        "reablement",
        "episodes",
        "social_care",
        "65+",
        Assumed(
            0.025,
            0.015,
            0.035,
            "episodes per resident aged 65+ per year",
            "NHS England, Adult Social Care Activity and Finance Report (short-term support to "
            "maximise independence)",
            "Short-term support episodes nationally are of the order of 2-3 per 100 people aged "
            "65+ a year; assumed 2.5.",
            "https://digital.nhs.uk/data-and-information/publications/statistical/adult-social-care-activity-and-finance-report",
        ),
        None,
    ),
    "home_care_hours": (
        "Home care hours",
        "home_care",
        "hours",
        "social_care",
        "65+",
        Assumed(
            20,
            12,
            30,
            "hours per resident aged 65+ per year",
            "UK Homecare Association, market overview",
            "Publicly funded home care in England is of the order of 200-250 million hours a year "
            "for about 11 million people aged 65+ (about 20 hours per head); excludes self-funders.",
            "https://www.homecareassociation.org.uk/",
        ),
        None,
    ),
    "care_home_placement": (
        "Care home placement (permanent admission)",
        "care_home",
        "placements",
        "social_care",
        "65+",
        Assumed(
            560,
            420,
            700,
            "permanent admissions per 100,000 residents aged 65+ per year",
            "Adult Social Care Outcomes Framework measure 2A(2)",
            "ASCOF 2A(2) (long-term needs met by admission to residential and nursing care homes, "
            "aged 65+) has been of the order of 550-580 per 100,000 in England; council-supported "
            "admissions only.",
            "https://digital.nhs.uk/data-and-information/publications/statistical/adult-social-care-outcomes-framework-ascof",
        ),
        Assumed(
            730,
            450,
            1000,
            "days per placement",
            "PSSRU (Forder and Fernandez, 2011), Length of stay in care homes",
            "Mean stay in a care home is about two years (shorter in nursing homes); assumed 730 days.",
        ),
    ),
    "gp_appointment": (
        "GP practice appointment",
        "primary_care",
        "appointments",
        "primary_care",
        "all",
        Assumed(
            5.5,
            4.5,
            6.5,
            "appointments per resident per year",
            "NHS England, Appointments in General Practice",
            "Of the order of 25-30 million appointments a month in England (about 5-6 per head a "
            "year, all staff types); assumed 5.5.",
            "https://digital.nhs.uk/data-and-information/publications/statistical/appointments-in-general-practice",
        ),
        None,
    ),
}

#: Relative GP appointment rate by band (female, male): an assumed shape (highest in the under-5s and
#: the oldest, higher in women of working age), after the pattern in Hobbs et al. 2016 (Lancet,
#: "Clinical workload in UK primary care"); the weights are an assumption, not published values.
GP_PROFILE: dict[str, tuple[float, float]] = {
    "0-4": (1.3, 1.3),
    "5-9": (0.6, 0.6),
    "10-14": (0.6, 0.6),
    "15-19": (0.9, 0.5),
    "20-24": (1.0, 0.5),
    "25-29": (1.1, 0.55),
    "30-34": (1.1, 0.55),
    "35-39": (1.0, 0.6),
    "40-44": (1.0, 0.65),
    "45-49": (1.05, 0.75),
    "50-54": (1.1, 0.85),
    "55-59": (1.15, 0.95),
    "60-64": (1.2, 1.05),
    "65-69": (1.4, 1.3),
    "70-74": (1.6, 1.5),
    "75-79": (1.9, 1.8),
    "80-84": (2.1, 2.0),
    "85-89": (2.3, 2.2),
    "90+": (2.3, 2.2),
}


# ---- housing growth (optional, off by default in the engine) ----
#: locality -> (growth towns, planned completions a year 2024-2040)
HOUSING: dict[str, tuple[str, float]] = {
    "north": ("Banbury", 450),
    "north_east": ("Bicester, Kidlington, Begbroke", 700),
    "city": ("Oxford (Barton, Northern Gateway, urban sites)", 300),
    "west": ("Witney, Carterton, Eynsham (Salt Cross)", 650),
    "south_west": ("Didcot Garden Town, Wantage and Grove, Abingdon", 1000),
    "south_east": ("Thame, Wallingford, Henley, Culham, Chalgrove", 600),
}
HOUSING_DWELLINGS = Assumed(
    1.0,
    0.7,
    1.3,
    "multiple of the planned completions",
    "Cherwell Local Plan 2011-2031, West Oxfordshire Local Plan 2031, Vale of White Horse Local Plan 2031, "
    "South Oxfordshire Local Plan 2035, Oxford Local Plan 2036 (housing trajectories)",
    "Completions a year by locality at the order of the adopted Local Plan trajectories for the named "
    "growth towns (rounded; not transcribed from the trajectories, which are not in the reference data).",
)
PERSONS_PER_DWELLING = Assumed(
    2.4,
    2.2,
    2.6,
    "residents per new dwelling",
    "ONS Census 2021, average household size",
    "Census 2021 average household size in Oxfordshire and England is about 2.4.",
)
SHARE_ABOVE_TREND = Assumed(
    0.5,
    0.25,
    0.75,
    "share of new residents not already in the SNPP trend",
    "ONS 2018-based SNPP methodology (trend-based migration)",
    "Trend-based projections already carry some housing-led migration; half of the residents of planned "
    "dwellings are assumed additional to the trend.",
)
