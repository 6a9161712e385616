"""The headline panel of a results page (issue 9, 'The answer first'), through the Django test client."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from django.test import Client

from careshift.apps.scenarios import headline, services
from careshift.apps.scenarios.models import Run, RunIterations, RunSummaryRow
from careshift.model import headline as model_headline
from careshift.model.totals import IterationTotals
from careshift.site.charts.formatting import money, share
from careshift.site.charts.ranges import number_in_range, range_text

pytestmark = pytest.mark.django_db
BED_SETTINGS = ("acute_beds", "virtual_ward", "community_beds", "care_home")  # the synthetic pack's


def results(client: Client, run: Run, **query: str) -> Any:
    return client.get(f"/scenarios/runs/{run.pk}/results/", query)


def section(html: str) -> str:
    start = html.index('<section class="careshift-headline"')
    return html[start : html.index("</section>", start)]


def text(html: str) -> str:
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")
    return re.sub(r" ([,.;:])", r"\1", words)


def totals(run: Run) -> IterationTotals:
    return IterationTotals.from_bytes(bytes(RunIterations.objects.get(run=run).data))


def p50(run: Run, year: int, setting: str, measure: str) -> float:
    row = RunSummaryRow.objects.get(run=run, year=year, locality="county", setting=setting, measure=measure)
    return float(row.p50)


def with_spec(sample_spec: dict[str, Any], name: str, **changes: Any) -> Any:
    return services.create_scenario(None, name=name, spec={**sample_spec, "name": name, **changes})


def roomy(*except_: str) -> dict[str, Any]:
    """A capacity policy with beds to spare in every bed setting but ``except_``."""
    return {code: {"planned_beds": 100_000} for code in BED_SETTINGS if code not in except_}


def test_the_panel_answers_first_with_each_figure_in_words_and_its_method(
    viewer_client: Client, succeeded_run: Run
) -> None:
    response = results(viewer_client, succeeded_run)
    assert response.status_code == 200
    html = response.content.decode()
    panel = section(html)
    assert html.index('id="headline"') < html.index('id="results-charts"')  # before the charts
    assert "The answer in 2040 (the horizon year)" in panel
    for key in ("beds", "risk", "workforce", "cost", "savings"):
        assert f'id="headline-{key}"' in panel
    words = text(panel)
    cost = RunSummaryRow.objects.get(
        run=succeeded_run, year=2040, locality="county", setting="all", measure="cost"
    )
    spread = f"between {range_text(cost.p10, cost.p90, 'money', ' and ')} a year, 8 in 10 runs"
    assert f"{number_in_range(cost.p50, cost.p10, cost.p90, 'money')} a year, {spread}" in words
    needed = RunSummaryRow.objects.get(
        run=succeeded_run,
        year=2040,
        locality="county",
        setting="acute_beds",
        measure="beds_at_target_occupancy",
    )
    assert f"{number_in_range(needed.p50, needed.p10, needed.p90)} beds" in words and "Today:" in words
    assert "Against doing nothing:" in words and "median run" in words  # no do-nothing run to pair with
    assert "−0" not in words and "-0 " not in words
    # every bed setting in a table, each linking to its results
    rows = response.context["headline"].settings
    assert [r.setting for r in rows] == list(BED_SETTINGS)
    for r in rows:
        assert f'<a href="{r.url.replace("&", "&amp;")}">{r.label}</a>' in panel
    assert rows[0].against_do_nothing.endswith("(median run)")
    # every figure links to its section of the method page, and those anchors exist there
    links = set(re.findall(r'href="/scenarios/method/#([a-z0-9-]+)"', panel))
    assert len(links) >= 4
    method = viewer_client.get("/scenarios/method/").content.decode()
    for anchor in links:
        assert f'id="{anchor}"' in method, anchor


def test_the_probability_of_meeting_the_target_is_the_share_of_iterations_that_meet_it(
    viewer_client: Client, scenario: Any, run_scenario: Callable[..., Run]
) -> None:
    run = run_scenario(scenario, iterations=20)
    savings = totals(run).savings[-1]  # 2040
    target = float(np.sort(savings)[7])  # 13 of 20 iterations save at least this
    run.spec = {**run.spec, "finance": {**run.spec["finance"], "savings_target": {"2030": target}}}
    run.save(update_fields=["spec"])
    panel = headline.headline(run)
    assert panel.figures.savings is not None
    assert panel.figures.savings.p_meeting == pytest.approx(13 / 20)
    words = text(section(results(viewer_client, run).content.decode()))
    assert f"Target {money(target)}: the probability of meeting it is 65% (13 of 20 runs" in words


def test_the_year_selector_shows_another_year_and_a_bad_year_is_explained(
    viewer_client: Client, succeeded_run: Run
) -> None:
    response = results(viewer_client, succeeded_run, year="2030")
    assert response.status_code == 200
    panel = section(response.content.decode())
    assert "The answer in 2030</h2>" in panel and '<option value="2030" selected>' in panel
    wte = RunSummaryRow.objects.get(
        run=succeeded_run, year=2030, locality="county", setting="all", measure="wte_total"
    )
    assert f"{number_in_range(wte.p50, wte.p10, wte.p90)} WTE" in panel
    assert response.context["headline"].figures.workforce.median == pytest.approx(wte.p50)
    # the filters keep the year
    assert '<input type="hidden" name="year" value="2030">' in response.content.decode()

    for bad in ("1999", "abc", "2040x"):
        response = results(viewer_client, succeeded_run, year=bad)
        assert response.status_code == 400
        html = response.content.decode()
        panel = section(html)
        assert f"There are no results for &#x27;{bad}&#x27;: choose a year from 2024 to 2040." in panel
        assert "nhsuk-form-group--error" in panel and 'id="id_year-error"' in panel
        assert "The answer in 2040" in panel  # the horizon year's figures still show
        assert "Traceback" not in html


def test_a_setting_pushed_past_its_policy_is_an_alert_linking_to_it(
    viewer_client: Client, sample_spec: dict[str, Any], run_scenario: Callable[..., Run]
) -> None:
    within = run_scenario(with_spec(sample_spec, "Beds to spare", capacity=roomy()))
    assert within.status == "succeeded"
    assert 'class="nhsuk-warning-callout careshift-headline-alert"' not in section(
        results(viewer_client, within).content.decode()
    )

    overloaded = run_scenario(with_spec(sample_spec, "Virtual wards full", capacity=roomy("virtual_ward")))
    response = results(viewer_client, overloaded)
    panel = section(response.content.decode())
    alerts = response.context["headline"].alerts
    assert [a.setting for a in alerts] == ["virtual_ward"]
    risk = p50(overloaded, 2040, "virtual_ward", "p_no_bed")
    assert risk > 0.05
    assert f"Virtual ward in 2040: a {share(risk)} median risk of turning patients away" in text(panel)
    link = (
        f"/scenarios/runs/{overloaded.pk}/results/?locality=county&amp;setting=virtual_ward#chart-turn_away"
    )
    assert f'href="{link}"' in panel
    followed = viewer_client.get(link.replace("&amp;", "&").split("#")[0])
    assert followed.context["setting"] == "virtual_ward"


def test_beds_against_doing_nothing_pair_with_a_run_without_levers(
    viewer_client: Client, sample_spec: dict[str, Any], succeeded_run: Run, run_scenario: Callable[..., Run]
) -> None:
    finance = {**sample_spec["finance"], "implementation_cost": {}}
    nothing = run_scenario(
        with_spec(sample_spec, "Do nothing", levers=[], discharge={"levers": []}, finance=finance)
    )
    panel = headline.headline(succeeded_run)
    beds = panel.figures.beds[0]
    assert beds.setting == "acute_beds" and beds.do_nothing is not None and beds.do_nothing.paired
    assert beds.do_nothing.run == nothing.pk
    mine = totals(succeeded_run).values("acute_beds", "beds_at_target_occupancy")
    theirs = totals(nothing).values("acute_beds", "beds_at_target_occupancy")
    assert mine is not None and theirs is not None
    expected = model_headline.Spread.of(mine[-1] - theirs[-1])
    assert beds.do_nothing.difference.median == pytest.approx(expected.median)
    words = text(section(results(viewer_client, succeeded_run).content.decode()))
    assert f"paired with run {nothing.pk} of Do nothing" in words
    acute = next(r for r in panel.settings if r.setting == "acute_beds")
    assert acute.against_do_nothing.startswith(headline.change(expected.median))
    virtual = next(a for a in panel.alerts if a.setting == "virtual_ward")  # more virtual-ward care
    assert (
        "The scenario makes it worse than doing nothing." in virtual.text or "takes it past" in virtual.text
    )
    assert "doing nothing " in virtual.text
    # the do-nothing itself says so
    assert "this scenario has no levers, so it is the do-nothing" in text(
        section(results(viewer_client, nothing).content.decode())
    )


def test_a_filter_change_swaps_the_headline_in_beside_the_charts(
    viewer_client: Client, succeeded_run: Run
) -> None:
    response = viewer_client.get(
        f"/scenarios/runs/{succeeded_run.pk}/results/",
        {"locality": "county", "setting": "virtual_ward"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="headline" aria-labelledby="headline-title" hx-swap-oob="true"' in html
    assert "Virtual ward: beds needed in 2040" in text(html)


def test_the_api_gives_the_headline_in_words_and_numbers(
    succeeded_run: Run, token_factory: Callable[..., tuple[Any, str]]
) -> None:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_factory('viewer')[1]}"}
    url = f"/api/scenarios/runs/{succeeded_run.pk}/headline"
    body = Client().get(url, {"year": 2030}, **headers).json()
    assert body["year"] == 2030 and body["horizon"] == 2040
    assert [line["key"] for line in body["lines"]] == ["beds", "risk", "workforce", "cost", "savings"]
    cost = p50(succeeded_run, 2030, "all", "cost")
    assert body["figures"]["cost"]["median"] == pytest.approx(cost)
    assert body["figures"]["savings"]["target"] > 0
    bad = Client().get(url, {"year": 1999}, **headers)
    assert bad.status_code == 400
    error = bad.json()["error"]
    assert error["message"] == "There are no results for 1999: choose a year from 2024 to 2040."
    assert error["fields"] == {"year": "Choose a year from 2024 to 2040."}
    assert Client().get(url, {"setting": "virtual_ward"}, **headers).json()["setting"] == "virtual_ward"
    unknown = Client().get(url, {"setting": "outpatients"}, **headers)
    assert unknown.status_code == 400
    assert unknown.json()["error"]["message"] == "'outpatients' is not a bed setting."


def test_changes_and_ranges_read_in_words_never_minus_zero() -> None:
    s = model_headline.Spread
    assert headline.change(120.4) == "120 more" and headline.change(-80) == "80 fewer"
    assert headline.change(-0.3) == "no change" and headline.change(0.0) == "no change"
    assert headline.change_range(s(-160, -120, -80)) == "between 80 and 160 fewer, 8 in 10 runs"
    assert headline.change_range(s(80, 120, 160)) == "between 80 and 160 more, 8 in 10 runs"
    assert headline.change_range(s(-20, 5, 40)) == "between 20 fewer and 40 more, 8 in 10 runs"
    assert headline.change_range(s(-0.2, 0, 0.3)) == "no change in 8 in 10 runs"
    assert headline.change_span(s(-160, -120, -80)) == "80 to 160 fewer"
    assert headline.change_span(s(-0.2, 0, 0.3)) == "no change"
    assert headline.between(s(21.3e6, 30e6, 55.1e6), "money") == "between £21m and £55m, 8 in 10 runs"
    assert headline.median(s(21.3e6, 30.4e6, 55.1e6), "money", "a year") == "£30m a year"
    assert headline.between(s(-2.5e6, 1e6, 5e6), "money") == "between −£2.5m and £5.0m, 8 in 10 runs"
    assert headline.between(s(-0.0004, 0.0, 0.0003), "share") == "0.0% in 8 in 10 runs"
    assert headline.between(s(1000.2, 1000.3, 1000.4), "count", "beds") == "1,000 beds in 8 in 10 runs"
    assert headline.change_range(s(-1234, -1100, -900)) == "between 900 and 1,230 fewer, 8 in 10 runs"


def test_the_do_nothing_of_the_same_world_is_preferred_and_another_is_named(
    sample_spec: dict[str, Any], succeeded_run: Run, run_scenario: Callable[..., Run]
) -> None:
    finance = {**sample_spec["finance"], "implementation_cost": {}}
    bare = {"levers": [], "discharge": {"levers": []}, "finance": finance}
    growth = {"*": {"low": 0.02, "high": 0.03}}
    other = run_scenario(
        with_spec(sample_spec, "Faster growth, no levers", non_demographic_growth=growth, **bare)
    )
    assert headline.do_nothing_run(succeeded_run) == other
    beds = headline.headline(succeeded_run).lines[0]
    assert (
        f"paired with run {other.pk} of Faster growth, no levers, whose projection, growth or "
        "uncertainty differ" in " ".join(beds.detail)
    )

    same = run_scenario(with_spec(sample_spec, "No levers", **bare))
    other.job.finished_at = same.job.finished_at + timedelta(minutes=1)  # the other world is newer
    other.job.save(update_fields=["finished_at"])
    assert headline.do_nothing_run(succeeded_run) == same
    words = " ".join(headline.headline(succeeded_run).lines[0].detail)
    assert f"paired with run {same.pk} of No levers)." in words


def test_without_iterations_or_a_target_the_savings_say_why_there_is_no_probability(
    viewer_client: Client, sample_spec: dict[str, Any], succeeded_run: Run, run_scenario: Callable[..., Run]
) -> None:
    RunIterations.objects.filter(run=succeeded_run).delete()  # a run from before they were kept
    words = text(section(results(viewer_client, succeeded_run).content.decode()))
    assert "The chance of meeting it needs the run's per-iteration results: run the scenario again." in words
    assert "median run" in words  # beds against doing nothing fall back to the waterfall

    finance = {**sample_spec["finance"], "savings_target": {}}
    untargeted = run_scenario(with_spec(sample_spec, "No target", finance=finance))
    words = text(section(results(viewer_client, untargeted).content.decode()))
    assert "The scenario sets no savings target for 2040." in words and "probability" not in words


def test_a_run_that_cannot_give_a_headline_still_shows_its_results(
    viewer_client: Client, succeeded_run: Run
) -> None:
    succeeded_run.spec = {**succeeded_run.spec, "retired_field": 1}  # an old spec, no longer valid
    succeeded_run.save(update_fields=["spec"])
    response = results(viewer_client, succeeded_run)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f"The headline cannot be worked out for run {succeeded_run.pk}: its scenario no longer validates. "
        "Run the scenario again." in section(html)
    )
    assert 'id="results-charts"' in html and "data-vega-spec=" in html
