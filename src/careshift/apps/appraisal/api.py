"""The appraisal API: appraisals with their ranking, and the evidence bank (read-only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from careshift.apps.accounts.api_auth import require
from careshift.apps.appraisal import scoring, services
from careshift.apps.appraisal.models import Appraisal, EvidenceItem

router = Router(tags=["appraisal"])


class AppraisalOut(Schema):
    slug: str
    name: str
    method: str
    horizon_year: int
    travel_basis: str
    options: list[str]
    criteria: list[str]


class RankedOption(Schema):
    option: str
    rank: int
    score: float
    first_in_share_of_draws: float


class EffectOut(Schema):
    outcome: str
    unit: str
    low: float
    central: float
    high: float


class EvidenceOut(Schema):
    id: int
    title: str
    citation: str
    link: str
    kind: str
    grade: str
    levers: list[str]
    effects: list[EffectOut]


def _appraisal(a: Appraisal) -> dict[str, Any]:
    return {
        "slug": a.slug,
        "name": a.name,
        "method": a.method,
        "horizon_year": a.horizon_year,
        "travel_basis": a.travel_basis,
        "options": [o.name for o in a.options.all()],
        "criteria": [c.name for c in a.criteria.all()],
    }


@router.get("/", response=list[AppraisalOut])
def list_appraisals(request: HttpRequest) -> list[dict[str, Any]]:
    require(request, "view")
    return [_appraisal(a) for a in Appraisal.objects.prefetch_related("options", "criteria")]


@router.get("/{slug}/ranking", response=list[RankedOption])
def ranking(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The ranking of the options that pass every hurdle (empty while scores are missing)."""
    require(request, "view")
    item = services.get_appraisal(slug)
    result = scoring.rank(item, scoring.score_table(item))
    if result is None:
        return []
    return [
        {
            "option": o.name,
            "rank": r,
            "score": v,
            "first_in_share_of_draws": float(result.acceptability[i, 0]),
        }
        for i, (o, v, r) in enumerate(zip(result.options, result.values, result.ranks, strict=True))
    ]


@router.get("/evidence/", response=list[EvidenceOut])
def evidence(request: HttpRequest, q: str = "") -> list[dict[str, Any]]:
    require(request, "view")
    items = services.search_evidence(q[:200]) if q else EvidenceItem.objects.prefetch_related("effects")
    return [
        {
            "id": e.pk,
            "title": e.title,
            "citation": e.citation,
            "link": e.link,
            "kind": e.kind,
            "grade": e.grade,
            "levers": e.levers,
            "effects": [
                {"outcome": f.outcome, "unit": f.unit, "low": f.low, "central": f.central, "high": f.high}
                for f in e.effects.all()
            ],
        }
        for e in items
    ]
