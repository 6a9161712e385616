"""The shared palette stays colour-blind safe; chart titles say what, where and which scenario."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from careshift.site.charts import palette
from careshift.site.charts.titles import ChartTitle, filename_of

# Machado, Oliveira and Fernandes (2009), severity 1.0, on linear RGB.
SIMULATIONS = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
WHITE = np.array([0.95047, 1.0, 1.08883])


def lab(colour: str, simulation: np.ndarray) -> np.ndarray:
    srgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    t = SRGB_TO_XYZ @ np.clip(simulation @ linear, 0, 1) / WHITE
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_categorical_colours_stay_apart_under_colour_blindness() -> None:
    worst = min(
        float(np.linalg.norm(lab(a, m) - lab(b, m)))
        for a, b in itertools.combinations(palette.CATEGORICAL, 2)
        for m in SIMULATIONS.values()
    )
    assert worst >= 10, worst
    assert palette.CATEGORICAL[0] == palette.BLUE and palette.RED not in palette.CATEGORICAL


def test_categorical_repeats_after_eight_and_refuses_negative_counts() -> None:
    assert palette.categorical(9)[8] == palette.BLUE
    with pytest.raises(ValueError, match="zero or more"):
        palette.categorical(-1)


def test_a_title_says_what_where_and_which_scenario() -> None:
    title = ChartTitle("Beds needed", where="Oxford City", scenario="Shift to community")
    assert title.text == "Beds needed · Oxford City · scenario: Shift to community"
    assert title.vega() == {"text": "Beds needed", "subtitle": "Oxford City · scenario: Shift to community"}
    assert title.filename == "beds-needed-oxford-city-scenario-shift-to-community"
    assert title.usermeta() == {"embedOptions": {"downloadFileName": title.filename}}
    assert ChartTitle("Residents").vega() == {"text": "Residents"}
    with pytest.raises(ValueError, match="say what"):
        ChartTitle("  ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Savings (£) in Cherwell: 2030/31", "savings-in-cherwell-2030-31"),
        ("Café ÷ übersicht", "cafe-ubersicht"),
        ("£££", "chart"),
        ("word " * 40, ("word-" * 16).rstrip("-")),
    ],
)
def test_file_names(text: str, expected: str) -> None:
    assert filename_of(text) == expected
    assert len(filename_of(text)) <= 80


def test_apps_colour_their_charts_from_the_one_palette() -> None:
    """Issue 7, "one palette in site/": no app's Python names a colour or a colour scheme of its own (a hex
    literal, or a Vega scheme such as "tableau10"): they come from careshift.site.charts.palette."""
    import re
    from pathlib import Path

    import careshift.apps

    apps_dir = Path(careshift.apps.__file__).parent
    own = [
        f"{path.relative_to(apps_dir)}: {colour}"
        for path in sorted(apps_dir.rglob("*.py"))
        for colour in re.findall(r"[\"']#[0-9a-fA-F]{6}[\"']|\bscheme=[\"'][^\"']+[\"']", path.read_text())
    ]
    assert not own, f"colours outside careshift.site.charts.palette: {own}"
