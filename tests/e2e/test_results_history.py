"""The results filters and the address stay in step in Chromium: after choosing two settings one after
the other, Back shows the first setting's address and its dropdown (issue 9)."""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest


@cache
def _small_pack() -> Any:
    from careshift.datapack.synthetic import make_pack

    return make_pack(n_areas=140, n_systems=1, seed=1)


@pytest.fixture(autouse=True)
def _synthetic_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    from careshift.apps.scenarios import engine

    monkeypatch.setattr(engine, "load_pack", _small_pack)


@pytest.fixture
def finished_run(transactional_db: None) -> Any:
    from careshift.apps.jobs import worker
    from careshift.apps.scenarios import services
    from careshift.model.scenario import sample_scenarios

    spec = sample_scenarios()["care-closer-to-home"].model_dump(mode="json")
    scenario = services.create_scenario(None, name="Care closer to home", spec=spec)
    run = services.start_run(None, scenario, iterations=4, seed=7)
    worker.run_forever(once=True)
    run.refresh_from_db()
    assert run.status == "succeeded", run.error_message
    return run


def _query(url: str, name: str) -> str | None:
    return (parse_qs(urlsplit(url).query).get(name) or [None])[0]


def test_back_after_filtering_restores_the_dropdowns_from_the_address(
    signed_in_page: Any, live_server: Any, finished_run: Any
) -> None:
    page = signed_in_page("viewer")
    page.goto(f"{live_server.url}/scenarios/runs/{finished_run.pk}/results/")
    first = page.input_value("#id_setting")
    options = page.eval_on_selector_all("#id_setting option", "os => os.map(o => o.value)")
    a, b = [o for o in options if o != first][:2]
    localities = page.eval_on_selector_all("#id_locality option", "os => os.map(o => o.value)")

    for setting in (a, b):
        with page.expect_response(lambda r: "/results/" in r.url and r.request.headers.get("hx-request")):
            page.select_option("#id_setting", setting)
        page.wait_for_function(f"() => location.search.includes('setting={setting}')")
    with page.expect_response(lambda r: "/results/" in r.url and r.request.headers.get("hx-request")):
        page.select_option("#id_locality", localities[-1])
    page.wait_for_function(f"() => location.search.includes('locality={localities[-1]}')")

    page.go_back()
    page.wait_for_function("() => !location.search.includes('locality=" + localities[-1] + "')")
    assert _query(page.url, "setting") == b
    assert page.input_value("#id_setting") == b
    assert page.input_value("#id_locality") == (_query(page.url, "locality") or localities[0])

    page.go_back()
    page.wait_for_function(f"() => location.search.includes('setting={a}')")
    assert page.input_value("#id_setting") == a

    page.go_forward()
    page.wait_for_function(f"() => location.search.includes('setting={b}')")
    assert page.input_value("#id_setting") == b
