"""Access to services by travel time: estimated times, coverage measures and two-step floating catchments.

Without a road network, the travel time from a small area's centre to a site is estimated as

    minutes = access + 60 * (great-circle km x detour factor) / speed (km/h)

with a detour factor (road distance over straight-line distance; about 1.2-1.4 in Britain, e.g.
Ballou, Rahardja & Sakai 2002) and a speed that depend on whether the area is urban or rural, and a fixed
access time for public transport (walking to the stop and waiting). Every value is a labelled assumption
with a range in :data:`TRAVEL_ASSUMPTIONS`; a real travel-time matrix can be imported instead and checked
with :func:`validate_matrix` (or read from long rows with :func:`matrix_from_long`).

Measures per option (a set of open sites): the share of people within 15/30/45 minutes of their nearest
site, the mean and worst time (:func:`coverage`), each by group (locality, deprivation quintile:
:func:`coverage_by_group`), and two-step floating catchment accessibility (:func:`two_step_fca`,
Luo & Wang 2003).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from careshift.errors import AnalysisError

FloatArray = NDArray[np.float64]
EARTH_RADIUS_KM = 6371.0088
THRESHOLDS = (15.0, 30.0, 45.0)


@dataclass(frozen=True)
class TravelAssumption:
    """A labelled assumption: its central value, its range and where it comes from."""

    value: float
    low: float
    high: float
    unit: str
    basis: str


@dataclass(frozen=True)
class ModeAssumptions:
    detour_urban: TravelAssumption
    detour_rural: TravelAssumption
    speed_urban: TravelAssumption
    speed_rural: TravelAssumption
    access_minutes: TravelAssumption


_DETOUR = "Road over straight-line distance; 1.2-1.4 in British studies (Ballou et al. 2002)."
TRAVEL_ASSUMPTIONS: dict[str, ModeAssumptions] = {
    "car": ModeAssumptions(
        detour_urban=TravelAssumption(1.3, 1.2, 1.4, "ratio", _DETOUR),
        detour_rural=TravelAssumption(1.35, 1.2, 1.5, "ratio", _DETOUR),
        speed_urban=TravelAssumption(25.0, 18.0, 32.0, "km/h", "Assumption: average urban road speed."),
        speed_rural=TravelAssumption(50.0, 40.0, 60.0, "km/h", "Assumption: average rural road speed."),
        access_minutes=TravelAssumption(5.0, 2.0, 10.0, "minutes", "Assumption: parking and walking in."),
    ),
    "public_transport": ModeAssumptions(
        detour_urban=TravelAssumption(1.4, 1.2, 1.6, "ratio", _DETOUR + " Bus routes are less direct."),
        detour_rural=TravelAssumption(1.6, 1.3, 2.0, "ratio", _DETOUR + " Bus routes are less direct."),
        speed_urban=TravelAssumption(14.0, 10.0, 18.0, "km/h", "Assumption: urban bus speed with stops."),
        speed_rural=TravelAssumption(25.0, 18.0, 32.0, "km/h", "Assumption: rural bus speed with stops."),
        access_minutes=TravelAssumption(
            15.0, 10.0, 30.0, "minutes", "Assumption: walk to the stop and half the headway."
        ),
    ),
}


def great_circle_km(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray) -> FloatArray:
    """Haversine distance in km between every origin (rows) and destination (columns)."""
    p1, p2 = np.radians(np.asarray(lat1))[:, None], np.radians(np.asarray(lat2))[None, :]
    dl = np.radians(np.asarray(lon2))[None, :] - np.radians(np.asarray(lon1))[:, None]
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


def estimate_travel_minutes(
    origin_lat: ArrayLike,
    origin_lon: ArrayLike,
    rural: ArrayLike,
    site_lat: ArrayLike,
    site_lon: ArrayLike,
    mode: str = "car",
) -> FloatArray:
    """Estimated minutes from each origin (rows) to each site (columns) by ``mode`` (car or public
    transport), with the urban or rural assumptions of the origin area."""
    if mode not in TRAVEL_ASSUMPTIONS:
        raise AnalysisError(
            f"Unknown travel mode {mode!r}.", hint=f"Use one of {sorted(TRAVEL_ASSUMPTIONS)}."
        )
    a = TRAVEL_ASSUMPTIONS[mode]
    is_rural = np.asarray(rural, dtype=bool)[:, None]
    km = great_circle_km(
        np.asarray(origin_lat), np.asarray(origin_lon), np.asarray(site_lat), np.asarray(site_lon)
    )
    detour = np.where(is_rural, a.detour_rural.value, a.detour_urban.value)
    speed = np.where(is_rural, a.speed_rural.value, a.speed_urban.value)
    return np.asarray(a.access_minutes.value + 60.0 * km * detour / speed)


def validate_matrix(minutes: object, n_origins: int, n_sites: int) -> FloatArray:
    """An imported travel-time matrix as floats, refused unless it is origins x sites, finite and >= 0."""
    matrix = np.asarray(minutes, dtype=np.float64)
    if matrix.shape != (n_origins, n_sites):
        raise AnalysisError(
            f"The travel-time matrix is {matrix.shape[0]} x {matrix.shape[1] if matrix.ndim == 2 else 0}; "
            f"expected {n_origins} areas x {n_sites} sites.",
            hint="Give one row per small area and one column per site (see the template).",
        )
    bad = ~np.isfinite(matrix) | (matrix < 0)
    if bad.any():
        i, j = map(int, np.argwhere(bad)[0])
        raise AnalysisError(
            f"{int(bad.sum())} travel times are missing or negative "
            f"(first at area row {i + 1}, site {j + 1}).",
            hint="Fill every cell with minutes >= 0; use a large number for unreachable pairs.",
        )
    return matrix


@dataclass(frozen=True)
class ImportedMatrix:
    """A travel-time matrix read from long rows (area, site, minutes): rows in ``areas`` order."""

    areas: list[str]
    sites: list[str]
    minutes: FloatArray


def matrix_from_long(
    rows: Sequence[tuple[int, str, str, float]],
    area_codes: Sequence[str],
    known_sites: Sequence[str],
) -> ImportedMatrix:
    """Pivot ``(row number, area, site, minutes)`` rows into an areas x sites matrix.

    Refused, naming the first offending row, when an area or site code is unknown, a pair is given twice,
    or any (area, site) pair of the sites named is missing: every small area needs a time to every site
    in the file, so the measures never silently drop an area. Times must be finite and >= 0.
    """
    if not rows:
        raise AnalysisError("The travel-time file has no rows.", hint="Give one row per small area and site.")
    area_index = {code: i for i, code in enumerate(area_codes)}
    site_set = set(known_sites)
    problems: list[str] = []
    for number, area, site, _ in rows:
        if area not in area_index:
            problems.append(f"row {number}: unknown small area {area!r}")
        if site not in site_set:
            problems.append(f"row {number}: unknown site {site!r}")
        if len(problems) >= 5:
            break
    if problems:
        raise AnalysisError(
            "The travel-time file names codes the data pack does not have: " + "; ".join(problems) + ".",
            hint="Use the small-area (LSOA 2021) codes and site codes of the template.",
        )
    sites = list(dict.fromkeys(site for _, _, site, _ in rows))
    site_index = {code: j for j, code in enumerate(sites)}
    matrix = np.full((len(area_codes), len(sites)), np.nan)
    for number, area, site, minutes in rows:
        i, j = area_index[area], site_index[site]
        if not np.isnan(matrix[i, j]):
            raise AnalysisError(
                f"Row {number} repeats the time from {area} to {site}.",
                hint="Give each small area and site pair once.",
            )
        matrix[i, j] = minutes
    missing = np.argwhere(np.isnan(matrix))
    if len(missing):
        i, j = map(int, missing[0])
        raise AnalysisError(
            f"The file has no time for {len(missing):,} small area and site pairs "
            f"(first: {area_codes[i]} to {sites[j]}).",
            hint=f"Every one of the {len(area_codes):,} small areas needs a time to each site in the file.",
        )
    return ImportedMatrix(list(area_codes), sites, validate_matrix(matrix, len(area_codes), len(sites)))


@dataclass(frozen=True)
class Coverage:
    """Access to the nearest open site for a population."""

    share_within: dict[float, float]  # threshold minutes -> share of the weight within it
    mean_minutes: float
    worst_minutes: float
    weight: float


def nearest_minutes(minutes: FloatArray, open_sites: Sequence[int]) -> FloatArray:
    """Per origin, the time to its nearest open site."""
    if not len(open_sites):
        raise AnalysisError("An option must have at least one open site.", hint="Choose the sites it keeps.")
    return np.asarray(minutes[:, list(open_sites)].min(axis=1))


def coverage(nearest: FloatArray, weights: FloatArray, thresholds: Sequence[float] = THRESHOLDS) -> Coverage:
    """Share of ``weights`` within each threshold, weighted mean and worst (over areas with people) time."""
    w = np.asarray(weights, dtype=np.float64)
    total = float(w.sum())
    if total <= 0:
        return Coverage({t: 0.0 for t in thresholds}, 0.0, 0.0, 0.0)
    share = {t: float(w[nearest <= t].sum() / total) for t in thresholds}
    worst = float(nearest[w > 0].max())
    return Coverage(share, float((w * nearest).sum() / total), worst, total)


def coverage_by_group(
    nearest: FloatArray,
    weights: FloatArray,
    groups: Sequence[str],
    thresholds: Sequence[float] = THRESHOLDS,
) -> dict[str, Coverage]:
    """:func:`coverage` for each group (e.g. locality or deprivation quintile), in first-seen order."""
    labels = np.asarray(groups)
    return {
        str(g): coverage(nearest[labels == g], np.asarray(weights)[labels == g], thresholds)
        for g in dict.fromkeys(labels.tolist())
    }


def two_step_fca(
    minutes: FloatArray, population: FloatArray, capacity: FloatArray, catchment: float
) -> FloatArray:
    """Two-step floating catchment area accessibility (Luo & Wang 2003), per origin.

    Step 1: each site's supply-to-demand ratio ``R_j = S_j / sum_{i: t_ij <= t0} P_i``.
    Step 2: each origin's accessibility ``A_i = sum_{j: t_ij <= t0} R_j`` (capacity per person).
    """
    within = np.asarray(minutes) <= catchment
    demand = (np.asarray(population, dtype=np.float64)[:, None] * within).sum(axis=0)
    ratio = np.divide(
        np.asarray(capacity, dtype=np.float64), demand, out=np.zeros(within.shape[1]), where=demand > 0
    )
    return np.asarray((within * ratio[None, :]).sum(axis=1))
