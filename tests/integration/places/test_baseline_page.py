"""The calibration page (/places/baseline/): the engine's table behind `careshift model baseline`, for
every role that sees the Places pages, its CSV byte for byte the CLI's, out-of-band figures in words."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Callable, Iterator

import pandas as pd
import pytest
from click.testing import CliRunner
from django.test import Client

from careshift.apps.accounts.permissions import ROLES
from careshift.apps.places import baseline
from careshift.apps.places import data as places_data
from careshift.cli import main
from careshift.datapack import load_pack
from careshift.model import baseline as engine

URLS = ("/places/baseline/", "/places/baseline/calibration.csv", "/places/baseline/method/")


@pytest.fixture(autouse=True)
def _fresh_table() -> Iterator[None]:
    baseline._table.cache_clear()
    baseline._growth.cache_clear()
    yield
    baseline._table.cache_clear()
    baseline._growth.cache_clear()


def _text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split()).replace("&amp;", "&").replace("&#x27;", "'")


def _cells(html: str) -> list[list[str]]:
    """The table's body, cell by cell, as text."""
    body = html.split('<tbody class="nhsuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    return [[_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)] for row in rows]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_that_sees_places_sees_the_calibration_table(
    client_for: Callable[[str], Client], role: str
) -> None:
    response = client_for(role).get("/places/baseline/")
    assert response.status_code == 200
    html = response.content.decode()
    expected = engine.calibration_frame(load_pack())
    cells = _cells(html)
    assert [c[0] for c in cells] == list(expected["measure"])
    for row, (_, want) in zip(cells, expected.iterrows(), strict=True):
        assert row[1:3] == [want["organisation"], want["period"]]
        if want["ratio"] == want["ratio"]:
            assert row[5] == f"{want['ratio']:.3f}"
        assert row[7] == want["source"]
    assert "All 14 figures with a band are within it." in html
    assert 'href="/places/baseline/calibration.csv"' in html
    assert 'href="/places/baseline/method/#calibration"' in html


def test_the_published_and_modelled_figures_are_the_engines(viewer_client: Client) -> None:
    cells = {c[0]: c for c in _cells(viewer_client.get("/places/baseline/").content.decode())}
    assert cells["general and acute beds occupied"][3:6] == ["966", "966", "1.000"]
    assert cells["emergency admissions"][3:5] == ["98,949", "98,949"]
    assert cells["patients not meeting the criteria to reside"][3:6] == ["185", "185", "1.000"]
    assert cells["elective admissions"][3] == "not published"
    assert "Within its band (95%-105%)" in cells["A&E attendances"][6]
    peak = cells["general and acute beds occupied, peak month"]
    assert peak[2:6] == ["2024-02", "1,018", "1,011", "0.993"] and "February index 1.047" in peak[6]


def test_the_csv_is_the_clis_byte_for_byte(viewer_client: Client) -> None:
    response = viewer_client.get("/places/baseline/calibration.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="calibration.csv"'
    cli = CliRunner().invoke(main, ["model", "baseline", "--format", "csv"])
    assert cli.exit_code == 0, cli.output
    assert response.content.decode() == cli.output
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert header == ["measure", "organisation", "period", "published", "modelled", "ratio", "source"]


def test_a_figure_out_of_band_is_said_in_words(
    viewer_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pack whose emergency admissions come out 20% high: the engine bands it, the page says so."""
    real = engine.calibration_table

    def skewed(pack):  # type: ignore[no-untyped-def]
        return [
            dataclasses.replace(r, modelled=r.modelled * 1.2) if r.measure == "emergency admissions" else r
            for r in real(pack)
        ]

    monkeypatch.setattr(engine, "calibration_table", skewed)
    html = viewer_client.get("/places/baseline/").content.decode()
    assert "1 of 14 figures out of band" in html
    said = "Out of band: the model gives 120.0% of the published figure, outside 95%-105%"
    assert html.count(said) == 2  # in the warning and in the row
    row = next(c for c in _cells(html) if c[0] == "emergency admissions")
    assert row[5] == "1.200" and said in row[6]


def test_a_pack_without_published_figures_says_so(
    viewer_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = dataclasses.replace(load_pack(), published=None)
    monkeypatch.setattr(places_data, "pack", lambda: pack)
    html = viewer_client.get("/places/baseline/").content.decode()
    assert "carries no published figures" in html and "<tbody" not in html
    text = viewer_client.get("/places/baseline/calibration.csv").content.decode()
    assert text.splitlines() == ["measure,organisation,period,published,modelled,ratio,source"]


def test_the_menu_links_the_page_and_marks_it_current(viewer_client: Client) -> None:
    html = viewer_client.get("/places/baseline/").content.decode()
    assert re.findall(r'aria-current="page">([^<]+)<', html) == ["Baseline"]
    assert re.findall(r'aria-current="page">([^<]+)<', viewer_client.get("/places/").content.decode()) == [
        "Places"
    ]


def test_the_method_page_renders_the_background_doc(viewer_client: Client) -> None:
    response = viewer_client.get("/places/baseline/method/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="baseline-calibration-and-demography">' in html
    assert '<h2 id="demography">Demography</h2>' in html and '<table class="nhsuk-table">' in html
    assert 'href="method.md"' not in html and "method.md" in html  # other files: text, not dead links


def test_anonymous_is_sent_to_sign_in(client: Client, db: None) -> None:
    for url in URLS:
        assert client.get(url).status_code == 302, url


def test_the_page_reads_the_same_frame_the_cli_prints() -> None:
    """No copy of the engine's logic: the page's table is calibration_frame of the site's pack."""
    pd.testing.assert_frame_equal(baseline.table(), engine.calibration_frame(places_data.pack()))


def test_the_method_is_one_click_away_and_its_anchors_exist(viewer_client: Client) -> None:
    """The page links the calibration method and the model's method page at their sections; both
    anchors are headings on the pages they point to (a renamed heading fails here)."""
    html = viewer_client.get("/places/baseline/").content.decode()
    links = re.findall(r'href="(/(?:places/baseline|scenarios)/method/)#([\w-]+)"', html)
    assert ("/places/baseline/method/", "calibration") in links
    assert ("/scenarios/method/", "today-the-base-year-and-its-calibration-baseline-py") in links
    for url, anchor in set(links):
        page = viewer_client.get(url)
        assert page.status_code == 200, url
        assert f'id="{anchor}"' in page.content.decode(), f"{url} has no #{anchor}"
    method = viewer_client.get("/places/baseline/method/").content.decode()
    assert 'href="/scenarios/method/#today-the-base-year-and-its-calibration-baseline-py"' in method
    assert '<h3 id="modelled-against-published-2023-24">' in method and "1,011" in method


def test_the_growth_check_is_on_the_page_with_the_engines_figures(viewer_client: Client) -> None:
    """OUH's published trend beside the model's demographic change (model.growth_check), in words."""
    from careshift.model.growth_check import growth_check

    html = viewer_client.get("/places/baseline/").content.decode()
    assert 'id="growth-check"' in html and 'href="/places/baseline/method/#growth-check"' in html
    body = html.split('<tbody class="nhsuk-table__body" id="growth-rows">', 1)[1].split("</tbody>", 1)[0]
    rows = [
        [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, flags=re.S)]
        for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    ]
    found = growth_check(load_pack())
    assert [r[0] for r in rows] == [g.measure for g in found]
    admissions = rows[1]
    assert admissions == ["emergency admissions", "90,379", "98,949", "108,564", "+9.5%", "+9.7%", "+2.1%"]
    assert "Model, demography 2023 to 2024" in html and "Change to 2024-25" in html
