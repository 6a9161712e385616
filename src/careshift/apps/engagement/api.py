"""The engagement API (read-only): the stakeholder register without contact details, consultations with
their response counts, the themes of each question with how many answers each holds, and "you said, we
did". Personal data stays out: no names of respondents, no e-mail addresses, no response text."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Router, Schema

from careshift.apps.accounts.api_auth import require
from careshift.apps.engagement.models import Consultation, Stakeholder, Theme
from careshift.errors import NotFound

router = Router(tags=["engagement"])
VIEW = "engagement.view"


class StakeholderOut(Schema):
    id: int
    name: str
    kind: str
    category: str
    organisation: str | None
    interest: int
    influence: int
    may_contact: bool


class PhaseOut(Schema):
    name: str
    opens: datetime.date
    closes: datetime.date


class ConsultationOut(Schema):
    slug: str
    title: str
    is_open: bool
    illustrative: bool
    phases: list[PhaseOut]
    questions: int
    responses_accepted: int
    responses_held: int


class ThemeOut(Schema):
    id: int
    question: str
    name: str
    status: str
    answers_coded: int
    coded_by_machine: int
    coded_by_person: int


class ActionOut(Schema):
    description: str
    status: str
    owner: str
    due: datetime.date | None


class DecisionOut(Schema):
    board: str
    decided_on: datetime.date
    you_said: list[str]
    we_did: str
    rationale: str
    actions: list[ActionOut]


def _consultation(slug: str) -> Consultation:
    try:
        return Consultation.objects.get(slug=slug)
    except Consultation.DoesNotExist:
        raise NotFound(
            f"There is no consultation called {slug!r}.", hint="List them at /api/engagement/."
        ) from None


@router.get("/stakeholders/", response=list[StakeholderOut])
def stakeholders(request: HttpRequest, category: str = "") -> list[dict[str, Any]]:
    """The register (filter by category name); contact details are left out."""
    require(request, VIEW)
    rows = Stakeholder.objects.select_related("category", "organisation").order_by("name")
    if category:
        rows = rows.filter(category__name=category[:100])
    return [
        {
            "id": s.pk,
            "name": s.name,
            "kind": s.kind,
            "category": s.category.name,
            "organisation": s.organisation.name if s.organisation else None,
            "interest": s.interest,
            "influence": s.influence,
            "may_contact": s.may_contact,
        }
        for s in rows
    ]


@router.get("/", response=list[ConsultationOut])
def consultations(request: HttpRequest) -> list[dict[str, Any]]:
    require(request, VIEW)
    rows = Consultation.objects.prefetch_related("phases").annotate(
        n_questions=Count("questions", distinct=True),
        accepted=Count("responses", filter=Q(responses__status="accepted"), distinct=True),
        held=Count("responses", filter=Q(responses__status="held"), distinct=True),
    )
    return [
        {
            "slug": c.slug,
            "title": c.title,
            "is_open": c.is_open,
            "illustrative": c.illustrative,
            "phases": [{"name": p.name, "opens": p.opens, "closes": p.closes} for p in c.phases.all()],
            "questions": c.n_questions,
            "responses_accepted": c.accepted,
            "responses_held": c.held,
        }
        for c in rows.order_by("title")
    ]


@router.get("/{slug}/themes", response=list[ThemeOut])
def themes(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Each question's themes (merged ones left out) with how many answers each holds, and by whom."""
    require(request, VIEW)
    consultation = _consultation(slug)
    rows = (
        Theme.objects.filter(question__consultation=consultation)
        .exclude(status=Theme.Status.MERGED)
        .select_related("question")
        .annotate(
            coded=Count("codes", distinct=True),
            machine=Count("codes", filter=Q(codes__by="machine"), distinct=True),
            person=Count("codes", filter=Q(codes__by="person"), distinct=True),
        )
        .order_by("question__order", "name")
    )
    return [
        {
            "id": t.pk,
            "question": t.question.text,
            "name": t.name,
            "status": t.status,
            "answers_coded": t.coded,
            "coded_by_machine": t.machine,
            "coded_by_person": t.person,
        }
        for t in rows
    ]


@router.get("/{slug}/outcomes", response=list[DecisionOut])
def outcomes(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """ "You said, we did": each decision with the themes it answers and its actions."""
    require(request, VIEW)
    consultation = _consultation(slug)
    decisions = consultation.decisions.prefetch_related("themes", "actions").order_by("decided_on")
    return [
        {
            "board": d.board,
            "decided_on": d.decided_on,
            "you_said": [t.name for t in d.themes.all()],
            "we_did": d.summary,
            "rationale": d.rationale,
            "actions": [
                {"description": a.description, "status": a.status, "owner": a.owner, "due": a.due}
                for a in d.actions.all()
            ],
        }
        for d in decisions
    ]
