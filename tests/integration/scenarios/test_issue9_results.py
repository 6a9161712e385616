"""Results-side faults from issue 9 (run settings, lever errors, progress, audit wording, navigation),
each reproduced through the Django test client before it was fixed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from careshift.apps.scenarios.models import Run, Scenario

pytestmark = pytest.mark.django_db


def test_a_bad_iteration_count_is_shown_beside_the_field_and_keeps_what_was_typed(
    analyst_client: Client, scenario: Scenario
) -> None:
    response = analyst_client.post(
        f"/scenarios/{scenario.slug}/run/", {"iterations": "0", "seed": "12345", "executor": "local"}
    )
    assert response.status_code == 400  # refused, but the page is the form, not a dead-end error page
    html = response.content.decode()
    assert response.context["run_form"].errors["iterations"]
    assert 'id="id_iterations-error"' in html and "nhsuk-form-group--error" in html
    assert 'value="0"' in html and 'value="12345"' in html
    assert '<details class="nhsuk-details" open' in html  # the settings are not hidden away
    assert not Run.objects.filter(scenario=scenario).exists()


def test_a_lever_share_is_typed_as_a_percentage_and_its_error_reads_in_words_beside_it(
    analyst_client: Client, scenario: Scenario
) -> None:
    from tests.integration.scenarios.test_forms import form_data

    url = f"/scenarios/{scenario.slug}/edit/"
    page = analyst_client.get(url).content.decode()
    low = scenario.spec["levers"][0]["share"]["low"]
    assert f'name="levers-0-share_low" value="{low * 100:g}"' in page  # shown as a percentage
    response = analyst_client.post(url, form_data(scenario.spec, **{"levers-0-share_high": "1000"}))
    assert response.status_code == 200
    errors = response.context["editor"].levers.forms[0].errors["share_high"]
    assert errors == ["Share of activity: 1000% is more than 100%; it must be between 0% and 100%."]
    html = response.content.decode()
    assert 'id="id_levers-0-share_high-error"' in html and 'value="1000"' in html
    assert "levers[0]" not in html and "is more than 1;" not in html  # no engine path or fraction
    assert Scenario.objects.get(pk=scenario.pk).spec == scenario.spec

    response = analyst_client.post(url, form_data(scenario.spec, **{"levers-0-share_high": "10"}))
    assert response.status_code == 302  # 10 means 10%
    assert Scenario.objects.get(pk=scenario.pk).spec["levers"][0]["share"]["high"] == pytest.approx(0.1)


def test_a_lever_low_above_its_high_is_explained_in_percentages(
    analyst_client: Client, scenario: Scenario
) -> None:
    from tests.integration.scenarios.test_forms import form_data

    changes = {"levers-0-share_low": "20", "levers-0-share_mode": "", "levers-0-share_high": "10"}
    response = analyst_client.post(f"/scenarios/{scenario.slug}/edit/", form_data(scenario.spec, **changes))
    errors = response.context["editor"].levers.forms[0].errors["share_low"]
    assert errors == ["Share of activity: the low (20%) is more than the high (10%); swap them."]


def test_growth_is_typed_as_a_percentage_a_year_with_its_error_beside_it(
    analyst_client: Client, scenario: Scenario
) -> None:
    from tests.integration.scenarios.test_forms import form_data

    url = f"/scenarios/{scenario.slug}/edit/"
    assert scenario.spec["non_demographic_growth"]["*"]["high"] == pytest.approx(0.01)
    page = analyst_client.get(url).content.decode()
    assert 'name="growth_high" value="1"' in page  # 1% a year, not 0.01
    assert "0.005 for 0.5%" not in page and "e.g. 0.5 for 0.5% a year" in page

    response = analyst_client.post(url, form_data(scenario.spec, growth_low="0.5", growth_high="2"))
    assert response.status_code == 302  # 2 means 2% a year (it was refused as 'more than 0.5')
    growth = Scenario.objects.get(pk=scenario.pk).spec["non_demographic_growth"]["*"]
    assert (growth["low"], growth["high"]) == (pytest.approx(0.005), pytest.approx(0.02))

    scenario.refresh_from_db()
    response = analyst_client.post(url, form_data(scenario.spec, growth_high="60"))
    assert response.status_code == 200
    errors = response.context["editor"].scenario.errors
    assert errors["growth_high"] == [
        "60% is outside the range this accepts: give a percentage from -50 to 50. E.g. 0.5 for 0.5% a year."
    ]
    html = response.content.decode()
    assert 'id="id_growth_high-error"' in html and 'value="60"' in html
    assert "non_demographic_growth" not in html and "is a fraction" not in html  # no engine words

    response = analyst_client.post(url, form_data(scenario.spec, growth_low="3", growth_high="1"))
    assert response.context["editor"].scenario.errors["growth_low"] == [
        "Growth a year: the low (3%) is more than the high (1%); swap them."
    ]
    assert 'id="id_growth_low-error"' in response.content.decode()


def test_a_running_run_never_shows_100_percent_and_says_when_it_is_summarising(
    viewer_client: Client, scenario: Scenario
) -> None:
    from careshift.apps.jobs.models import Job
    from careshift.apps.scenarios import services

    run = services.start_run(None, scenario, iterations=100_000)
    Job.objects.filter(pk=run.job_id).update(status="running", done=99_999, total=100_000)
    html = viewer_client.get(f"/scenarios/runs/{run.pk}/progress/").content.decode()
    assert "99999 of 100000 iterations (99%)" in html and "100%)" not in html
    Job.objects.filter(pk=run.job_id).update(done=100_000, message="Summarising the results")
    html = viewer_client.get(f"/scenarios/runs/{run.pk}/progress/").content.decode()
    assert "(99%)" in html and "100%)" not in html and ">100%<" not in html
    assert "Summarising the results" in html and 'hx-trigger="every 1s"' in html
    assert '<progress id="run-bar" max="100" value="99"' in html


def test_the_worker_reports_the_summarising_stage_before_it_stores_the_results(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    from careshift.apps.jobs import worker
    from careshift.apps.jobs.models import Job
    from careshift.apps.scenarios import services

    seen: list[tuple[str, int, str]] = []
    store = services.store_results

    def watching(run: Run, *args: Any, **kwargs: Any) -> None:
        job = Job.objects.get(pk=run.job_id)
        seen.append((job.status, job.percent, job.message))
        store(run, *args, **kwargs)

    monkeypatch.setattr(services, "store_results", watching)
    run = services.start_run(None, scenario, iterations=4, seed=7)
    worker.run_forever(once=True)
    assert seen == [("running", 99, "Summarising the results")]
    run.refresh_from_db()
    assert (run.status, run.percent) == ("succeeded", 100)


@pytest.fixture
def pack_with_estimates(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The small synthetic pack with three labelled estimates (two with a range, one without)."""
    import dataclasses

    from careshift.apps.scenarios import engine
    from careshift.datapack.pack import Estimate, Source
    from tests.integration.scenarios.conftest import small_pack

    nice = Source("NICE NG94 (2022)", url="https://www.nice.org.uk/guidance/ng94")
    guess = Source("careshift assumptions", assumption=True, basis="A national average, widened.")
    pack = dataclasses.replace(
        small_pack(),
        estimates={
            "rates:unplanned_admission": Estimate(1.0, 0.8, 1.25, nice),
            "unit_costs:unplanned_admission": Estimate(2000.0, 1500.0, 2600.0, guess),
            "settings:acute_beds": Estimate(0.92, source=nice),
        },
    )
    monkeypatch.setattr(engine, "load_pack", lambda: pack)
    return pack


def test_the_method_page_lists_every_assumption_with_its_source_and_range(
    viewer_client: Client, pack_with_estimates: Any
) -> None:
    pack = pack_with_estimates
    response = viewer_client.get("/scenarios/method/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "How this is calculated" in html and 'id="8-monte-carlo-and-seeding' in html  # the method
    assert f"Data pack {pack.name} (version {pack.version}): 3 labelled estimates" in html
    rows = {a.key: a for a in response.context["assumptions"]}
    assert list(rows) == sorted(pack.estimates)
    rate = rows["rates:unplanned_admission"]
    assert (rate.value, rate.low, rate.high) == ("1", "0.8", "1.25")
    assert rate.use == "Drawn from its range in each iteration."
    assert '<a href="https://www.nice.org.uk/guidance/ng94">NICE NG94 (2022)</a>' in html
    assert "A national average, widened." in html and "Assumption</strong>" in html
    assert rows["unit_costs:unplanned_admission"].what.startswith("Unit cost: ")
    assert (rows["settings:acute_beds"].low, rows["settings:acute_beds"].use[:15]) == ("", "Target occupanc")


def test_every_results_page_links_the_method_and_a_run_lists_what_it_used(
    viewer_client: Client, pack_with_estimates: Any, scenario: Scenario, run_scenario: Any
) -> None:
    run = run_scenario(scenario)
    assert run.status == "succeeded", run.error_message
    results = viewer_client.get(f"/scenarios/runs/{run.pk}/results/").content.decode()
    assert 'href="/scenarios/method/" id="method-link"' in results
    assert f'href="/scenarios/runs/{run.pk}/#assumptions"' in results
    page = viewer_client.get(f"/scenarios/runs/{run.pk}/")
    html = page.content.decode()
    pack = pack_with_estimates
    assert f"Data pack {pack.name}, version {pack.version}" in html
    assert "The 3 assumptions" in html and "NICE NG94 (2022)" in html
    uses = {a.key: a.use for a in page.context["assumptions"]}
    assert uses["unit_costs:unplanned_admission"] == "Drawn from its range in each iteration."


def test_a_run_lists_every_assumption_of_its_scenario_as_it_was_run(
    viewer_client: Client, succeeded_run: Run
) -> None:
    from careshift.apps.scenarios import services

    scenario = succeeded_run.scenario
    levers = [dict(lever) for lever in scenario.spec["levers"]]
    assert levers[1]["name"] == "Virtual wards"
    levers[1]["share"] = {"low": 0.2, "high": 0.3}
    spec = {**scenario.spec, "levers": levers, "non_demographic_growth": {}}
    services.update_scenario(None, scenario, name=scenario.name, description="", spec=spec)
    html = viewer_client.get(f"/scenarios/runs/{succeeded_run.pk}/").content.decode()
    table = html[html.index('id="run-scenario"') : html.index("</table>", html.index('id="run-scenario"'))]
    assert "Lever: Virtual wards" in table and "5% to 12% of the cohort" in table  # the run's, not the edit
    assert "20% to 30%" not in table
    assert "From 2026, full effect by 2029" in table and "0.8 to 1 units of " in table
    assert "Plan at 92% occupancy" in table and "£10m by 2027, £30m by 2030, £50m by 2035" in table
    assert "Growth beyond demography" in table and "0% to 1%" in table
    assert "Horizon year" in table and "Population projection" in table and "Illustrative" in table


def test_the_footer_links_the_projects_addresses_from_its_package_metadata(viewer_client: Client) -> None:
    import tomllib
    from pathlib import Path

    from careshift.site.context_processors import project_urls

    declared = tomllib.loads((Path(__file__).parents[3] / "pyproject.toml").read_text())["project"]["urls"]
    assert set(declared) == {"Homepage", "Source", "Documentation"}
    assert project_urls() == declared  # read from the installed package's Project-URL metadata
    html = viewer_client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert 'href="https://github.com/"' not in footer
    # the docs page in the app (the README names no repository) is linked within this site
    assert '<a class="nhsuk-footer__list-item-link" href="/scenarios/method/">Documentation</a>' in footer
