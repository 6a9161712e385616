"""What people do in the appraisal app, each recorded in the audit log. Views call these."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify

from careshift.apps.accounts import audit
from careshift.apps.appraisal.models import (
    Analysis,
    Appraisal,
    Criterion,
    EffectSize,
    EvidenceItem,
    HurdleResult,
    Option,
    PanelScore,
    TravelMatrix,
)
from careshift.errors import NotFound


def get_appraisal(slug: str) -> Appraisal:
    try:
        return Appraisal.objects.get(slug=slug)
    except Appraisal.DoesNotExist:
        raise NotFound(f"There is no appraisal called {slug!r}.", hint="Choose one from the list.") from None


def get_in(appraisal: Appraisal, model: type[Any], pk: int) -> Any:
    try:
        return model.objects.get(appraisal=appraisal, pk=pk)
    except model.DoesNotExist:
        raise NotFound(f"{appraisal} has no {model._meta.verbose_name} number {pk}.") from None


def unique_slug(name: str) -> str:
    base = slugify(name)[:90] or "appraisal"
    slug, n = base, 2
    while Appraisal.objects.filter(slug=slug).exists() or slug in {
        "new",
        "evidence",
        "principles",
        "locations",
        "analyses",
    }:
        slug, n = f"{base}-{n}", n + 1
    return slug


def save_form(user: Any, form: Any, action: str, **extra: Any) -> Any:
    """Save a model form, recording what changed (``{field: [before, after]}``) in the audit log."""
    fields = [f for f in form.Meta.fields if f not in ("principles", "site_codes")]
    before = audit.snapshot(form.instance, fields) if form.instance.pk else {}
    obj = form.save(commit=False)
    for name, value in extra.items():
        setattr(obj, name, value)
    if "site_codes" in form.cleaned_data:
        obj.site_codes = list(form.cleaned_data["site_codes"])
    obj.save()
    form.save_m2m()
    audit.record(user, action, obj, audit.changes_between(before, audit.snapshot(obj, fields)))
    return obj


@transaction.atomic
def record_score(user: Any, option: Option, criterion: Criterion, score: float, rationale: str) -> PanelScore:
    existing = PanelScore.objects.filter(option=option, criterion=criterion, scorer=user).first()
    before = {"score": existing.score, "rationale": existing.rationale} if existing else {}
    row, _ = PanelScore.objects.update_or_create(
        option=option, criterion=criterion, scorer=user, defaults={"score": score, "rationale": rationale}
    )
    audit.record(
        user,
        "score.update" if existing else "score.create",
        row,
        audit.changes_between(before, {"score": score, "rationale": rationale}),
    )
    return row


def record_hurdle(user: Any, option: Option, criterion: Criterion, passed: bool, reason: str) -> HurdleResult:
    row, created = HurdleResult.objects.update_or_create(
        option=option, criterion=criterion, defaults={"passed": passed, "reason": reason}
    )
    audit.record(
        user,
        "hurdle.create" if created else "hurdle.update",
        row,
        {"option": option.name, "criterion": criterion.name, "passed": passed, "reason": reason},
    )
    return row


def search_evidence(query: str) -> QuerySet[EvidenceItem]:
    """Evidence matching every word of ``query``, best match first (full-text search: ``search.py``)."""
    from careshift.apps.appraisal import search

    return search.search(query)


def evidence_for_lever(name: str) -> list[EvidenceItem]:
    """Evidence items tagged with a scenario lever's name (the results page lists them)."""
    wanted = name.strip().lower()
    return [
        e
        for e in EvidenceItem.objects.filter(lever_tags__icontains=wanted)
        if wanted in (t.lower() for t in e.levers)
    ]


SENSITIVITY_DRAWS = 20_000


@transaction.atomic
def start_analysis(
    user: Any, kind: str, params: dict[str, Any], appraisal: Appraisal | None = None
) -> Analysis:
    """Record an analysis and queue its job (both or neither); a worker runs it."""
    from careshift.apps.appraisal import jobs
    from careshift.apps.jobs import services as job_services

    analysis = Analysis.objects.create(
        kind=kind, appraisal=appraisal, params=params, created_by=user if user.is_authenticated else None
    )
    job_kind = jobs.LOCATIONS if kind == Analysis.Kind.LOCATIONS else jobs.SENSITIVITY
    title = f"{analysis.get_kind_display()}{f': {appraisal}' if appraisal else ''}"
    analysis.job = job_services.enqueue(
        job_kind, {"analysis": analysis.pk}, owner=user, title=title, url=analysis.get_absolute_url()
    )
    analysis.save(update_fields=["job"])
    audit.record(user, "analysis.create", analysis, {"kind": kind, **params})
    return analysis


def get_analysis(pk: int) -> Analysis:
    try:
        return Analysis.objects.select_related("job", "appraisal").get(pk=pk)
    except Analysis.DoesNotExist:
        raise NotFound(f"There is no analysis number {pk}.", hint="Start a new one.") from None


def save_travel_matrix(
    user: Any, appraisal: Appraisal, name: str, source: str, imported: Any
) -> TravelMatrix:
    """Keep an imported travel-time matrix (already validated) for ``appraisal``; audited."""
    matrix = TravelMatrix.objects.create(
        appraisal=appraisal,
        name=name,
        source=source,
        areas=list(imported.areas),
        sites=list(imported.sites),
        minutes=[[round(float(x), 2) for x in row] for row in imported.minutes],
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    audit.record(
        user,
        "travel_matrix.import",
        matrix,
        {"appraisal": appraisal.name, "small areas": len(imported.areas), "sites": len(imported.sites)},
    )
    return matrix


def scenario_levers() -> list[tuple[str, str]]:
    """Every lever of every scenario as a choice: ("<slug>::<lever name>", "Scenario: lever")."""
    from careshift.apps.scenarios.models import Scenario

    return [
        (f"{s.slug}::{lever['name']}", f"{s.name}: {lever['name']}")
        for s in Scenario.objects.order_by("name")
        for lever in s.spec.get("levers", [])
    ]


def apply_effect(user: Any, effect: EffectSize, choice: str, target: Any) -> Any:
    """Give the chosen scenario lever the effect's range and cite the evidence; saved as a scenario
    edit (versioned and audited by the scenarios app) plus an ``evidence.apply`` audit event."""
    from careshift.apps.scenarios import services as scenarios
    from careshift.model import evidence_effects

    slug, _, name = choice.partition("::")
    scenario = scenarios.get_scenario(slug)
    levers = list(scenario.spec.get("levers", []))
    position = next((i for i, lever in enumerate(levers) if lever["name"] == name), None)
    if position is None:
        raise NotFound(f"{scenario.name} has no lever called {name!r}.", hint="Choose a lever from the list.")
    item = effect.evidence
    found = evidence_effects.Effect(
        item.pk,
        item.citation,
        item.link,
        effect.outcome,
        effect.unit,
        effect.low,
        effect.central,
        effect.high,
    )
    levers[position] = evidence_effects.apply_effect(levers[position], found, target)
    scenarios.update_scenario(
        user,
        scenario,
        name=scenario.name,
        spec={**scenario.spec, "levers": levers},
        description=scenario.description,
    )
    audit.record(
        user, "evidence.apply", item, {"scenario": scenario.name, "lever": name, "effect": str(effect)}
    )
    return scenario
