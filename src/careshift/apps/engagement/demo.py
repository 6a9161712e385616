"""Illustrative demo data, loaded by set-up: an Oxfordshire stakeholder register and meetings matrix
taken from the 2016 engagement plan's appendix (dates moved to 2026-27), a messages framework, and
one consultation with illustrative responses. Everything is marked illustrative. Safe to call twice."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from careshift.apps.engagement.models import (
    Category,
    Consultation,
    Document,
    DocumentVersion,
    Phase,
    Question,
    Stakeholder,
)
from careshift.apps.engagement.models.stakeholders import DEFAULT_CATEGORIES
from careshift.apps.engagement.questionnaire import EQUALITY_QUESTIONS

# (name, category, interest, influence, {month offset from October: detail}) from Appendix A.
REGISTER: tuple[tuple[str, str, int, int, dict[int, str]], ...] = (
    (
        "OCCG Governing Body Workshops",
        "Commissioners",
        5,
        5,
        {0: "13", 1: "10", 2: "8", 3: "12", 4: "9", 5: "8"},
    ),
    ("System Leadership Group", "Commissioners", 5, 5, {0: "6", 1: "3", 2: "2"}),
    (
        "All OCCG Locality Meeting",
        "Commissioners",
        4,
        4,
        {0: "8", 1: "12", 2: "10", 3: "14", 4: "11", 5: "10"},
    ),
    ("Local Medical Committee Liaison Meeting", "Professional bodies", 5, 4, {0: "8"}),
    ("County Local Medical Committee", "Professional bodies", 4, 4, {1: "5"}),
    ("HOSC (Joint Health Overview and Scrutiny Committee)", "Scrutiny bodies", 5, 5, {1: "19", 4: "4"}),
    ("Health & Wellbeing Board", "Scrutiny bodies", 4, 5, {1: "5", 5: "3"}),
    ("OCC Cabinet", "Public sector partners", 4, 5, {0: "20", 1: "10", 2: "15", 3: "26", 4: "23"}),
    (
        "Oxford City Council Executive Board",
        "Public sector partners",
        3,
        4,
        {0: "15", 1: "12", 2: "17", 3: "21", 4: "11", 5: "17"},
    ),
    (
        "Cherwell District Council Executive",
        "Public sector partners",
        4,
        4,
        {0: "5", 1: "2, 30", 3: "4", 4: "1", 5: "7"},
    ),
    (
        "West Oxfordshire District Council Cabinet",
        "Public sector partners",
        3,
        3,
        {0: "14", 1: "11", 2: "9", 3: "13", 4: "10", 5: "9"},
    ),
    (
        "Public Locality Forum - North",
        "Public",
        5,
        2,
        {
            0: "20 (Public)",
            1: "24 (Steering Group)",
            3: "26 (Steering Group)",
            5: "22 (Public), 29 (Steering Group)",
        },
    ),
    (
        "Public Locality Forum - City",
        "Public",
        5,
        2,
        {0: "20 (PPG members)", 1: "2 (Core Executive), 26 (Public Event)", 2: "12 (Core Executive)"},
    ),
    ("Healthwatch Oxfordshire", "Scrutiny bodies", 5, 4, {1: "12", 3: "25"}),
    ("Oxfordshire Community and Voluntary Action", "Voluntary and community organisations", 4, 3, {}),
    ("Age UK Oxfordshire", "Voluntary and community organisations", 5, 3, {}),
    ("Carers Oxfordshire", "Voluntary and community organisations", 5, 2, {}),
    ("Community Partnership Network (incl. Keep the Horton General)", "Public", 5, 3, {2: "8"}),
    ("Oxford Health NHS FT", "Local providers", 5, 5, {}),
    ("Oxford University Hospitals NHS FT", "Local providers", 5, 5, {}),
    ("Local MPs", "Political partners", 4, 5, {}),
    ("Oxford Mail", "Media", 3, 4, {}),
    ("BBC Radio Oxford", "Media", 3, 3, {}),
)
MESSAGES = """Illustrative, from the 2016 engagement paper's overarching messages.

The Oxfordshire-wide transformation programme will look at changes to healthcare that improve services
and get value for money:

- supporting people to help themselves and prevent ill-health and hospital admissions;
- further integration of health and social care teams in the community;
- reviewing inpatient care and bringing care closer to home, when it is clinically appropriate;
- developing GP and associated services in the community."""
SAMPLE_TEXTS = (
    "Please keep the community hospital open, it means my mother can be visited by the family.",
    "Care at home is better if the carers turn up on time and are not rushed.",
    "Parking at the John Radcliffe is impossible and expensive, closer care would help.",
    "Buses from the villages are poor so any change must think about transport.",
    "I waited weeks for a GP appointment, more community services would help.",
    "Virtual wards sound good but not everyone has internet or a smartphone.",
    "The district nurses were excellent and kind when my husband came home.",
    "Worried that closing beds will mean people stuck at home without support.",
    "More support for carers please, we are exhausted and nobody listens.",
    "Mental health services for young people need to be near where they live.",
    "Good idea as long as there are enough staff to do it properly.",
    "Transport to Banbury is a real problem for older people without cars.",
)


def _register(months: list[date]) -> None:
    # the standard categories come from migration 0002, but a database flushed since (or an
    # administrator's edits) may lack some: the demonstration register needs them all
    for order, (name, description) in enumerate(DEFAULT_CATEGORIES):
        Category.objects.get_or_create(name=name, defaults={"description": description, "order": order})
    categories = {c.name: c for c in Category.objects.all()}
    for name, category, interest, influence, cells in REGISTER:
        s, _ = Stakeholder.objects.get_or_create(
            name=name,
            defaults={
                "category": categories[category],
                "interest": interest,
                "influence": influence,
                "illustrative": True,
                "kind": Stakeholder.Kind.GROUP
                if "Meeting" in name or "Forum" in name
                else Stakeholder.Kind.ORGANISATION,
                "lawful_basis": Stakeholder.LawfulBasis.PUBLIC_TASK,
            },
        )
        for offset, detail in cells.items():
            s.activities.get_or_create(month=months[offset], defaults={"detail": detail})


def _questions(c: Consultation) -> None:
    scale = Question.objects.create(
        consultation=c,
        order=1,
        key="agree",
        kind=Question.Kind.SCALE,
        text="How far do you agree with providing more care closer to home?",
        scale_labels="Strongly disagree;Strongly agree",
        required=True,
    )
    Question.objects.create(
        consultation=c,
        order=2,
        key="matters",
        kind=Question.Kind.TEXT,
        text="What matters most to you about care closer to home?",
    )
    Question.objects.create(
        consultation=c,
        order=3,
        key="why_not",
        kind=Question.Kind.TEXT,
        show_if=scale,
        show_if_values=["1", "2"],
        text="What worries you about it?",
    )
    Question.objects.create(
        consultation=c,
        order=4,
        key="services",
        kind=Question.Kind.MULTIPLE,
        text="Which services have you used in the last year?",
        options=["GP", "Community hospital", "District nursing", "Home care", "A&E"],
    )
    Question.objects.create(
        consultation=c,
        order=5,
        key="publish",
        kind=Question.Kind.PUBLISH,
        text="May we publish your answers (without your name)?",
    )
    for i, (key, text, options) in enumerate(EQUALITY_QUESTIONS[:4], start=10):
        Question.objects.create(
            consultation=c,
            order=i,
            key=key,
            kind=Question.Kind.EQUALITY,
            text=text,
            options=options,
            help="Optional: helps us check we hear from everyone.",
        )


def _responses(c: Consultation) -> None:
    from careshift.apps.engagement.models import Answer, Respondent, Response

    rng = random.Random(2016)
    matters = c.questions.get(key="matters")
    agree = c.questions.get(key="agree")
    ages, places = EQUALITY_QUESTIONS[0][2][2:9], EQUALITY_QUESTIONS[1][2][:6]
    for i in range(40):
        who = Respondent.objects.create(
            consultation=c,
            retain_until=date.today() + timedelta(days=365),
            profile={
                "age_band": rng.choices(ages, weights=[1, 1, 2, 3, 4, 5, 3])[0],
                "locality": rng.choices(places, weights=[5, 2, 1, 2, 2, 3])[0],
            },
        )
        r = Response.objects.create(
            consultation=c, respondent=who, idempotency_key=f"demo{i:04d}", may_publish=True
        )
        text = rng.choice(SAMPLE_TEXTS)
        Answer.objects.create(response=r, question=agree, number=rng.randint(2, 5))
        Answer.objects.create(response=r, question=matters, text=text, redacted_text=text)


@transaction.atomic
def load() -> None:
    if Consultation.objects.filter(slug="care-closer-to-home-illustrative").exists():
        return
    today = timezone.localdate()
    first = date(today.year if today.month >= 10 else today.year - 1, 10, 1)
    months = [
        date(first.year + (first.month + k - 1) // 12, (first.month + k - 1) % 12 + 1, 1) for k in range(6)
    ]
    _register(months)
    doc = Document.objects.create(
        title="Transformation messages framework (illustrative)", kind=Document.Kind.MESSAGES
    )
    DocumentVersion.objects.create(document=doc, number=1, body=MESSAGES, note="From the 2016 paper")
    c = Consultation.objects.create(
        slug="care-closer-to-home-illustrative",
        illustrative=True,
        title="Care closer to home in Oxfordshire (illustrative)",
        summary="An illustrative consultation on shifting care from hospital to "
        "community and home settings, after the 2016 transformation programme.",
    )
    Phase.objects.create(
        consultation=c,
        name="Public engagement",
        opens=today - timedelta(days=7),
        closes=today + timedelta(days=83),
    )
    _questions(c)
    _responses(c)
