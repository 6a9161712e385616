"""The one place the scenarios app talks to the engine (Contract 2) and the data pack (Contract 1).

Everything else in the app goes through these functions, so a change in the engine's surface is a
change here only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, cast

from django.conf import settings

from careshift.errors import ScenarioError

ProgressCallback = Callable[[int, int], None]


def load_pack() -> Any:
    """The data pack named by ``settings.DATAPACK_PATH`` (default: the shipped Oxfordshire pack)."""
    from careshift.datapack import load_pack as _load_pack

    return _load_pack(settings.DATAPACK_PATH or None)


def engine_version() -> str:
    import careshift
    from careshift import model

    return str(getattr(model, "__version__", None) or getattr(careshift, "__version__", "unknown"))


def validate(data: Any) -> Any:
    """Validate a scenario dict with the engine's pydantic ``Scenario``.

    Raises :class:`ScenarioError` whose ``fields`` maps paths such as ``levers[1].share`` to messages.
    """
    from careshift.model.scenario import from_dict

    return from_dict(data)


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Validate (the schema, then the codes against the data pack, as ``careshift model validate``
    does) and return the canonical JSON form stored in ``Scenario.spec``.

    Raises :class:`ScenarioError` whose ``fields`` name the unknown code's path, e.g.
    ``levers[0].cohort.activities[1]``.
    """
    from careshift.errors import ModelError
    from careshift.model.levers import check_against_pack

    scenario = validate(data)
    try:
        check_against_pack(scenario, load_pack())
    except ModelError as err:
        raise ScenarioError(err.message, hint=err.hint, fields=err.fields) from None
    result: dict[str, Any] = scenario.model_dump(mode="json")
    return result


def to_yaml(spec: dict[str, Any]) -> str:
    return str(validate(spec).to_yaml())


def parse_file(filename: str, content: bytes) -> dict[str, Any]:
    """Read an uploaded scenario file (YAML or JSON) with the engine's one safe loader.

    Raises :class:`ScenarioError` naming the field or line; never lets a parser traceback through.
    """
    from careshift.model.scenario import parse_scenario

    if Path(filename).suffix.lower() not in {".yaml", ".yml", ".json"}:
        raise ScenarioError(
            f"{filename!r} is not a scenario file.", hint="Upload a .yaml, .yml or .json scenario file."
        )
    result: dict[str, Any] = parse_scenario(content, filename).model_dump(mode="json")
    return result


def pack_choices() -> dict[str, list[tuple[str, str]]]:
    """Codes and labels from the data pack for the scenario form's choices."""
    pack = load_pack()
    return {
        "activities": [(a.code, f"{a.label} ({a.unit})") for a in pack.activities],
        "localities": list(zip(pack.localities, pack.locality_names, strict=True)),
        "bed_settings": [(s.code, s.label) for s in pack.settings if s.capacity_kind == "beds"],
        "settings": [(s.code, s.label) for s in pack.settings],
        "variants": list(zip(pack.variants, pack.variant_labels, strict=True)),
        "years": [(str(y), str(y)) for y in pack.years],
    }


def winter_peak_month() -> int:
    """The busiest month of the pack's winter profile, 1 (January) to 12."""
    from careshift.model.seasonality import seasonality

    return seasonality(load_pack()).peak_month + 1


def samples() -> dict[str, Any]:
    """The engine's shipped sample scenarios by slug (``do-nothing``, ``care-closer-to-home``)."""
    from careshift.model.scenario import sample_scenarios

    return dict(sample_scenarios())


def run(
    spec: dict[str, Any],
    *,
    iterations: int,
    seed: int,
    executor: str,
    scheduler: str | None,
    progress: ProgressCallback,
) -> Any:
    """Execute the engine; returns its ``Results``. ``progress`` may raise ``Cancelled``."""
    from careshift import model

    return model.run(
        validate(spec),
        load_pack(),
        iterations=iterations,
        seed=seed,
        executor=cast(Literal["local", "dask"], executor),
        scheduler=scheduler,
        progress=progress,
    )


def iteration_bytes(results: Any) -> bytes | None:
    """A run's per-iteration county totals, serialised for storage (None if the engine kept none)."""
    totals = getattr(results, "iterations", None)
    return None if totals is None else bytes(totals.to_bytes())


def paired_difference(base: bytes, other: bytes, setting: str, measure: str) -> Any:
    """Paired per-iteration differences ``other - base`` for one county series: a frame of ``year,
    p10, p50, p90, p_lower`` (empty when the series is not kept). Raises ``ModelError`` when the
    runs cannot be paired."""
    from careshift.model.compare import series_difference
    from careshift.model.totals import IterationTotals

    return series_difference(
        IterationTotals.from_bytes(base), IterationTotals.from_bytes(other), setting, measure
    )


def cancelled_exception() -> type[BaseException]:
    from careshift.model.executors import Cancelled

    return Cancelled
