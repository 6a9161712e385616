"""An evidence item's effect size becomes a scenario lever's range, cited on the lever; refusals in words."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from careshift.apps.accounts.models import AuditEvent
from careshift.apps.appraisal.models import Appraisal, EffectSize
from careshift.apps.scenarios.models import Scenario
from careshift.model.evidence_effects import evidence_id


def _effect() -> EffectSize:
    effect = EffectSize.objects.filter(unit="%").select_related("evidence").first()
    assert effect is not None
    return effect


def test_an_effect_becomes_the_levers_range_and_citation(
    demo: Appraisal, client_for: Callable[[str], Client]
) -> None:
    effect = _effect()
    analyst = client_for("analyst")
    page = analyst.get(effect.evidence.get_absolute_url()).content.decode()
    assert "Use an effect in a scenario" in page and "Care closer to home: Prevention for over-65s" in page
    response = analyst.post(
        f"/appraisal/evidence/{effect.evidence.pk}/apply/",
        {"effect": effect.pk, "lever": "care-closer-to-home::Prevention for over-65s", "target": "share"},
    )
    assert response.status_code == 302
    scenario = Scenario.objects.get(slug="care-closer-to-home")
    lever = next(x for x in scenario.spec["levers"] if x["name"] == "Prevention for over-65s")
    assert lever["share"]["low"] == pytest.approx(effect.low / 100)
    assert lever["share"]["mode"] == pytest.approx(effect.central / 100)
    assert lever["share"]["high"] == pytest.approx(effect.high / 100)
    assert evidence_id(lever["evidence"][-1]) == effect.evidence.pk
    assert AuditEvent.objects.filter(action="evidence.apply").count() == 1
    assert AuditEvent.objects.filter(action="scenario.update").count() == 1


def test_an_effect_that_cannot_apply_is_refused_beside_the_form(
    demo: Appraisal, client_for: Callable[[str], Client]
) -> None:
    effect = _effect()
    before = Scenario.objects.get(slug="care-closer-to-home").spec
    response = client_for("analyst").post(
        f"/appraisal/evidence/{effect.evidence.pk}/apply/",
        {"effect": effect.pk, "lever": "care-closer-to-home::Shorter acute stays", "target": "share"},
    )
    assert response.status_code == 400
    assert "efficiency lever and has no share" in response.content.decode()
    assert Scenario.objects.get(slug="care-closer-to-home").spec == before


def test_only_scenario_editors_apply_evidence(demo: Appraisal, client_for: Callable[[str], Client]) -> None:
    effect = _effect()
    url = f"/appraisal/evidence/{effect.evidence.pk}/apply/"
    data = {"effect": effect.pk, "lever": "care-closer-to-home::Prevention for over-65s", "target": "share"}
    assert client_for("viewer").post(url, data).status_code == 403
    assert (
        "Use an effect in a scenario"
        not in client_for("viewer").get(effect.evidence.get_absolute_url()).content.decode()
    )


def test_the_results_page_says_which_evidence_each_lever_rests_on(
    demo: Appraisal, client_for: Callable[[str], Client]
) -> None:
    from tests.integration.appraisal.conftest import MEDIANS, _finished_run

    effect = _effect()
    analyst = client_for("analyst")
    analyst.post(
        f"/appraisal/evidence/{effect.evidence.pk}/apply/",
        {"effect": effect.pk, "lever": "care-closer-to-home::Prevention for over-65s", "target": "share"},
    )
    run = _finished_run(Scenario.objects.get(slug="care-closer-to-home"), MEDIANS["care-closer-to-home"])
    html = analyst.get(f"/scenarios/runs/{run.pk}/results/").content.decode()
    assert "What these results rest on" in html
    assert f'href="/appraisal/evidence/{effect.evidence.pk}/"' in html
    section = html[html.index('id="evidence"') :]
    for lever in run.spec["levers"]:  # every lever is listed, cited or not
        assert f'<dt class="nhsuk-summary-list__key">{lever["name"]}</dt>' in section
