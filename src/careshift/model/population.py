"""The population each projection variant expects, by year, locality, age band and sex.

Axes: ``[variant, year, locality, age, sex]`` as in ``careshift.datapack.pack``. Planned housing growth
(an optional, labelled assumption in the pack: extra residents by year and locality) is added when a
scenario switches it on, spread over age and sex in proportion to the locality's projected structure:

    P'[v, y, l, g, s] = P[v, y, l, g, s] * (1 + H[y, l] / sum_{g,s} P[v, y, l, g, s])
"""

from __future__ import annotations

import numpy as np

from careshift.datapack.pack import DataPack, FloatArray
from careshift.errors import ModelError


def horizon_years(pack: DataPack, horizon_year: int) -> tuple[int, ...]:
    """The pack's years from the base year to the horizon year (inclusive)."""
    years = tuple(y for y in pack.years if y <= horizon_year)
    if horizon_year not in pack.years:
        raise ModelError(
            f"horizon_year {horizon_year} is outside the data pack's years {pack.years[0]}-{pack.years[-1]}.",
            hint=f"Set horizon_year between {pack.years[1]} and {pack.years[-1]}.",
        )
    return years


def projected_population(pack: DataPack, n_years: int, include_housing: bool) -> FloatArray:
    """Population ``[variant, year, locality, age, sex]`` for the first ``n_years`` years."""
    pop = pack.population[:, :n_years]
    if not include_housing or pack.housing_growth is None:
        return pop
    totals = pop.sum(axis=(3, 4))  # [variant, year, locality]
    extra = pack.housing_growth[None, :n_years, :]
    factor = 1 + np.divide(extra, totals, out=np.zeros_like(totals), where=totals > 0)
    return pop * factor[..., None, None]


def population_share(pop: FloatArray) -> FloatArray:
    """Each locality's share of the population ``[variant, year, locality]`` (used to apportion money)."""
    totals = pop.sum(axis=(3, 4))
    return totals / totals.sum(axis=2, keepdims=True)
