"""The demonstration appraisal, loaded by set-up: the eleven principles and four priorities agreed by
Oxfordshire's Health and Wellbeing Board (Community Services Strategy update, March 2022, Appendix 1),
evidence items for the sample scenario's levers, and an ILLUSTRATIVE appraisal of three options.

The principles, priorities and citations are from the public papers. The effect sizes are the ranges the
sample scenario assumes (labelled as such), and the panel scores and hurdle results are illustrative.
Loading is idempotent: nothing is created twice and nothing a user changed is overwritten.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from careshift.apps.appraisal.models import (
    Appraisal,
    Criterion,
    EffectSize,
    EvidenceItem,
    HurdleResult,
    Option,
    PanelScore,
    Principle,
    Priority,
)

SOURCE = (
    "Oxfordshire Community Services Strategy: update report for the Health and Wellbeing Board, March 2022"
)
PRINCIPLES = (
    "Enable people to stay well for longer in their own homes",
    "Use digital approaches to improve health and independence",
    "Base service design on best practice, clinical evidence and user experience",
    "Deliver the locally and nationally agreed priorities for our health and care system",
    "Contribute to sustainability and the environment",
    "Maximise the positive impact on health and wellbeing for our population, within the limitations of our "
    "resources",
    "Provide a better experience for people who are seeking or receiving care in their community",
    "Ensure our use of beds in the community maximises improvements in people's long term health",
    "Ensure opportunities to improve health and wellbeing are consistent and equitable across the county",
    "Organise services so staff operate in teams with appropriate skills in buildings that enable them "
    "to work "
    "more effectively",
    "Be a great place to work for the health and social care workforce",
)
PRIORITIES = (
    ("Flexible and equitable by design", (1, 2, 3, 4, 5, 6)),
    ("Seamless from start to finish", (7, 8, 3, 4)),
    ("Locally accessed and driven", (9, 7, 10, 1, 2, 5, 6)),
    ("Delivered by an expert team", (10, 11)),
)
ILLUSTRATIVE = (
    "Illustrative: the range the sample scenario 'Care closer to home' assumes, not a figure from the source."
)
EVIDENCE = (
    (
        "Telehealth and use of secondary care",
        "Steventon A et al. (2012). Effect of telehealth on use of secondary "
        "care and mortality: findings from the Whole System Demonstrator cluster randomised trial. "
        "BMJ 344:e3874.",
        "https://www.bmj.com/content/344/bmj.e3874",
        "trial",
        "moderate",
        "Prevention for over-65s",
        ("emergency admissions avoided, over-65s", 2.0, 5.0, 8.0),
    ),
    (
        "Virtual wards: enablers for success",
        "NHS England (2022). Supporting information for ICS leads: enablers for success: virtual wards.",
        "https://www.england.nhs.uk/virtual-wards/",
        "evaluation",
        "low",
        "Virtual wards",
        ("acute admissions shifted to a virtual ward", 5.0, 8.5, 12.0),
    ),
    (
        "Intermediate care including reablement",
        "NICE (2017). Intermediate care including reablement. NICE guideline NG74.",
        "https://www.nice.org.uk/guidance/ng74",
        "review",
        "moderate",
        "Reablement after discharge",
        ("discharges shifted to reablement", 3.0, 5.0, 7.0),
    ),
    (
        "Community services strategy update",
        SOURCE + ".",
        "",
        "local_data",
        "low",
        "Community hospital step-up",
        ("admissions shifted to community hospital step-up", 2.0, 4.0, 6.0),
    ),
)


def _principles() -> None:
    for number, title in enumerate(PRINCIPLES, start=1):
        Principle.objects.get_or_create(number=number, defaults={"title": title})
    by_number = {p.number: p for p in Principle.objects.all()}
    for position, (title, numbers) in enumerate(PRIORITIES):
        priority, created = Priority.objects.get_or_create(
            title=title, defaults={"position": position, "description": f"From {SOURCE}, Appendix 1."}
        )
        if created:
            priority.principles.set([by_number[n] for n in numbers if n in by_number])


def _evidence() -> None:
    for title, citation, link, kind, grade, lever, (outcome, low, central, high) in EVIDENCE:
        item, created = EvidenceItem.objects.get_or_create(
            title=title,
            defaults={
                "citation": citation,
                "link": link,
                "kind": kind,
                "grade": grade,
                "lever_tags": lever,
                "workstream_tags": "Community services",
                "summary": ILLUSTRATIVE,
            },
        )
        if created:
            EffectSize.objects.create(
                evidence=item, outcome=outcome, unit="%", low=low, central=central, high=high
            )


CRITERIA = (
    ("Affordable", "hurdle", "panel", True, 1, ()),
    ("Cost in 2040", "weighted", "cost", False, 25, (6,)),
    ("Savings against doing nothing", "weighted", "savings", True, 20, (6, 4)),
    ("Acute beds needed", "weighted", "beds", False, 15, (8,)),
    ("Residents within 30 minutes", "weighted", "access_30", True, 15, (9,)),
    ("Over-75s within 30 minutes", "weighted", "access_75", True, 10, (9, 1)),
    ("Quality and experience of care", "weighted", "panel", True, 15, (3, 7)),
)


def _appraisal(scorer: Any) -> None:
    from careshift.apps.places import data
    from careshift.apps.scenarios.models import Scenario

    if Appraisal.objects.filter(slug="community-services-options").exists():
        return
    item = Appraisal.objects.create(
        name="Community services options (illustrative)",
        slug="community-services-options",
        illustrative=True,
        description="An ILLUSTRATIVE appraisal of three options for community services, to show the method. "
        "Panel scores and hurdle results are made up for the demonstration.",
    )
    sites = data.sites()
    hospitals = sites[sites["kind"].isin(["acute_hospital", "community_hospital"])]["code"].tolist()
    hubs = (
        sites[sites["kind"] == "gp_practice"]
        .sort_values("list_size", ascending=False)["code"]
        .head(6)
        .tolist()
    )
    scenarios = {s.slug: s for s in Scenario.objects.filter(slug__in=["do-nothing", "care-closer-to-home"])}
    options = [
        Option.objects.create(
            appraisal=item,
            name="Do nothing",
            scenario=scenarios.get("do-nothing"),
            site_codes=hospitals,
            position=0,
        ),
        Option.objects.create(
            appraisal=item,
            name="Care closer to home, today's sites",
            scenario=scenarios.get("care-closer-to-home"),
            site_codes=hospitals,
            position=1,
        ),
        Option.objects.create(
            appraisal=item,
            name="Care closer to home with six locality hubs",
            scenario=scenarios.get("care-closer-to-home"),
            site_codes=hospitals + hubs,
            position=2,
        ),
    ]
    by_number = {p.number: p for p in Principle.objects.all()}
    panel_scores = {"Quality and experience of care": (4.0, 6.0, 7.5)}
    for position, (name, kind, source, better, weight, principles) in enumerate(CRITERIA):
        criterion = Criterion.objects.create(
            appraisal=item,
            name=name,
            kind=kind,
            source=source,
            higher_is_better=better,
            weight=weight,
            weight_low=weight * 0.5,
            weight_high=weight * 1.5,
            position=position,
        )
        criterion.principles.set([by_number[n] for n in principles if n in by_number])
        for option, value in zip(options, panel_scores.get(name, ()), strict=False):
            if scorer is not None:
                PanelScore.objects.create(
                    option=option,
                    criterion=criterion,
                    scorer=scorer,
                    score=value,
                    rationale="Illustrative score for the demonstration.",
                )
        if kind == "hurdle":
            for option in options:
                HurdleResult.objects.create(
                    option=option,
                    criterion=criterion,
                    passed=True,
                    reason="Illustrative: within the system's financial envelope.",
                )


@transaction.atomic
def load(**_: Any) -> None:
    from django.contrib.auth import get_user_model

    _principles()
    _evidence()
    _appraisal(get_user_model().objects.filter(username="admin").first())
