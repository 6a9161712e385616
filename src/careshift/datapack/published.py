"""Published trust and system figures carried by a data pack, as tidy DataFrames (``DataPack.published``).

Five optional tables (docs/reference/datapack.md): ``organisations``; ``calibration`` (the factors
that scaled the pack's acute rates to the figures below); ``ae_monthly`` (A&E attendances,
4-hour breaches and emergency admissions by organisation and month); ``beds_monthly`` (general and
acute and critical-care beds available and occupied, monthly means of the daily sitrep); and
``discharges_daily`` (patients not meeting the criteria to reside, and discharges, by day). Every row
carries its NHS ``financial_year`` (April to March, e.g. ``"2023-24"``), so annual figures are::

    from careshift.datapack import load_pack
    pub = load_pack().published
    pub.total("ae_monthly", "attendances", "RTH", "2023-24")           # 184,212 attendances
    pub.mean("beds_monthly", "ga_occupied", "RTH", "2023-24")          # day-weighted mean, beds
    pub.monthly("beds_monthly", "ga_occupied", "RTH")                  # a Series by month

Build-time and report code use these; the Monte Carlo never touches pandas.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from careshift.errors import DataPackError

TABLES = ("ae_monthly", "beds_monthly", "discharges_daily")
PERIOD = {"ae_monthly": "month", "beds_monthly": "month", "discharges_daily": "date"}


@dataclass(frozen=True, eq=False)
class PublishedFigures:
    """The pack's published figures (each table may be empty when a pack does not carry it)."""

    organisations: pd.DataFrame
    ae_monthly: pd.DataFrame
    beds_monthly: pd.DataFrame
    discharges_daily: pd.DataFrame
    calibration: pd.DataFrame = field(default_factory=pd.DataFrame)  # the pack's calibration factors

    def table(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise DataPackError(f"No published table {name!r}.", hint=f"Use one of: {', '.join(TABLES)}.")
        return getattr(self, name)

    def organisation_name(self, code: str) -> str:
        names = dict(zip(self.organisations["code"], self.organisations["name"], strict=True))
        return str(names.get(code, code))

    def rows(self, table: str, organisation: str, financial_year: str | None = None) -> pd.DataFrame:
        """The rows of one organisation (and financial year), in period order; an error if none."""
        df = self.table(table)
        keep = df["organisation"] == organisation
        if financial_year is not None:
            keep &= df["financial_year"] == financial_year
        out = df[keep].sort_values(PERIOD[table])
        if out.empty:
            years = sorted(set(df.loc[df["organisation"] == organisation, "financial_year"]))
            raise DataPackError(
                f"{table}: no rows for organisation {organisation!r}"
                + (f" in {financial_year}" if financial_year else "")
                + ".",
                hint=f"Years published for it: {', '.join(years) or 'none'}.",
            )
        return out

    def monthly(self, table: str, column: str, organisation: str) -> pd.Series:
        """One column by period (month, or date for daily tables) for one organisation."""
        rows = self.rows(table, organisation)
        return pd.Series(rows[column].to_numpy(), index=rows[PERIOD[table]].to_numpy(), name=column)

    def total(self, table: str, column: str, organisation: str, financial_year: str) -> float:
        """Sum over the financial year (counts: attendances, admissions, discharges)."""
        return float(self.rows(table, organisation, financial_year)[column].sum())

    def mean(self, table: str, column: str, organisation: str, financial_year: str) -> float:
        """Mean per day over the financial year (stocks: beds, patients waiting); monthly means are
        weighted by their days."""
        rows = self.rows(table, organisation, financial_year)
        weights = rows["days"].to_numpy(float) if "days" in rows else np.ones(len(rows))
        return float(np.average(rows[column].to_numpy(float), weights=weights))

    def peak(self, table: str, column: str, organisation: str, financial_year: str) -> tuple[str, float]:
        """The period with the highest value in the financial year, and that value."""
        rows = self.rows(table, organisation, financial_year)
        i = int(np.argmax(rows[column].to_numpy(float)))
        return str(rows[PERIOD[table]].iloc[i]), float(rows[column].iloc[i])

    def periods(self, table: str, organisation: str, financial_year: str) -> int:
        """How many months (or days) the financial year has rows for."""
        return len(self.rows(table, organisation, financial_year))


def empty() -> PublishedFigures:
    return PublishedFigures(*(pd.DataFrame() for _ in range(5)))
