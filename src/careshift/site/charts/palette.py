"""One palette for every chart: NHS identity colours (nhsuk-frontend's palette), in a colour-blind-safe order.

``CATEGORICAL`` is for series that have no order (scenarios, measures, localities). Its order was chosen
greedily from the NHS colours, starting at NHS blue, each next colour the one farthest (CIE76 ΔE in Lab)
from those already chosen under normal vision and simulated protanopia, deuteranopia and tritanopia
(Machado, Oliveira and Fernandes, 2009, severity 1). Any two of the eight stay at least ΔE 10 apart under
all four (``tests/unit/site/test_palette.py`` checks it). Red is kept out of it: red means a target or a
warning. A chart with more than eight series should use a table or small multiples, or a second cue
(dash, shape) as the population projections do.

Sequential data (deprivation, travel time, scores) use a single-hue Vega scheme, readable in greyscale.
"""

from __future__ import annotations

# nhsuk-frontend core/settings/_colours-palette.scss, plus NHS identity light blue.
BLUE = "#005eb8"
DARK_BLUE = "#003087"
LIGHT_BLUE = "#41b6e6"
BLACK = "#212b32"
WHITE = "#ffffff"
GREEN = "#007f3b"
AQUA_GREEN = "#00a499"
PURPLE = "#330072"
DARK_PINK = "#7c2855"
PINK = "#ae2573"
RED = "#d5281b"
YELLOW = "#ffeb3b"
WARM_YELLOW = "#ffb81c"
ORANGE = "#ed8b00"
GREY_1 = "#4c6272"
GREY_3 = "#aeb7bd"

CATEGORICAL: tuple[str, ...] = (BLUE, ORANGE, DARK_PINK, LIGHT_BLUE, PURPLE, GREEN, WARM_YELLOW, AQUA_GREEN)

# Meanings, the same on every chart.
TARGET = RED  # a target or limit, drawn dashed
TOTAL = DARK_BLUE  # waterfall totals
INCREASE = ORANGE  # waterfall steps up
DECREASE = LIGHT_BLUE  # waterfall steps down (blue/orange stays apart under colour blindness)
BAND_OPACITY = 0.25  # the P10-P90 band of a fan chart
OUTLINE = BLACK  # boundaries on maps
SEX = {"female": PINK, "male": BLUE}
# The NHS 5x5 risk matrix's conventional colours; cells also carry their count, so colour is not the only cue.
RISK_BANDS = {"low": GREEN, "moderate": YELLOW, "high": ORANGE, "extreme": RED}

SEQUENTIAL_SCHEME = "blues"
DEPRIVATION_SCHEME = "purpleblue"  # reversed so decile 1 (most deprived) is darkest
TRAVEL_TIME_SCHEME = "orangered"
SCORE_SCHEME = "greens"


def categorical(count: int) -> list[str]:
    """The first ``count`` categorical colours, repeating after eight (add a second cue beyond that)."""
    if count < 0:
        raise ValueError(f"A chart cannot have {count} series; give zero or more.")
    return [CATEGORICAL[i % len(CATEGORICAL)] for i in range(count)]
