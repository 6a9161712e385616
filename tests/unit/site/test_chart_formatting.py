"""Numbers on charts and in tables (careshift.site.charts.formatting), and that Vega writes them the same."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from careshift.site.charts import formatting
from careshift.site.charts.formatting import MINUS, count, format_value, money, share

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_600_000_000, "£1.6bn"),
        (25_000_000, "£25m"),
        (250_000, "£250k"),
        (1_234_567, "£1.23m"),
        (12_345, "£12.3k"),
        (999_950, "£1m"),  # rounded before the unit is chosen, never '£1000k'
        (950, "£950"),
        (0, "£0"),
        (0.5, "£0.5"),
        (-2_500_000, f"{MINUS}£2.5m"),
        (1.6e12, "£1,600bn"),
        (Decimal("25000000"), "£25m"),
    ],
)
def test_money_in_words(value: object, expected: str) -> None:
    assert money(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.125, "12.5%"), (0.5, "50%"), (0, "0%"), (1, "100%"), (0.12345, "12.3%"), (-0.125, f"{MINUS}12.5%")],
)
def test_shares_as_percentages(value: float, expected: str) -> None:
    assert share(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12345, "12,345"), (12345.6, "12,346"), (0, "0"), (-12345, f"{MINUS}12,345"), (2.5, "3"), (-0.2, "0")],
)
def test_counts_with_thousands_separators(value: float, expected: str) -> None:
    assert count(value) == expected


@pytest.mark.parametrize("formatter", [money, share, count])
def test_missing_values_are_labelled_and_infinity_refused(formatter: object) -> None:
    assert formatter(float("nan")) == formatting.MISSING  # type: ignore[operator]
    assert formatter(None) == formatting.MISSING  # type: ignore[operator]
    for bad in (float("inf"), "12", True):
        with pytest.raises(ValueError, match=r"infinite|not a number"):
            formatter(bad)  # type: ignore[operator]


def test_format_value_names_the_kinds_it_knows() -> None:
    assert format_value(0.125, "share") == "12.5%"
    with pytest.raises(ValueError, match="money, share, count"):
        format_value(1, "pounds")  # type: ignore[arg-type]


def test_axis_properties() -> None:
    assert formatting.axis("share") == {"format": ".1~%"}
    assert formatting.axis("count") == {"format": ",.0f"}
    assert "labelExpr" in formatting.axis("money")
    with pytest.raises(ValueError, match="label field"):
        formatting.tooltip_format("money")


VALUES = [1_600_000_000, 25_000_000, 250_000, 1_234_567, 12_345, 999_950, 950, 0, 0.5, -2_500_000, 1.6e12]

VEGA_SCRIPT = """
import * as vega from "%s";
import fs from "fs";
const view = new vega.View(vega.parse(JSON.parse(fs.readFileSync(0, "utf8"))), {renderer: "none"});
await view.runAsync();
console.log(JSON.stringify(view.data("t").map((d) => d.label)));
"""


def test_vega_writes_money_as_python_does(tmp_path: Path) -> None:
    """The axis/tooltip expression, run by the project's own Vega (node_modules), matches :func:`money`."""
    node = shutil.which("node")
    module = ROOT / "node_modules" / "vega" / "build" / "vega.module.js"
    if node is None or not module.exists():
        pytest.fail("node and node_modules/vega are needed: run `npm ci` (make install does).")
    spec = {
        "data": [
            {
                "name": "t",
                "values": [{"v": v} for v in VALUES] + [{"v": None}],
                "transform": [{"type": "formula", "expr": formatting.money_expr("datum.v"), "as": "label"}],
            }
        ]
    }
    script = tmp_path / "run.mjs"
    script.write_text(VEGA_SCRIPT % module.as_uri())
    done = subprocess.run(
        [node, str(script)], input=json.dumps(spec), capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout) == [money(v) for v in VALUES] + [formatting.MISSING]


def test_pure_chart_modules_do_not_import_django() -> None:
    code = (
        "import sys; import careshift.site.charts.formatting, careshift.site.charts.palette, "
        "careshift.site.charts.titles; print(sorted(m for m in sys.modules if m.startswith('django')))"
    )
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.strip() == "[]"
