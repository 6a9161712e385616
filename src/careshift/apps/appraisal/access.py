"""Access to an option's sites from every small area, from the data pack (methods in analysis.access).

A small area counts as rural when it has fewer than :data:`RURAL_DENSITY` residents per km² of its
boundary: an assumption standing in for the ONS rural-urban classification, which the pack does not
carry (range 500-2,000 per km²; labelled on the access page).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from careshift.analysis import access
from careshift.errors import ValidationError
from careshift.site.spreadsheets import Column, Table, TableSchema

RURAL_DENSITY = 1000.0
RURAL_DENSITY_RANGE = (500.0, 2000.0)
OVER_75_BANDS = ("75-79", "80-84", "85-89", "90+")
KM_PER_DEGREE = 111.32


def _ring_area_km2(ring: list[list[float]]) -> float:
    """Area of a lon/lat ring by the shoelace formula on an equirectangular projection (good to well
    under 1% at the size of a small area)."""
    points = np.asarray(ring, dtype=float)
    lat0 = np.radians(points[:, 1].mean())
    x = points[:, 0] * KM_PER_DEGREE * np.cos(lat0)
    y = points[:, 1] * KM_PER_DEGREE
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2)


def _feature_area(geometry: dict[str, Any]) -> float:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return sum(_ring_area_km2(p[0]) - sum(_ring_area_km2(h) for h in p[1:]) for p in polygons)


@lru_cache(maxsize=2)
def small_areas() -> pd.DataFrame:
    """Every small area: code, locality, lat, lon, population, over_75, imd_quintile, area_km2, rural."""
    from careshift.apps.places import data
    from careshift.datapack.places import load_boundaries, small_area_population

    areas = data.small_areas().dropna(subset=["lat", "lon"]).copy()
    ages = small_area_population(data._pack_path())
    old = ages[ages["age_band"].isin(OVER_75_BANDS)]
    over_75 = (old["female"] + old["male"]).groupby(old["small_area"]).sum()
    areas["over_75"] = areas["code"].map(over_75).fillna(0.0)
    areas["population"] = areas["population"].fillna(0.0)
    areas["imd_quintile"] = ((areas["imd_decile"].fillna(5).astype(int) + 1) // 2).map(
        lambda q: f"Quintile {q}" + (" (most deprived)" if q == 1 else " (least deprived)" if q == 5 else "")
    )
    boundaries = load_boundaries("small_area", data._pack_path())
    area_km2 = {f["properties"]["code"]: _feature_area(f["geometry"]) for f in boundaries["features"]}
    areas["area_km2"] = areas["code"].map(area_km2)
    density = areas["population"] / areas["area_km2"].where(areas["area_km2"] > 0)
    areas["rural"] = (density < RURAL_DENSITY).fillna(False)
    return areas.reset_index(drop=True)


FCA_CATCHMENT = 30.0
FCA_PER = 100_000


@dataclass(frozen=True)
class TravelBasis:
    """How travel times are got: estimated by mode, or read from an imported matrix."""

    key: str  # "car", "public_transport" or "matrix-<pk>"
    label: str  # for titles: "by car (estimated)"
    mode: str = "car"
    matrix: access.ImportedMatrix | None = None
    source: str = ""


ESTIMATED = {
    "car": TravelBasis("car", "by car (estimated)", "car"),
    "public_transport": TravelBasis(
        "public_transport", "by public transport (estimated)", "public_transport"
    ),
}


def matrix_label(name: str) -> str:
    return f"on the imported times '{name}'"


def travel_choices(matrices: Any = ()) -> list[tuple[str, str]]:
    """``(key, label)`` of the estimated modes and of every imported matrix (``TravelMatrix`` rows; only
    their pk and name are read, so a list deferring the minutes will do)."""
    return [(b.key, b.label) for b in ESTIMATED.values()] + [
        (f"matrix-{m.pk}", matrix_label(m.name)) for m in matrices
    ]


def matrix_basis(row: Any) -> TravelBasis:
    imported = access.ImportedMatrix(list(row.areas), list(row.sites), np.asarray(row.minutes, dtype=float))
    return TravelBasis(f"matrix-{row.pk}", matrix_label(row.name), matrix=imported, source=row.source)


def choose_basis(key: str | None, matrices: Any) -> TravelBasis:
    """The basis named ``key`` (car when blank), reading only the chosen matrix from ``matrices`` (the
    appraisal's ``TravelMatrix`` queryset); ValidationError naming the choices when unknown."""
    if not key:
        return ESTIMATED["car"]
    if key in ESTIMATED:
        return ESTIMATED[key]
    number = key.removeprefix("matrix-")
    row = matrices.filter(pk=int(number)).first() if key.startswith("matrix-") and number.isdigit() else None
    if row is None:
        raise ValidationError(
            f"There are no travel times called {key!r} for this appraisal.",
            hint="Choose car, public transport or one of the imported matrices listed on the access page.",
        )
    return matrix_basis(row)


def appraisal_basis(appraisal: Any) -> TravelBasis:
    """The travel basis an appraisal's access criteria and equality assessment use (its ``travel_basis``)."""
    try:
        return choose_basis(appraisal.travel_basis, appraisal.travel_matrices.all())
    except ValidationError:
        raise ValidationError(
            f"The appraisal '{appraisal}' uses travel times that no longer exist ({appraisal.travel_basis}).",
            hint="Edit the appraisal and choose car, public transport or an imported matrix.",
        ) from None


def basis_label(appraisal: Any) -> str:
    """The appraisal's travel basis in words, or what is wrong with it."""
    try:
        return appraisal_basis(appraisal).label
    except ValidationError as err:
        return err.message


TRAVEL_TIMES = TableSchema(
    "travel_times",
    title="Travel times from small areas to sites",
    columns=(
        Column("small_area", "Small area", required=True, help="LSOA 2021 code, e.g. E01028522."),
        Column("site", "Site", required=True, help="Site code from the data pack, e.g. RTH08."),
        Column("minutes", "Minutes", type="number", required=True, minimum=0, help="Door-to-door minutes."),
    ),
)


def read_travel_times(records: list[tuple[int, dict[str, Any]]]) -> access.ImportedMatrix:
    """Rows of a valid ``TRAVEL_TIMES`` upload ((row number, values)) as a matrix over every small area
    of the data pack; AnalysisError naming the first row at fault."""
    from careshift.apps.places import data

    rows = [
        (n, str(v["small_area"]).strip(), str(v["site"]).strip(), float(v["minutes"])) for n, v in records
    ]
    return access.matrix_from_long(rows, list(small_areas()["code"]), list(data.sites()["code"]))


def travel_times_table(site_codes: list[str], basis: TravelBasis) -> Table:
    """Minutes from every small area to each of ``site_codes`` on ``basis``, in the upload's layout: a
    starting file to replace with real times, or an export."""
    areas = small_areas()
    sites = option_sites(site_codes)
    minutes = _minutes(areas, sites, basis)
    rows = [
        {"small_area": area, "site": site, "minutes": round(float(minutes[i, j]), 1)}
        for i, area in enumerate(areas["code"])
        for j, site in enumerate(sites["code"])
    ]
    return Table(TRAVEL_TIMES, rows)


def _minutes(areas: pd.DataFrame, sites: pd.DataFrame, basis: TravelBasis) -> np.ndarray:
    if basis.matrix is None:
        return access.estimate_travel_minutes(
            areas["lat"], areas["lon"], areas["rural"].to_numpy(), sites["lat"], sites["lon"], basis.mode
        )
    matrix = basis.matrix
    absent = [code for code in sites["code"] if code not in matrix.sites]
    if absent:
        raise ValidationError(
            f"The imported travel times '{basis.label}' have no times to {', '.join(absent)}.",
            hint="Import a matrix that includes every site of the option, or choose an estimated mode.",
        )
    row_of = {code: i for i, code in enumerate(matrix.areas)}
    lost = [code for code in areas["code"] if code not in row_of]
    if lost:
        raise ValidationError(
            f"The imported travel times '{basis.label}' miss {len(lost)} small areas of the data pack "
            f"(first {lost[0]}).",
            hint="Import the matrix again from the current template.",
        )
    rows = [row_of[code] for code in areas["code"]]
    columns = [matrix.sites.index(code) for code in sites["code"]]
    return np.asarray(matrix.minutes[np.ix_(rows, columns)])


@dataclass(frozen=True)
class OptionAccess:
    """Access measures for one option's open sites, on one travel basis."""

    minutes: np.ndarray  # per small area, to the nearest open site
    county: access.Coverage
    county_over_75: access.Coverage
    by_locality: dict[str, access.Coverage]
    by_quintile: dict[str, access.Coverage]
    sites: list[str]
    basis: TravelBasis = ESTIMATED["car"]
    fca: np.ndarray | None = None  # per small area: open sites within the catchment per 100,000 people
    # kind of site (its label) -> (everyone, over-75s) to the nearest open site of that kind
    by_kind: dict[str, tuple[access.Coverage, access.Coverage]] = field(default_factory=dict)

    def fca_mean(self, mask: np.ndarray | None = None) -> float:
        """Population-weighted mean two-step floating catchment accessibility (sites per 100,000)."""
        if self.fca is None:
            return float("nan")
        people = small_areas()["population"].to_numpy()
        if mask is not None:
            people = people * mask
        total = people.sum()
        return float((self.fca * people).sum() / total) if total > 0 else float("nan")

    def fca_by(self, column: str) -> dict[str, float]:
        groups = small_areas()[column].to_numpy()
        return {str(g): self.fca_mean(groups == g) for g in dict.fromkeys(groups.tolist())}


def option_sites(site_codes: list[str]) -> pd.DataFrame:
    from careshift.apps.places import data

    sites = data.sites()
    chosen = sites[sites["code"].isin(site_codes)]
    missing = sorted(set(site_codes) - set(chosen["code"]))
    if missing:
        raise ValidationError(
            f"Unknown site code(s): {', '.join(missing)}.",
            hint="Choose sites from the list on the option page.",
        )
    return chosen


def option_access(site_codes: list[str], basis: TravelBasis | str = "car") -> OptionAccess:
    """Coverage of an option's open sites on ``basis`` (an estimated mode's name or a TravelBasis), with
    two-step floating catchment accessibility: every open site counts as one unit of supply (an
    assumption: the pack has no capacity per site) within a 30-minute catchment."""
    if isinstance(basis, str):
        if basis not in ESTIMATED:
            raise ValidationError(f"Unknown travel mode {basis!r}.", hint="Choose car or public transport.")
        basis = ESTIMATED[basis]
    if not site_codes:
        raise ValidationError("This option keeps no sites open.", hint="Choose at least one site.")
    areas = small_areas()
    sites = option_sites(site_codes)
    minutes = _minutes(areas, sites, basis)
    nearest = access.nearest_minutes(minutes, list(range(len(sites))))
    people = areas["population"].to_numpy()
    fca = access.two_step_fca(minutes, people, np.ones(len(sites)), FCA_CATCHMENT) * FCA_PER
    over_75 = areas["over_75"].to_numpy()
    by_kind = {}
    for label, indices in _kinds(sites).items():
        to_kind = access.nearest_minutes(minutes, indices)
        by_kind[label] = (access.coverage(to_kind, people), access.coverage(to_kind, over_75))
    return OptionAccess(
        minutes=nearest,
        county=access.coverage(nearest, people),
        county_over_75=access.coverage(nearest, areas["over_75"].to_numpy()),
        by_locality=access.coverage_by_group(nearest, people, areas["locality_name"].tolist()),
        by_quintile=access.coverage_by_group(nearest, people, areas["imd_quintile"].tolist()),
        sites=list(sites["code"]),
        basis=basis,
        fca=fca,
        by_kind=by_kind,
    )


def _kinds(sites: pd.DataFrame) -> dict[str, list[int]]:
    """The positions of the option's sites by kind (acute hospital, community hospital, hub, ...)."""
    labels = sites["kind_label"].astype(str).tolist() if "kind_label" in sites else ["Site"] * len(sites)
    out: dict[str, list[int]] = {}
    for position, label in enumerate(labels):
        out.setdefault(label, []).append(position)
    return out


def access_rows(options: list[Any], basis: TravelBasis | str = "car") -> list[dict[str, Any]]:
    """Access measures of every option that keeps sites open, with its groups sorted for tables.

    An option the chosen basis cannot measure (an imported matrix without one of its sites) gets a row
    with ``error`` saying why, instead of silently dropping out."""
    rows = []
    for option in options:
        if not option.site_codes:
            continue
        try:
            result = option_access(list(option.site_codes), basis)
        except ValidationError as err:
            rows.append({"option": option, "error": f"{err.message} {err.hint}"})
            continue
        fca_quintile, fca_locality = result.fca_by("imd_quintile"), result.fca_by("locality_name")
        rows.append(
            {
                "option": option,
                "result": result,
                "fca": result.fca_mean(),
                "quintiles": [(k, c, fca_quintile[k]) for k, c in sorted(result.by_quintile.items())],
                "localities": [(k, c, fca_locality[k]) for k, c in sorted(result.by_locality.items())],
            }
        )
    return rows
