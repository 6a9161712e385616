"""A chart's title says what it shows, where and under which scenario; its image file name follows from it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_FILENAME = 80


@dataclass(frozen=True)
class ChartTitle:
    """``ChartTitle("Beds needed", where="Oxford City", scenario="Shift to community")``."""

    what: str
    where: str = ""
    scenario: str = ""

    def __post_init__(self) -> None:
        if not self.what.strip():
            raise ValueError("A chart title needs to say what the chart shows.")

    @property
    def subtitle(self) -> str:
        return " · ".join(p for p in (self.where, self.scenario and f"scenario: {self.scenario}") if p)

    @property
    def text(self) -> str:
        """The whole title on one line (page headings, aria labels)."""
        return " · ".join(p for p in (self.what, self.subtitle) if p)

    @property
    def filename(self) -> str:
        """The stem of the chart's PNG/SVG download: 'beds-needed-oxford-city-scenario-shift-to-community'."""
        return filename_of(self.text)

    def vega(self) -> dict[str, str]:
        """The Vega-Lite ``title`` property."""
        return {"text": self.what, **({"subtitle": self.subtitle} if self.subtitle else {})}

    def usermeta(self) -> dict[str, dict[str, str]]:
        """The spec's ``usermeta``: vega-embed names the exported image after the title."""
        return {"embedOptions": {"downloadFileName": self.filename}}


def filename_of(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, at most 80 characters; 'chart' when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(stem) > MAX_FILENAME:
        stem = stem[:MAX_FILENAME].rsplit("-", 1)[0]
    return stem or "chart"
