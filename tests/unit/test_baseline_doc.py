"""Docs are tested code: every number of docs/background/baseline.md's calibration section (the shares,
the factors, the table of modelled against published 2023-24 figures, the growth check) is recomputed
from the shipped data pack and the engine, so a change to either that moves a figure fails here until
the doc is updated. The doc must also keep every figure the engine compares (none dropped)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from careshift.datapack import DataPack, load_pack
from careshift.model.baseline import band_status, calibration_table, today_acute_beds
from careshift.model.growth_check import growth_check
from careshift.model.seasonality import seasonality

DOC = Path(__file__).resolve().parents[2] / "docs" / "background" / "baseline.md"


@pytest.fixture(scope="module")
def pack() -> DataPack:
    return load_pack()


def _section(heading: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    parts = text.split(f"\n{heading}\n", 1)
    assert len(parts) == 2, f"{DOC.name} has no {heading!r}"
    return re.split(r"\n#{2,3} ", parts[1], maxsplit=1)[0]


def _tables(section: str) -> list[list[list[str]]]:
    """Each table of ``section``: its body rows, cell by cell (markdown backticks removed)."""
    blocks = re.findall(r"(?:^\|.*\n?)+", section, flags=re.M)
    assert blocks, "no table"
    return [
        [
            [c.strip().replace("`", "") for c in line.strip().strip("|").split("|")]
            for line in block.splitlines()[2:]
        ]
        for block in blocks
    ]


def _rows(section: str) -> list[list[str]]:
    return _tables(section)[0]


def number(value: float | None) -> str:
    """As the CLI's table and the Baseline page: three decimals below 10, else whole with commas."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.0f}"


def test_the_calibration_table_is_the_engines(pack: DataPack) -> None:
    doc = {(r[0], r[1]): r for r in _rows(_section("### Modelled against published, 2023-24"))}
    compared = [r for r in calibration_table(pack) if r.published is not None and r.modelled is not None]
    want = {
        (r.measure, r.organisation): [
            r.measure,
            r.organisation,
            r.period,
            number(r.published),
            number(r.modelled),
            f"{r.ratio:.3f}",
            band_status(r),
        ]
        for r in compared
    }
    missing = sorted(set(want) - set(doc))
    assert not missing, f"{DOC.name} leaves out figures the engine compares: {missing}"
    extra = sorted(set(doc) - set(want))
    assert not extra, f"{DOC.name} has rows the engine does not compute: {extra}"
    drift = {key: (doc[key], row) for key, row in want.items() if doc[key] != row}
    assert not drift, f"{DOC.name}'s calibration table drifted from the engine (doc, engine): {drift}"


def test_the_shares_and_factors_are_the_packs(pack: DataPack) -> None:
    assert pack.published is not None
    cal = pack.published.calibration.set_index(["measure", "organisation"])
    flows = _rows(_section("### Method"))
    by_flow = {
        "OUH (RTH) A&E attendances": ("A&E attendances", "RTH"),
        "Oxford Health (RNU) minor injury units": ("A&E attendances, minor injury units", "RNU"),
        "OUH admissions and G&A beds": ("emergency admissions", "RTH"),
    }
    assert [r[0] for r in flows] == list(by_flow)
    for row in flows:
        r = cal.loc[by_flow[row[0]]]
        s, c = r["resident_share"], r["trust_share"]
        assert row[1] == f"{s:.2f} ({r['resident_share_low']:.2f}-{r['resident_share_high']:.2f})"
        assert row[2] == f"{c:.2f} ({r['trust_share_low']:.2f}-{r['trust_share_high']:.2f})"
        assert row[3] == f"{c / s:.3f}"
    factors = _tables(_section("### Method"))[1]
    keys = [
        ("A&E attendances", "RTH"),
        ("A&E attendances, minor injury units", "RNU"),
        ("emergency admissions", "RTH"),
        ("adult general and acute beds occupied", "RTH"),
        ("paediatric general and acute beds occupied", "RTH"),
    ]
    assert len(factors) == len(keys)
    for row, key in zip(factors, keys, strict=True):
        r = cal.loc[key]
        assert row[2:5] == [f"{r['published']:,.0f}", f"{r['uncalibrated']:,.0f}", f"{r['factor']:.3f}"], key


def test_the_numbers_in_the_method_steps_are_the_engines(pack: DataPack) -> None:
    text = " ".join(_section("### Method").split())
    assert pack.published is not None
    available = pack.published.mean("beds_monthly", "ga_available", "RTH", "2023-24")
    assert f"({available:,.1f})" in text
    assert f"`{available:,.1f} x s / c = {round(today_acute_beds(pack) or 0):,}`" in text
    feb = seasonality(pack).occupancy[1]
    assert f"February, index {feb:.3f}" in text
    share = pack.estimates["discharge:resident_share"]
    assert f"(`discharge:resident_share`, {share.value:.2f}, range {share.low:.2f}-{share.high:.2f})" in text


def test_the_growth_check_is_the_engines(pack: DataPack) -> None:
    section = _section("### Growth check")
    header = next(line for line in section.splitlines() if line.startswith("| measure"))
    years = [c.strip() for c in header.strip("|").split("|")][1:4]
    rows = _rows(section)
    found = growth_check(pack)
    assert [r[0] for r in rows] == [f.measure for f in found]
    for row, f in zip(rows, found, strict=True):
        assert list(f.published) == years
        assert row[1:4] == [number(f.published[y]) for y in years], f.measure
        assert row[4:7] == [
            f"{f.change(years[0], years[1]):+.1%}",
            f"{f.change(years[1], years[2]):+.1%}",
            f"{f.demographic_change:+.1%}",
        ], f.measure


def test_the_delayed_share_is_explained_with_the_engines_numbers(pack: DataPack) -> None:
    text = " ".join(_section("### Modelled against published, 2023-24").split())
    assert pack.published is not None
    pub = pack.published
    waiting = pub.mean("discharges_daily", "not_meeting_criteria_to_reside", "RTH", "2023-24")
    occupied = pub.mean("beds_monthly", "ga_occupied", "RTH", "2023-24")
    s = pack.estimates["discharge:resident_share"].value
    cal = pub.calibration.set_index(["measure", "organisation"]).loc[("emergency admissions", "RTH")]
    s_beds, c = cal["resident_share"], cal["trust_share"]
    assert f"{waiting:.1f} x {s:.2f} / {c:.2f} = {waiting * s / c:.1f}" in text
    assert f"{occupied:.1f} x {s_beds:.2f} / {c:.2f} = {occupied * s_beds / c:.1f}" in text
    share = next(r for r in calibration_table(pack) if r.measure.startswith("share of general and acute"))
    assert f"is {share.modelled:.3f}, OUH's {share.published:.3f} times {s:.2f} / {s_beds:.2f}" in text


def test_the_method_pages_todays_beds_are_the_engines(pack: DataPack) -> None:
    method = " ".join((DOC.parent / "method.md").read_text(encoding="utf-8").split())
    assert pack.published is not None
    available = pack.published.mean("beds_monthly", "ga_available", "RTH", "2023-24")
    cal = pack.published.calibration.set_index(["measure", "organisation"]).loc[
        ("emergency admissions", "RTH")
    ]
    s, c = cal["resident_share"], cal["trust_share"]
    today = round(today_acute_beds(pack) or 0)
    assert f"{available:,.1f} beds available in 2023-24 x {s:.2f} / {c:.2f} = {today:,}" in method
