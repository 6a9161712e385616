"""The growth check: how the published trust figures moved year on year, against the model's demographic
growth (docs/background/baseline.md, "Growth check").

The engine's demand grows with demography (the rebased 2022-based projection) and with a scenario's
non-demographic growth; the published figures move with everything. So the published change over the
pack's complete financial years, beside the model's demographic change from the base year to the next
(principal projection, base rates), says how much the scenario's ``non_demographic_growth`` has to carry.
"""

from __future__ import annotations

from dataclasses import dataclass

from careshift.datapack.pack import DataPack, FloatArray
from careshift.model.baseline import ACUTE_TRUST, ADMITTED
from careshift.model.demand import base_demand


@dataclass(frozen=True)
class GrowthRow:
    """A published trust figure over the complete financial years of the pack, beside the engine's
    demographic change from the base year to the next (principal projection, no other growth)."""

    measure: str
    published: dict[str, float]  # financial year -> the year's total (or mean beds)
    demographic_change: float

    def change(self, first: str, second: str) -> float:
        return self.published[second] / self.published[first] - 1.0


def growth_check(pack: DataPack) -> list[GrowthRow]:
    """How the published figures moved year on year against the model's demographic growth: A&E
    attendances and emergency admissions at OUH, and its mean G&A beds occupied (the 'Growth check' of
    docs/background/baseline.md). Financial years with twelve months in both monthly tables."""
    pub = pack.published
    if pub is None or pub.ae_monthly.empty or pub.beds_monthly.empty:
        return []
    years = sorted(
        fy
        for fy in set(pub.ae_monthly["financial_year"]) & set(pub.beds_monthly["financial_year"])
        if pub.periods("ae_monthly", ACUTE_TRUST, fy) == 12
        and pub.periods("beds_monthly", ACUTE_TRUST, fy) == 12
    )
    demand = base_demand(pack, pack.population[:1, :2])
    codes = [a.code for a in pack.activities]

    def change(values: FloatArray, wanted: tuple[str, ...]) -> float:
        total = sum(values[codes.index(c), 0, :2].sum(axis=-1) for c in wanted)
        return float(total[1] / total[0] - 1.0)

    def by_year(table: str, column: str, mean: bool = False) -> dict[str, float]:
        get = pub.mean if mean else pub.total
        return {fy: get(table, column, ACUTE_TRUST, fy) for fy in years}

    ae = change(demand.units, ("ae_walkin", "ae_ambulance"))
    admissions = change(demand.units, ("unplanned_admission",))
    beds = change(demand.bed_days, ADMITTED)
    return [
        GrowthRow("A&E attendances", by_year("ae_monthly", "attendances"), ae),
        GrowthRow("emergency admissions", by_year("ae_monthly", "emergency_admissions"), admissions),
        GrowthRow("general and acute beds occupied", by_year("beds_monthly", "ga_occupied", True), beds),
    ]
