"""Representativeness of an open consultation: respondents against the area's population (data pack)
by age, locality and deprivation. Deprivation is estimated: each respondent counts as their locality's
mix of IMD 2025 quintiles (population-weighted), since responses carry no postcode."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import pandas as pd

from careshift.analysis.representativeness import GroupReach, compare
from careshift.apps.engagement.models import Consultation, Respondent, Response
from careshift.apps.engagement.questionnaire import EQUALITY_QUESTIONS, LOCALITY_CODES

AGE_OPTIONS = EQUALITY_QUESTIONS[0][2][:9]
# The share of each pack five-year band in each questionnaire band (15-19 splits 3/5 under 18).
_AGE_SPLIT: dict[str, dict[str, float]] = {
    "Under 18": {"0-4": 1, "5-9": 1, "10-14": 1, "15-19": 0.6},
    "18-24": {"15-19": 0.4, "20-24": 1},
    "25-34": {"25-29": 1, "30-34": 1},
    "35-44": {"35-39": 1, "40-44": 1},
    "45-54": {"45-49": 1, "50-54": 1},
    "55-64": {"55-59": 1, "60-64": 1},
    "65-74": {"65-69": 1, "70-74": 1},
    "75-84": {"75-79": 1, "80-84": 1},
    "85 or over": {"85-89": 1, "90+": 1},
}
QUINTILES = ("1 (most deprived)", "2", "3", "4", "5 (least deprived)")


@lru_cache(maxsize=1)
def _population() -> tuple[dict[str, float], dict[str, float], dict[str, dict[str, float]]]:
    from careshift.apps.places import data
    from careshift.datapack.pack import AGE_BANDS

    p = data.pack()
    block = p.population[0, p.year_index(p.base_year)]  # [locality, age, sex]
    by_band = dict(zip(AGE_BANDS, block.sum(axis=(0, 2)), strict=True))
    ages = {
        label: float(sum(by_band[b] * w for b, w in split.items())) for label, split in _AGE_SPLIT.items()
    }
    names = {code: label for label, code in LOCALITY_CODES.items()}
    localities = {
        names[c]: float(v) for c, v in zip(p.localities, block.sum(axis=(1, 2)), strict=True) if c in names
    }
    return ages, localities, _deprivation_mix()


def _deprivation_mix() -> dict[str, dict[str, float]]:
    from careshift.apps.places import data

    areas = data.small_areas()
    weight = areas["population"] if "population" in areas.columns else pd.Series(1.0, index=areas.index)
    areas = areas.assign(w=weight, quintile=((areas["imd_decile"].astype(float) + 1) // 2).astype(int))
    names = {code: label for label, code in LOCALITY_CODES.items()}
    mix: dict[str, dict[str, float]] = {"county": {}}
    for code, group in areas.groupby("locality"):
        shares = group.groupby("quintile")["w"].sum() / group["w"].sum()
        mix[names.get(str(code), str(code))] = {
            QUINTILES[int(str(q)) - 1]: float(s) for q, s in shares.items()
        }
    total = areas.groupby("quintile")["w"].sum()
    mix["county"] = {QUINTILES[int(str(q)) - 1]: float(v) for q, v in total.items()}
    return mix


def _profiles(consultation: Consultation) -> list[dict[str, str]]:
    accepted = Response.objects.filter(consultation=consultation, status=Response.Status.ACCEPTED)
    return list(Respondent.objects.filter(responses__in=accepted).values_list("profile", flat=True))


def reach(consultation: Consultation) -> dict[str, list[GroupReach]]:
    ages, localities, mix = _population()
    profiles = _profiles(consultation)
    age_counts = Counter(p.get("age_band") for p in profiles)
    loc_counts = Counter(p.get("locality") for p in profiles)
    deprivation: dict[str, float] = {}
    for place, count in loc_counts.items():
        for quintile, share in mix.get(str(place), {}).items():
            deprivation[quintile] = deprivation.get(quintile, 0.0) + share * count
    return {
        "Age": compare(ages, {k: float(v) for k, v in age_counts.items() if k}),
        "Locality": compare(localities, {k: float(v) for k, v in loc_counts.items() if k}),
        "Deprivation (estimated from locality)": compare(
            {q: mix["county"].get(q, 0.0) for q in QUINTILES}, dict(deprivation)
        ),
    }
