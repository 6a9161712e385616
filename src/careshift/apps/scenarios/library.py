"""The lever library: reusable lever templates, each a lever with its cohort, typical ranges, timing,
evidence and implementation cost, from which a scenario's levers are started.

The shipped sample scenarios' levers are the first templates (:func:`ensure_sample_templates`, run by
``careshift setup-demo``); anyone who may manage the library saves a scenario's lever as a template
(:func:`save_from_scenario`) or removes one (:func:`delete_template`), each audited. In the scenario
editor, "Add from the library" starts a new lever from a template (:func:`initial`), which the person
then adjusts: the scenario keeps its own copy, so changing the library changes no scenario.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from careshift.apps.accounts import audit
from careshift.apps.scenarios import engine
from careshift.apps.scenarios.editor import lever_initial
from careshift.apps.scenarios.models import LeverTemplate, Scenario
from careshift.errors import NotFound, ValidationError


def _costs(spec: dict[str, Any], name: str) -> tuple[float | None, float | None]:
    cost = spec.get("finance", {}).get("implementation_cost", {}).get(name, {})
    return cost.get("one_off") or None, cost.get("recurring") or None


def ensure_sample_templates() -> list[LeverTemplate]:
    """Each lever of the shipped samples as a template (idempotent: an existing name is left alone)."""
    made = []
    for sample in engine.samples().values():
        spec = sample.model_dump(mode="json")
        for lever in spec.get("levers", []):
            one_off, recurring = _costs(spec, lever["name"])
            template, _ = LeverTemplate.objects.get_or_create(
                name=lever["name"],
                defaults={
                    "lever": lever,
                    "one_off_cost": one_off,
                    "recurring_cost": recurring,
                    "source": f"Sample scenario '{spec['name']}'",
                },
            )
            made.append(template)
    return made


def get_template(pk: Any) -> LeverTemplate:
    try:
        return LeverTemplate.objects.get(pk=int(pk))
    except (TypeError, ValueError, LeverTemplate.DoesNotExist):
        raise NotFound(
            f"There is no lever template {pk!r}.", hint="Choose one from the lever library."
        ) from None


def save_from_scenario(user: Any, scenario: Scenario, lever_name: str) -> LeverTemplate:
    """The scenario's lever ``lever_name`` as a new template (its name must not be in the library)."""
    lever = next((lv for lv in scenario.spec.get("levers", []) if lv.get("name") == lever_name), None)
    if lever is None:
        raise ValidationError(
            f"'{scenario.name}' has no lever named {lever_name!r}.",
            hint="Choose one of the scenario's levers.",
            fields={"lever": "Choose one of the scenario's levers."},
        )
    if LeverTemplate.objects.filter(name__iexact=lever_name).exists():
        raise ValidationError(
            f"The library already has a lever named '{lever_name}'.",
            hint="Rename the lever in the scenario first, or remove the library's one.",
            fields={"lever": "The library already has a lever with this name."},
        )
    one_off, recurring = _costs(scenario.spec, lever_name)
    with transaction.atomic():
        template = LeverTemplate.objects.create(
            name=lever_name,
            lever=lever,
            one_off_cost=one_off,
            recurring_cost=recurring,
            source=f"Scenario '{scenario.name}'",
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        audit.record(user, "lever_template.create", template, {"scenario": scenario.slug})
    return template


def delete_template(user: Any, template: LeverTemplate) -> None:
    with transaction.atomic():
        audit.record(user, "lever_template.delete", template, {"name": template.name})
        template.delete()


def initial(template: LeverTemplate) -> dict[str, Any]:
    """The scenario editor's lever form filled in from ``template``."""
    costs = {template.name: {"one_off": template.one_off_cost, "recurring": template.recurring_cost}}
    return lever_initial({**template.lever, "name": template.name}, costs)


def scenario_levers() -> list[tuple[str, str]]:
    """``(value, label)`` choices of every scenario's levers not yet in the library: 'slug|lever name'."""
    taken = {name.casefold() for name in LeverTemplate.objects.values_list("name", flat=True)}
    return [
        (f"{scenario.slug}|{lever['name']}", f"{lever['name']} (from {scenario.name})")
        for scenario in Scenario.objects.order_by("name")
        for lever in scenario.spec.get("levers", [])
        if lever["name"].casefold() not in taken
    ]
