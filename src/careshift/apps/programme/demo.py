"""The illustrative Oxfordshire programme loaded by `careshift setup-demo` and `careshift serve`.

Drawn from public board papers (../shared/seeds): the 2009 *Creating a Healthy Oxfordshire* work streams
(shaping future primary care, integrated community services, acute services), the 2016 transformation
programme's areas of work (place-based primary and community care, urgent and emergency care with
emergency multidisciplinary units, prevention and population health), the 2015 workshop's locality plans
(Witney single-access primary care centre and virtual ward, Bicester healthy town, Didcot) and the 2022
community services strategy (integrated locality teams). Every person, date and figure is **illustrative**:
made up to show how careshift works, and labelled so on every page.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from careshift.analysis.programme import savings
from careshift.apps.programme import models as m
from careshift.apps.programme import services

SLUG = "care-closer-to-home"
STAGES = [  # key, name, weight, artefacts, approval threshold
    ("idea", "Idea", 0.10, [], None),
    ("pid", "PID agreed", 0.25, ["pid"], None),
    ("impact_assessed", "QIA/EIA approved", 0.50, ["qia", "eia"], None),
    ("business_case", "Business case approved", 0.75, ["business_case"], Decimal(50_000)),
    ("delivering", "Delivering", 0.90, [], None),
    ("delivered", "Delivered", 1.00, ["closure"], None),
]
PEOPLE = [
    ("demo.sro.west", "Alex", "Morgan"),
    ("demo.sro.urgent", "Priya", "Shah"),
    ("demo.lead.community", "Sam", "Okafor"),
    ("demo.lead.prevention", "Jo", "Bennett"),
]
WORKSTREAMS = [  # slug, name, lead, description
    (
        "primary-community",
        "Place-based primary and community care",
        0,
        "New and improved services on the doorstep: single-access primary care centres, virtual wards "
        "and the "
        "changing role of community hospitals (2016 area of work 1; 2009 'Shaping future primary care').",
    ),
    (
        "urgent-emergency",
        "Urgent and emergency care",
        1,
        "Prompt multidisciplinary assessment and treatment close to home, e.g. emergency multidisciplinary "
        "units "
        "and community care hubs (2016 area of work 2).",
    ),
    (
        "integrated-community",
        "Integrated community services",
        2,
        "Integrated locality teams of primary care, district nurses, therapists, social care and the "
        "voluntary "
        "sector (2009 work stream 3.2; 2022 community services strategy).",
    ),
    (
        "prevention",
        "Prevention and population health",
        3,
        "Investing in prevention, e.g. Bicester healthy town (2016 area of work 8; 2015 locality plans).",
    ),
    (
        "acute",
        "Acute services",
        1,
        "Single point of referral into secondary care and clinical pathway reviews (2009 work stream 3.3).",
    ),
]
# ref, workstream, parent, name, owner, localities, stage, lever, annual saving this year, next year
PROJECTS = [
    (
        "WIT-01",
        "primary-community",
        None,
        "Witney single-access primary care centre",
        0,
        ["west"],
        "business_case",
        "",
        420_000,
        600_000,
    ),
    (
        "WIT-02",
        "primary-community",
        "WIT-01",
        "Witney virtual ward",
        0,
        ["west"],
        "delivering",
        "Virtual wards",
        650_000,
        900_000,
    ),
    (
        "DID-01",
        "primary-community",
        None,
        "Didcot care closer to home plan",
        0,
        ["south_west"],
        "pid",
        "",
        150_000,
        400_000,
    ),
    (
        "EMU-01",
        "urgent-emergency",
        None,
        "Emergency multidisciplinary units (Abingdon and Witney)",
        1,
        ["south_west", "west"],
        "delivering",
        "Community hospital step-up",
        900_000,
        1_100_000,
    ),
    (
        "UEC-02",
        "urgent-emergency",
        None,
        "Community care hubs",
        1,
        ["city", "north"],
        "impact_assessed",
        "Home care instead of admission",
        300_000,
        700_000,
    ),
    (
        "ILT-01",
        "integrated-community",
        None,
        "Integrated locality team: North",
        2,
        ["north", "north_east"],
        "delivering",
        "Reablement after discharge",
        500_000,
        650_000,
    ),
    (
        "ILT-02",
        "integrated-community",
        None,
        "Integrated locality team: Oxford City",
        2,
        ["city"],
        "business_case",
        "Reablement after discharge",
        350_000,
        550_000,
    ),
    (
        "BIC-01",
        "prevention",
        None,
        "Bicester healthy town",
        3,
        ["north"],
        "impact_assessed",
        "Prevention for over-65s",
        120_000,
        300_000,
    ),
    (
        "ACU-01",
        "acute",
        None,
        "Single point of referral into secondary care",
        1,
        [],
        "delivering",
        "Shorter acute stays",
        700_000,
        800_000,
    ),
    ("ACU-02", "acute", None, "Musculoskeletal pathway review", 1, [], "idea", "", 200_000, 350_000),
]


def _people() -> list[Any]:
    users = get_user_model()
    people = []
    for username, first, last in PEOPLE:
        user = users.objects.filter(username=username).first()
        if user is None:
            user = users.objects.create_user(
                username,
                first_name=first,
                last_name=f"{last} (illustrative)",
                role="contributor",
                password=None,
            )
        people.append(user)
    return people


def _months_ago(today: dt.date, n: int) -> dt.date:
    month = today.month - 1 - n
    return dt.date(today.year + month // 12, month % 12 + 1, 1)


def load(today: dt.date | None = None) -> m.Programme | None:
    """Create the illustrative programme (once; None if it exists)."""
    if m.Programme.objects.filter(slug=SLUG).exists():
        return None
    today = today or dt.date.today()
    with transaction.atomic():
        return _load(today)


def _load(today: dt.date) -> m.Programme:
    people = _people()
    admin = get_user_model().objects.filter(username="admin").first()
    programme = m.Programme.objects.create(
        name="Oxfordshire care closer to home (illustrative)",
        slug=SLUG,
        illustrative=True,
        description="An illustrative programme drawn from public Oxfordshire board papers (2009 Creating a "
        "Healthy Oxfordshire, 2015-16 transformation programme, 2022 community services strategy). "
        "People, dates and figures are made up.",
    )
    year = savings.financial_year(today)
    m.SavingsTarget.objects.create(programme=programme, financial_year=year, amount=Decimal(6_000_000))
    m.SavingsTarget.objects.create(programme=programme, financial_year=year + 1, amount=Decimal(8_000_000))
    stages = {
        key: m.Stage.objects.create(
            programme=programme,
            key=key,
            name=name,
            order=k,
            weight=weight,
            required_artefacts=arts,
            approval_threshold=threshold,
        )
        for k, (key, name, weight, arts, threshold) in enumerate(STAGES)
    }
    streams = {
        slug: m.Workstream.objects.create(
            programme=programme, slug=slug, name=name, lead=people[lead], description=text, order=k
        )
        for k, (slug, name, lead, text) in enumerate(WORKSTREAMS)
    }
    projects: dict[str, m.Project] = {}
    for k, row in enumerate(PROJECTS):
        projects[row[0]] = _project(k, row, streams, stages, people, projects, today, year, admin)
    projects["WIT-02"].depends_on.add(projects["WIT-01"])
    projects["UEC-02"].depends_on.add(projects["EMU-01"])
    _meetings(programme, today)
    _reports(programme, projects, admin, today)
    return programme


def _project(
    k: int,
    row: tuple[Any, ...],
    streams: dict[str, m.Workstream],
    stages: dict[str, m.Stage],
    people: list[Any],
    done: dict[str, m.Project],
    today: dt.date,
    year: int,
    admin: Any,
) -> m.Project:
    ref, ws, parent, name, owner, localities, stage, lever, this_year, next_year = row
    from careshift.apps.scenarios.models import Scenario

    scenario = Scenario.objects.filter(slug="care-closer-to-home").first() if lever else None
    project = m.Project.objects.create(
        workstream=streams[ws],
        parent=done.get(parent) if parent else None,
        reference=ref,
        name=name,
        owner=people[owner],
        localities=localities,
        stage=stages[stage],
        scenario=scenario,
        levers=[lever] if lever and scenario else [],
        start_date=today - dt.timedelta(days=200 + 20 * k),
        end_date=today + dt.timedelta(days=400 + 30 * k),
        description=f"Illustrative project: {name}.",
    )
    if admin is not None and k % 3 == 0:
        project.assignees.add(admin)
    for kind in ("pid", "qia", "eia", "business_case")[: list(stages).index(stage)]:
        m.Artefact.objects.create(
            project=project,
            kind=kind,
            title=f"{ref} {kind.upper()}",
            approved=True,
            approved_on=today - dt.timedelta(days=60),
        )
    _milestones(project, k, today)
    _raid(project, k, people, today)
    _savings(project, k, this_year, next_year, year, today)
    m.Action.objects.create(
        project=project,
        title=f"Confirm {ref} workforce plan with HR",
        owner=admin or people[owner],
        due=today - dt.timedelta(days=5 + k) if k % 2 else today + dt.timedelta(days=10 + k),
    )
    m.Action.objects.create(
        project=project,
        title=f"Brief the locality forum on {name}",
        owner=people[owner],
        due=today + dt.timedelta(days=20),
    )
    m.Decision.objects.create(
        project=project,
        title=f"Approve {ref} scope",
        decision="Scope agreed as proposed.",
        decided_by="Programme board",
        decided_on=today - dt.timedelta(days=90),
    )
    benefit = m.Benefit.objects.create(
        project=project,
        title="Fewer non-elective admissions, 75+",
        kind=m.Benefit.Kind.CASHABLE,
        measure="Non-elective admissions of people 75+ a month",
        unit="admissions",
        baseline=400 - 10 * k,
        target=360 - 10 * k,
        owner=people[owner],
    )
    for n in (3, 2, 1):
        m.BenefitValue.objects.create(
            benefit=benefit,
            date=_months_ago(today, n),
            planned=400 - 10 * k - 5 * (4 - n),
            realised=400 - 10 * k - 4 * (4 - n),
        )
    m.ResourceCost.objects.create(
        project=project,
        description="Project manager",
        kind="staff",
        staff_group="Band 7 project manager",
        wte=Decimal("0.5"),
        amount=Decimal(32_000),
        financial_year=savings.financial_year(today),
    )
    return project


def _milestones(project: m.Project, k: int, today: dt.date) -> None:
    plans = [
        ("Business case to board", -120, 0, True),
        ("Recruitment complete", -30, 15 + 10 * (k % 4), False),
        ("Service live", 60, 60 + 25 * (k % 3), False),
        ("First evaluation", 240, 240, False),
    ]
    for n, (name, offset, slip, met) in enumerate(plans, start=1):
        baseline = today + dt.timedelta(days=offset + 3 * k)
        forecast = baseline + dt.timedelta(days=slip)
        m.Milestone.objects.create(
            project=project,
            reference=f"{project.reference}-M{n}",
            name=name,
            baseline=baseline,
            forecast=forecast,
            actual=forecast if met else None,
        )


def _raid(project: m.Project, k: int, people: list[Any], today: dt.date) -> None:
    risks = [
        ("Workforce: vacancies in community nursing delay the service", 4, 4, 3 + k % 3, 4 - k % 2),
        ("Estates: premises not ready in time", 3, 4, 2, 3),
        ("Activity does not shift as modelled", 3, 3, 3, 2 + k % 3),
    ]
    for n, (title, il, ii, rl, ri) in enumerate(risks, start=1):
        m.RaidItem.objects.create(
            project=project,
            reference=f"{project.reference}-R{n}",
            title=title,
            owner=people[k % len(people)],
            inherent_likelihood=il,
            inherent_impact=ii,
            residual_likelihood=min(rl, 5),
            residual_impact=min(ri, 5),
            mitigations="Recruitment campaign; agency cover agreed." if n == 1 else "",
            proximity=today + dt.timedelta(days=90),
            review_date=today + dt.timedelta(days=30),
        )
    m.RaidItem.objects.create(
        project=project,
        reference=f"{project.reference}-A1",
        kind="assumption",
        title="GP practices in the locality take part",
        owner=people[k % len(people)],
    )


def _savings(
    project: m.Project, k: int, this_year: float, next_year: float, year: int, today: dt.date
) -> None:
    line = m.SavingsLine.objects.create(
        project=project,
        reference=f"{project.reference}-S1",
        title=f"{project.name}: avoided bed days",
        category="pathway",
        full_year_effect=Decimal(next_year),
        confidence=("high", "medium", "low")[k % 3],
    )
    plan = savings.phase_evenly(this_year, year) | savings.phase_evenly(next_year, year + 1)
    delivery = 0.7 + 0.1 * (k % 4)  # share of plan delivered each month so far (illustrative)
    rows = [
        m.SavingsMonth(
            line=line,
            month=month,
            plan=Decimal(str(value)),
            actual=Decimal(str(round(value * delivery, 2))) if month < today.replace(day=1) else None,
        )
        for month, value in plan.items()
    ]
    m.SavingsMonth.objects.bulk_create(rows)


def _meetings(programme: m.Programme, today: dt.date) -> None:
    for offset in (-42, -14, 14, 42):
        date = today + dt.timedelta(days=offset)
        m.BoardMeeting.objects.create(
            programme=programme,
            title="Care closer to home programme board",
            date=date,
            papers_due=date - dt.timedelta(days=7),
        )


def _reports(programme: m.Programme, projects: dict[str, m.Project], admin: Any, today: dt.date) -> None:
    """Last month's reports locked, then a change or two, then this month's locked: the board pack then
    shows what changed since the last board."""
    if admin is None:
        return
    last_month, this_month = _months_ago(today, 1), today.replace(day=1)
    chosen = [projects[r] for r in ("WIT-02", "EMU-01", "ILT-01", "ACU-01")]
    for project in chosen:
        services.lock_report(admin, services.start_report(admin, project, last_month))
    m.RaidItem.objects.create(
        project=projects["EMU-01"],
        reference="EMU-01-R4",
        owner=project.owner,
        title="Ambulance conveyance protocol not agreed",
        inherent_likelihood=4,
        inherent_impact=5,
        residual_likelihood=4,
        residual_impact=5,
    )
    milestone = projects["WIT-02"].milestones.filter(actual__isnull=True).first()
    if milestone is not None:
        milestone.forecast += dt.timedelta(days=21)
        milestone.save()
    for project in chosen:
        services.assess(
            admin,
            project,
            rating=services.status.suggestion_for(project).confidence.value,
            themes={},
            reason="",
        )
        report = services.start_report(admin, project, this_month)
        report.commentary = (
            f"Illustrative commentary for {project.reference}: progress on recruitment; estates on track."
        )
        report.save()
        services.lock_report(admin, report)
