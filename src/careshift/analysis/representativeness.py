"""Who has responded compared with who lives in the area: shares, representation ratios and flags.

For each group g (an age band, a locality, a deprivation quintile) with population share p_g and
respondent share r_g = n_g / n, the representation ratio is r_g / p_g (1 = in proportion). A group is
*under-reached* when its ratio is below ``threshold`` (default 0.6) and it would have had at least
``min_expected`` respondents in proportion (n p_g >= 5, so small groups are not flagged on noise);
the usual survey practice of comparing achieved with expected sample shares (e.g. Office for National
Statistics, *Census 2021 quality assurance*; Kalton and Flores-Cervantes, 2003, on weighting cells).
Respondents who preferred not to say or who live outside the area are left out of n.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

UNDER_REACHED = 0.6
MIN_EXPECTED = 5.0


@dataclass(frozen=True)
class GroupReach:
    group: str
    population_share: float
    respondents: float
    respondent_share: float
    ratio: float | None
    under_reached: bool


def compare(
    population: Mapping[str, float],
    respondents: Mapping[str, float],
    *,
    threshold: float = UNDER_REACHED,
    min_expected: float = MIN_EXPECTED,
) -> list[GroupReach]:
    """One row per population group, in the population's order (respondent groups not in it ignored)."""
    total_pop = sum(population.values())
    n = sum(v for k, v in respondents.items() if k in population)
    rows = []
    for group, people in population.items():
        p = people / total_pop if total_pop else 0.0
        count = respondents.get(group, 0.0)
        r = count / n if n else 0.0
        ratio = r / p if p and n else None
        under = ratio is not None and ratio < threshold and n * p >= min_expected
        rows.append(
            GroupReach(
                group,
                round(p, 4),
                round(count, 2),
                round(r, 4),
                None if ratio is None else round(ratio, 2),
                under,
            )
        )
    return rows
