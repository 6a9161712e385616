"""Load and validate a data-pack folder into the in-memory ``DataPack`` (NumPy arrays, named axes)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from careshift.datapack.manifest import Manifest, read_manifest
from careshift.datapack.pack import (
    AGE_BANDS,
    SEXES,
    Activity,
    DataPack,
    Estimate,
    FloatArray,
    Place,
    Setting,
    Site,
    Source,
)
from careshift.datapack.published import PublishedFigures
from careshift.datapack.schema import PUBLISHED_TABLES
from careshift.datapack.validate import check_codes, check_complete, check_manifest, read_table
from careshift.errors import DataPackError

SHIPPED_PACK = Path(__file__).parent / "oxfordshire"


@dataclass(frozen=True)
class Tables:
    """The validated tables of one pack, as DataFrames (loader-internal)."""

    manifest: Manifest
    frames: dict[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]

    def file(self, name: str) -> str:
        return self.manifest.table(name).file


def resolve(path: str | Path | None) -> Path:
    return (SHIPPED_PACK if path is None else Path(path)).expanduser().resolve()


def load_pack(path: str | Path | None = None) -> DataPack:
    """Load the pack at ``path`` (``None``: the shipped Oxfordshire pack); cached per resolved path."""
    return _load_cached(resolve(path))


@functools.lru_cache(maxsize=8)
def _load_cached(folder: Path) -> DataPack:
    tables = read_tables(folder)
    check_references(tables)
    return build_pack(tables)


def read_tables(folder: Path) -> Tables:
    """Read the manifest and every table it lists, each validated against its declared columns."""
    if not folder.is_dir():
        raise DataPackError(f"{folder}: no such folder.", hint="Give the path of a data-pack folder.")
    manifest = read_manifest(folder)
    check_manifest(manifest)
    frames = {t.name: read_table(folder, t) for t in manifest.tables}
    return Tables(manifest, frames)


def _codes(tables: Tables, table: str, kind: str | None = None) -> list[str]:
    df = tables[table]
    if kind is not None:
        df = df[df["kind"] == kind]
    return [str(c) for c in df["code"]]


def check_references(tables: Tables) -> None:
    """Codes used in one table exist in the table that defines them; arrays are complete."""
    localities = _codes(tables, "places", "locality")
    if not localities:
        raise DataPackError(
            f"{tables.file('places')}: no rows of kind 'locality'.", hint="Add the planning localities."
        )
    places = tables["places"]
    check_codes(tables.file("places"), places, "locality", localities, "locality")
    check_codes(tables.file("places"), places, "parent", places["code"], "place code")
    check_codes(tables.file("sites"), tables["sites"], "locality", localities, "locality")
    settings, activities = _codes(tables, "settings"), _codes(tables, "activities")
    staff = _codes(tables, "staff_groups")
    variants = _codes(tables, "variants")
    refs = [
        ("activities", "setting", settings, "setting"),
        ("population", "variant", variants, "variant"),
        ("population", "locality", localities, "locality"),
        ("rates", "activity", activities, "activity"),
        ("rates", "locality", localities, "locality"),
        ("unit_costs", "activity", activities, "activity"),
        ("bed_day_costs", "setting", settings, "setting"),
        ("workforce", "setting", settings, "setting"),
        ("workforce", "staff_group", staff, "staff group"),
        ("small_area_population", "small_area", _codes(tables, "places", "small_area"), "small area"),
        ("housing_growth", "locality", localities, "locality"),
    ]
    if "organisations" in tables.frames:
        orgs = _codes(tables, "organisations")
        refs += [(t, "organisation", orgs, "organisation") for t in PUBLISHED_TABLES[1:]]
    for table, column, known, what in refs:
        if table in tables.frames:
            check_codes(tables.file(table), tables[table], column, known, what)
    years = list(tables.manifest.years)
    check_codes(tables.file("population"), tables["population"], "year", years, "year of the manifest")
    ages = list(AGE_BANDS)
    check_complete(
        tables.file("population"),
        tables["population"],
        {"variant": variants, "year": years, "locality": localities, "age_band": ages},
    )
    check_complete(
        tables.file("rates"),
        tables["rates"],
        {"activity": activities, "locality": localities, "age_band": ages},
    )
    check_complete(tables.file("unit_costs"), tables["unit_costs"], {"activity": activities})
    check_contact_stays(tables)
    check_probabilities(tables)


def check_probabilities(tables: Tables) -> None:
    """The variants' probabilities sum to 1."""
    total = float(tables["variants"]["probability"].sum())
    if abs(total - 1) > 1e-6:
        raise DataPackError(
            f"{tables.file('variants')} column 'probability': the probabilities sum to {total:g}, not 1.",
            hint="Make the variants' probabilities sum to 1 (equal weights: 1 / number of variants).",
        )


def check_contact_stays(tables: Tables) -> None:
    """Activities in contact settings have no bed days: their ``los_*`` must be 0."""
    kinds = dict(zip(tables["settings"]["code"], tables["settings"]["capacity_kind"], strict=True))
    setting = dict(zip(tables["activities"]["code"], tables["activities"]["setting"], strict=True))
    rates = tables["rates"]
    contact = rates["activity"].map(lambda a: kinds.get(setting.get(a)) == "contacts")
    for column in ("los_female", "los_male"):
        bad = contact & (rates[column] != 0)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            activity = rates["activity"].iloc[i]
            raise DataPackError(
                f"{tables.file('rates')} row {i + 2} column '{column}': {rates[column].iloc[i]:g} bed days, "
                f"but {activity!r} is in the contact setting {setting[activity]!r}; its stay must be 0.",
                hint="Set the stay to 0, or move the activity to a bed setting in activities.csv.",
            )


def _array(df: pd.DataFrame, axes: dict[str, list], columns: list[str]) -> FloatArray:
    """Reshape a complete long table into an array [*axes, columns] in the given axis orders."""
    index = pd.MultiIndex.from_product(list(axes.values()), names=list(axes))
    values = df.set_index(list(axes)).reindex(index)[columns].to_numpy(dtype=np.float64)
    return values.reshape(*[len(v) for v in axes.values()], len(columns))


def _source(row: pd.Series) -> Source:
    return Source(
        citation=str(row["citation"]),
        url=str(row["url"] or ""),
        assumption=bool(row["assumption"]),
        basis=str(row["basis"] or ""),
    )


def build_pack(tables: Tables) -> DataPack:
    """Turn validated tables into the frozen ``DataPack``."""
    m = tables.manifest
    places = tables["places"]
    loc = places[places["kind"] == "locality"]
    localities = [str(c) for c in loc["code"]]
    variants = tables["variants"]
    activities = _activities(tables["activities"])
    settings = _settings(tables["settings"])
    staff = _codes(tables, "staff_groups")
    act_codes = [a.code for a in activities]
    ages = list(AGE_BANDS)
    pop_axes = {
        "variant": list(variants["code"]),
        "year": list(m.years),
        "locality": localities,
        "age_band": ages,
    }
    rate_axes = {"activity": act_codes, "locality": localities, "age_band": ages}
    rates_los = _array(tables["rates"], rate_axes, ["rate_female", "rate_male", "los_female", "los_male"])
    return DataPack(
        name=m.name,
        version=m.version,
        base_year=m.base_year,
        years=tuple(m.years),
        variants=tuple(str(v) for v in variants["code"]),
        variant_labels=tuple(str(v) for v in variants["label"]),
        variant_probabilities=variants["probability"].to_numpy(dtype=np.float64),
        localities=tuple(localities),
        locality_names=tuple(str(n) for n in loc["name"]),
        activities=activities,
        settings=settings,
        staff_groups=tuple(staff),
        population=_array(tables["population"], pop_axes, list(SEXES)),
        rates=np.ascontiguousarray(rates_los[..., :2]),
        los=np.ascontiguousarray(rates_los[..., 2:]),
        unit_cost=_vector(tables["unit_costs"], "activity", act_codes),
        bed_day_cost=_vector(tables["bed_day_costs"], "setting", [s.code for s in settings]),
        wte_per_capacity=_workforce(tables["workforce"], [s.code for s in settings], staff),
        cost_per_wte=_vector(tables["staff_groups"], "code", staff),
        housing_growth=_housing(tables, list(m.years), localities),
        places=_places(places),
        sites=_sites(tables["sites"]),
        estimates=_estimates(tables),
        sources={t.name: Source(**t.source.model_dump(exclude={"range"})) for t in m.tables},
        published=_published(tables),
    )


def _published(tables: Tables) -> PublishedFigures | None:
    if "organisations" not in tables.frames:
        return None
    frames = [tables.frames.get(name, pd.DataFrame()) for name in PUBLISHED_TABLES]
    return PublishedFigures(*(f.copy() for f in frames))


def _activities(df: pd.DataFrame) -> tuple[Activity, ...]:
    return tuple(
        Activity(
            code=r["code"],
            label=r["label"],
            setting=r["setting"],
            unit=r["unit"],
            group=r["group"],
            source=_source(r),
        )
        for _, r in df.iterrows()
    )


def _settings(df: pd.DataFrame) -> tuple[Setting, ...]:
    return tuple(
        Setting(
            code=r["code"],
            label=r["label"],
            capacity_kind=r["capacity_kind"],
            target_occupancy=float(r["target_occupancy"]),
            source=_source(r),
        )
        for _, r in df.iterrows()
    )


def _vector(df: pd.DataFrame, key: str, order: list[str]) -> FloatArray:
    """``value`` by ``key`` in ``order``; codes absent from the table are 0."""
    series = df.set_index(key)["value"].reindex(order).fillna(0.0)
    return series.to_numpy(dtype=np.float64)


def _workforce(df: pd.DataFrame, settings: list[str], staff: list[str]) -> FloatArray:
    table = df.pivot(index="setting", columns="staff_group", values="value")
    return table.reindex(index=settings, columns=staff).fillna(0.0).to_numpy(dtype=np.float64)


def _housing(tables: Tables, years: list[int], localities: list[str]) -> FloatArray | None:
    if "housing_growth" not in tables.frames:
        return None
    df = tables["housing_growth"]
    table = df.pivot(index="year", columns="locality", values="residents")
    return table.reindex(index=years, columns=localities).fillna(0.0).to_numpy(dtype=np.float64)


def _opt(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _num(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type,call-overload]


def _places(df: pd.DataFrame) -> tuple[Place, ...]:
    return tuple(
        Place(
            code=r["code"],
            name=r["name"],
            kind=r["kind"],
            parent=_opt(r["parent"]),
            locality=_opt(r["locality"]),
            lat=_num(r["lat"]),
            lon=_num(r["lon"]),
        )
        for r in df.to_dict("records")
    )


def _sites(df: pd.DataFrame) -> tuple[Site, ...]:
    return tuple(
        Site(
            code=r["code"],
            name=r["name"],
            kind=r["kind"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            locality=_opt(r["locality"]),
            neighbourhood=_opt(r["neighbourhood"]),
            list_size=None if pd.isna(r["list_size"]) else int(r["list_size"]),
        )
        for r in df.to_dict("records")
    )


def _estimates(tables: Tables) -> dict[str, Estimate]:
    """Every parameter with a range: keyed 'table:item' (workforce: 'workforce:setting:staff')."""
    out: dict[str, Estimate] = {}
    keyed = {
        "unit_costs": lambda r: f"unit_costs:{r['activity']}",
        "bed_day_costs": lambda r: f"bed_day_costs:{r['setting']}",
        "staff_groups": lambda r: f"cost_per_wte:{r['code']}",
        "workforce": lambda r: f"workforce:{r['setting']}:{r['staff_group']}",
        "assumptions": lambda r: str(r["key"]),
    }
    for table, key in keyed.items():
        citation = tables.manifest.table(table).source.citation
        for r in tables[table].to_dict("records"):
            source = Source(
                citation=str(r.get("citation") or citation),
                url=str(r.get("url") or ""),
                assumption=bool(r["assumption"]),
                basis=str(r["basis"]),
            )
            out[key(r)] = Estimate(float(r["value"]), float(r["low"]), float(r["high"]), source)
    return out
