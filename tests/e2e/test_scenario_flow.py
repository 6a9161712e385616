"""The scenario journey in headless Chromium: sign in, create a scenario with two levers, run it and
watch its progress, read the results (a chart drawn), compare with do-nothing, download the XLSX."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import cache
from typing import Any

import openpyxl
import pytest

ITERATIONS = "4"


@cache
def _small_pack() -> Any:
    from careshift.datapack.synthetic import make_pack

    return make_pack(n_areas=140, n_systems=1, seed=1)


@pytest.fixture(autouse=True)
def _synthetic_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    from careshift.apps.scenarios import engine

    monkeypatch.setattr(engine, "load_pack", _small_pack)


@pytest.fixture
def do_nothing(transactional_db: None) -> Any:
    """The do-nothing sample with a finished run, as `careshift serve` leaves it."""
    from careshift.apps.jobs import worker
    from careshift.apps.scenarios import services
    from careshift.apps.scenarios.models import Scenario

    services.ensure_sample_scenarios(run=True, iterations=int(ITERATIONS))
    worker.run_forever(once=True)
    return Scenario.objects.get(slug="do-nothing")


@pytest.fixture
def worker_thread(transactional_db: None) -> Iterator[threading.Thread]:
    """A worker running `run_forever` against the live server's database, as `careshift serve` does."""
    from careshift.apps.jobs import worker

    stop = threading.Event()
    thread = threading.Thread(
        target=worker.run_forever, kwargs={"poll_seconds": 0.2, "stop": stop}, daemon=True
    )
    yield thread
    stop.set()
    if thread.is_alive():
        thread.join(timeout=30)


def _add_lever(page: Any, index: int, name: str, **fields: str) -> None:
    page.click("#add-lever")
    page.locator(f"#id_levers-{index}-name").wait_for()
    page.fill(f"#id_levers-{index}-name", name)
    page.select_option(f"#id_levers-{index}-kind", fields.pop("kind"))
    page.check(f"input[name='levers-{index}-activities'][value='unplanned_admission']")
    page.select_option(f"#id_levers-{index}-min_age", "65")
    for field, value in fields.items():
        selector = f"#id_levers-{index}-{field}"
        if page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)


def test_create_run_read_compare_and_download(
    analyst_page: Any, live_server: Any, do_nothing: Any, worker_thread: threading.Thread, tmp_path: Any
) -> None:
    page, url = analyst_page, live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{url}/scenarios/")
    page.click("text=Create a scenario")
    page.fill("#id_name", "Virtual wards and prevention")
    _add_lever(
        page,
        0,
        "Prevention",
        kind="avoid",
        share_low="2",
        share_high="6",
        start_year="2026",
        full_effect_year="2030",
    )
    _add_lever(
        page,
        1,
        "Virtual wards",
        kind="shift",
        share_low="5",
        share_high="12",
        to_activity="virtual_ward_admission",
        start_year="2026",
        full_effect_year="2029",
    )
    # each lever shows only its kind's fields, and its summary follows what is typed
    assert page.is_hidden("#id_levers-0-to_activity") and page.is_visible("#id_levers-1-to_activity")
    assert page.is_hidden("#id_levers-1-los_change_low")
    assert "Virtual wards — shift, 5%–12%" in page.inner_text("#lever-1 summary")
    page.click("button:has-text('Save scenario')")
    page.wait_for_url(f"{url}/scenarios/virtual-wards-and-prevention/")
    assert "Prevention" in page.inner_text("main") and "Virtual wards" in page.inner_text("main")

    page.click("summary:has-text('Run settings')")
    page.fill("#id_iterations", ITERATIONS)
    page.click("button:has-text('Run this scenario')")
    page.wait_for_url(f"{url}/scenarios/runs/*/")
    assert page.get_attribute("#run-progress", "data-status") == "queued"
    worker_thread.start()  # the page polls: its status changes without a reload
    page.locator("#run-progress[data-status=succeeded]").wait_for(timeout=60_000)

    page.click("text=See the results")
    chart = page.locator("#chart-activity .careshift-chart[data-vega-state=rendered]")
    chart.wait_for(timeout=30_000)
    assert chart.locator("svg").count() >= 1
    page.select_option("#id_locality", "loc0001")
    page.locator("#chart-activity .careshift-chart[data-vega-state=rendered]").wait_for(timeout=30_000)

    with page.expect_download() as download_info:
        page.click("#download-xlsx")
    path = tmp_path / "results.xlsx"
    download_info.value.save_as(path)
    assert openpyxl.load_workbook(path, read_only=True).sheetnames == [
        "summary",
        "waterfall",
        "levers",
        "assumptions",
        "metadata",
    ]

    page.goto(f"{url}/scenarios/compare/")
    page.check(f"input[name=scenarios][value='{do_nothing.slug}']")
    page.check("input[name=scenarios][value='virtual-wards-and-prevention']")
    page.select_option("#id_measure", "activity")
    page.select_option("#id_setting", "acute_beds")
    page.click("button:has-text('Compare')")
    page.locator("#chart-compare .careshift-chart[data-vega-state=rendered]").wait_for(timeout=30_000)
    assert "Virtual wards and prevention" in page.inner_text("#compare-table")
    assert errors == []
