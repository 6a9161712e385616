"""The ``careshift`` command line: one click group; ``python -m careshift`` works.

``careshift model validate|run|compare|sample|schema`` drive the engine. Errors print one line and a hint and
exit non-zero, never a traceback. The web layer adds ``serve``, ``worker`` and ``setup-demo`` through
``careshift.site.cli.add_commands`` when it is installed.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from careshift import __version__
from careshift.cli_errors import friendly_errors
from careshift.errors import CareshiftError

SYNTHETIC_PACK = "synthetic"
PROGRESS_FROM = 2_000  # show a progress bar for runs at least this long (iterations)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="careshift")
def main() -> None:
    """careshift: model and plan the shift of care closer to home.

    Example: careshift model run care-closer-to-home.yaml --iterations 1000 --out results/
    """


@main.group()
def model() -> None:
    """Run the system model: validate, run, print samples and the scenario schema.

    Example: careshift model sample care-closer-to-home > my-scenario.yaml
    """


def load_pack_option(pack: str | None) -> Any:
    """The data pack for ``--pack``: a folder, ``synthetic``, or (default) the shipped Oxfordshire pack."""
    if pack == SYNTHETIC_PACK:
        from careshift.datapack.synthetic import oxfordshire_standin

        return oxfordshire_standin()
    if pack is None:
        from careshift.model import default_pack

        return default_pack()
    from careshift import datapack

    loader = getattr(datapack, "load_pack", None)
    if loader is None:
        raise CareshiftError(
            "This installation cannot load data packs from folders.",
            hint="Use --pack synthetic for the synthetic stand-in.",
        )
    return loader(pack)


_PACK_HELP = "Data-pack folder; default the shipped Oxfordshire pack; 'synthetic' for a synthetic stand-in."


@model.command()
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--pack", default=None, help=_PACK_HELP)
@friendly_errors
def validate(scenario: Path, pack: str | None) -> None:
    """Check a scenario file against the schema and the data pack's codes.

    Example: careshift model validate my-scenario.yaml
    """
    from careshift.model.levers import check_against_pack
    from careshift.model.scenario import load_scenario

    parsed = load_scenario(scenario)
    data_pack = load_pack_option(pack)
    check_against_pack(parsed, data_pack)
    label = " (illustrative)" if parsed.illustrative else ""
    click.echo(
        f"OK: {parsed.name}{label}: {len(parsed.levers)} levers, horizon {parsed.horizon_year}, "
        f"valid for data pack {data_pack.name} {data_pack.version}."
    )


@model.command(name="run")
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--iterations", "-n", type=click.IntRange(1), default=None, help="Monte Carlo runs [scenario's]."
)
@click.option("--seed", "-s", type=click.IntRange(0), default=None, help="Master seed [scenario's].")
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for summary.csv, summary.parquet, waterfall.csv, central.csv, metadata.json.",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Run here, or on Dask.",
)
@click.option("--scheduler", default=None, help="Dask scheduler address (default: a LocalCluster).")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="Local threads.")
@click.option("--pack", default=None, help=_PACK_HELP)
@friendly_errors
def run_command(
    scenario: Path,
    iterations: int | None,
    seed: int | None,
    out: Path,
    executor: str,
    scheduler: str | None,
    workers: int,
    pack: str | None,
) -> None:
    """Run a scenario and write its results.

    Example: careshift model run care-closer-to-home.yaml --iterations 1000 --seed 1 --out results/
    """
    from careshift.model import run
    from careshift.model.scenario import load_scenario

    parsed = load_scenario(scenario)
    data_pack = load_pack_option(pack)
    total = iterations or parsed.iterations
    with _progress(total) as progress:
        results = run(
            parsed,
            data_pack,
            iterations=iterations,
            seed=seed,
            executor=executor,  # type: ignore[arg-type]
            scheduler=scheduler,
            progress=progress,
            workers=workers,
        )
    results.write(out)
    _print_summary(results)
    click.echo(
        f"Wrote {out}/summary.csv, summary.parquet, waterfall.csv, central.csv, metadata.json "
        f"({results.metadata['iterations']} iterations in {results.metadata['elapsed_seconds']:.1f} s)."
    )


def _scenario_argument(value: str) -> Any:
    """A scenario file, or the name of a shipped sample (``do-nothing``, ``care-closer-to-home``)."""
    from careshift.model.scenario import load_scenario, sample_names, sample_path

    path = Path(value)
    if not path.exists() and value in sample_names():
        path = sample_path(value)
    return load_scenario(path)


@model.command(name="compare")
@click.argument("base")
@click.argument("others", metavar="OTHER...", nargs=-1, required=True)
@click.option("--iterations", "-n", type=click.IntRange(1), default=None, help="Monte Carlo runs [BASE's].")
@click.option("--seed", "-s", type=click.IntRange(0), default=None, help="Master seed [BASE's].")
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for differences.csv.",
)
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="Local threads.")
@click.option("--pack", default=None, help=_PACK_HELP)
@friendly_errors
def compare_command(
    base: str,
    others: tuple[str, ...],
    iterations: int | None,
    seed: int | None,
    out: Path,
    workers: int,
    pack: str | None,
) -> None:
    """Compare scenarios with BASE by paired per-iteration differences (common random numbers).

    Runs every scenario (a file, or a sample name) with one seed and number of iterations and writes
    differences.csv: year, locality, setting, measure, p10, p50, p90 of OTHER - BASE over the
    iterations, p_lower (the share of iterations where OTHER is below BASE) and scenario (OTHER's
    name), for the county and each locality; measures include bed days, beds, cost and the bed
    risks (occupancy, p_no_bed: an arriving patient finds no bed, p_turned_away: Erlang loss, and
    their peak-month values). Before any lever of OTHER starts, every difference is exactly 0.

    Example: careshift model compare do-nothing care-closer-to-home --iterations 1000 --seed 1 --out cmp/
    """
    from careshift.model.compare import compare

    parsed = _scenario_argument(base)
    data_pack = load_pack_option(pack)
    results, diff = compare(
        parsed,
        [_scenario_argument(o) for o in others],
        data_pack,
        iterations=iterations,
        seed=seed,
        workers=workers,
    )
    out.mkdir(parents=True, exist_ok=True)
    diff.to_csv(out / "differences.csv", index=False)
    _print_differences(diff, parsed.name)
    meta = results[0].metadata
    click.echo(f"Wrote {out}/differences.csv ({meta['iterations']} iterations, seed {meta['seed']}).")


_COMPARED = [
    ("acute_beds", "beds_at_target_occupancy"),
    ("acute_beds", "bed_days"),
    ("acute_beds", "occupancy"),
    ("acute_beds", "p_no_bed"),
    ("acute_beds", "p_turned_away"),
    ("all", "wte_total"),
    ("all", "cost"),
    ("all", "savings_vs_do_nothing"),
]
_SHARES = ("occupancy", "p_no_bed", "p_turned_away")  # differences in percentage points


def _difference_text(measure: str, value: float) -> str:
    return f"{value * 100:+.1f} pts" if measure in _SHARES else f"{value:,.0f}"


def _print_differences(diff: Any, base: str) -> None:
    from rich.console import Console
    from rich.table import Table

    year = int(diff.year.max())
    last = diff[(diff.year == year) & (diff.locality == "county")]
    for name, rows in last.groupby("scenario", sort=False):
        table = Table(title=f"{name} - {base}: county, {year} (paired differences over iterations)")
        for column in ("setting", "measure", "p10", "p50", "p90", "p_lower"):
            table.add_column(column, justify="left" if column in ("setting", "measure") else "right")
        for setting, measure in _COMPARED:
            row = rows[(rows.setting == setting) & (rows.measure == measure)]
            if len(row):
                r = row.iloc[0]
                cells = (_difference_text(measure, r[c]) for c in ("p10", "p50", "p90"))
                table.add_row(setting, measure, *cells, f"{r.p_lower:.0%}")
        Console(width=None if sys.stdout.isatty() else 120).print(table)


class _progress:
    """A rich progress bar for long runs (none for short ones or when output is not a terminal)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Any = None

    def __enter__(self) -> Callable[[int, int], None] | None:
        if self.total < PROGRESS_FROM or not sys.stderr.isatty():
            return None
        from rich.progress import Progress

        bar = self.bar = Progress(transient=True)
        bar.start()
        task = bar.add_task("Running iterations", total=self.total)
        return lambda done, total: bar.update(task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


_SHOWN = [
    ("acute_beds", "beds_at_target_occupancy"),
    ("acute_beds", "beds_for_risk"),
    ("virtual_ward", "beds_at_target_occupancy"),
    ("community_beds", "beds_at_target_occupancy"),
    ("all", "wte_total"),
    ("all", "cost"),
    ("all", "savings_vs_do_nothing"),
    ("all", "savings_vs_target"),
]


def _print_summary(results: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    df = results.summary()
    last = df[(df.year == df.year.max()) & (df.locality == "county")]
    table = Table(title=f"{results.metadata['scenario']}: county, {int(df.year.max())} (P10 / median / P90)")
    for column in ("setting", "measure", "p10", "p50", "p90"):
        table.add_column(column, justify="right" if column.startswith("p") else "left")
    for setting, measure in _SHOWN:
        row = last[(last.setting == setting) & (last.measure == measure)]
        if len(row):
            r = row.iloc[0]
            table.add_row(setting, measure, *(f"{r[c]:,.0f}" for c in ("p10", "p50", "p90")))
    Console(width=None if sys.stdout.isatty() else 120).print(table)


@model.command()
@click.argument("name", default="care-closer-to-home")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@friendly_errors
def sample(name: str, fmt: str) -> None:
    """Print a shipped sample scenario (do-nothing, care-closer-to-home).

    Example: careshift model sample do-nothing --format json > do-nothing.json
    """
    from careshift.model.scenario import load_scenario, sample_path

    path = sample_path(name)
    if fmt == "yaml":
        click.echo(path.read_text(encoding="utf-8"), nl=False)
    else:
        click.echo(json.dumps(load_scenario(path).model_dump(mode="json"), indent=2))


@model.command()
@click.option("--pack", default=None, help=_PACK_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
@friendly_errors
def baseline(pack: str | None, fmt: str) -> None:
    """Print the calibration table: the model's base year beside the published trust figures.

    One row per figure: measure, organisation, period, published, modelled (the trust-equivalent of
    the residents' figure), ratio and source. Rows marked out of band are said so, with the reason.
    The table format adds the growth check: the published figures year on year against the model's
    demographic growth.

    Example: careshift model baseline --format csv > calibration.csv
    """
    from careshift.model.baseline import calibration_csv, calibration_frame

    loaded = load_pack_option(pack)
    frame = calibration_frame(loaded)
    if frame.empty:
        raise CareshiftError(
            "This data pack carries no published figures to calibrate against.",
            hint="Use a pack with organisations, ae_monthly, beds_monthly and calibration tables.",
        )
    if fmt == "csv":
        click.echo(calibration_csv(frame), nl=False)
        return
    _print_calibration(frame)
    _print_growth(loaded)


def _print_calibration(frame: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Base year against the published figures (modelled = trust-equivalent)")
    for column in ("measure", "organisation", "period", "published", "modelled", "ratio", "band"):
        table.add_column(column, justify="right" if column in ("published", "modelled", "ratio") else "left")
    for r in frame.to_dict("records"):
        table.add_row(
            r["measure"],
            r["organisation"],
            r["period"],
            _num(r["published"]),
            _num(r["modelled"]),
            "" if r["ratio"] != r["ratio"] else f"{r['ratio']:.3f}",
            r["band_status"],
        )
    Console(width=None if sys.stdout.isatty() else 140).print(table)
    notes = [f"{r['measure']}: {r['note']}" for r in frame.to_dict("records") if r["note"]]
    click.echo("\n".join(["Notes:", *notes]))


def _print_growth(pack: Any) -> None:
    """The growth check (``careshift.model.growth_check``) under the table format's calibration table."""
    from itertools import pairwise

    from rich.console import Console
    from rich.table import Table

    from careshift.model.growth_check import growth_check

    found = growth_check(pack)
    if not found:
        return
    years = list(found[0].published)
    pairs = list(pairwise(years))
    y0 = pack.base_year
    table = Table(
        title=f"Growth check: published (OUH) year on year against the model's demography {y0}-{y0 + 1}"
    )
    table.add_column("measure")
    for column in [*years, *(f"to {b}" for _, b in pairs), "demography"]:
        table.add_column(column, justify="right")
    for g in found:
        changes = [f"{g.change(a, b):+.1%}" for a, b in pairs]
        table.add_row(
            g.measure, *(_num(g.published[y]) for y in years), *changes, f"{g.demographic_change:+.1%}"
        )
    Console(width=None if sys.stdout.isatty() else 140).print(table)


def _num(value: float) -> str:
    if value != value:  # NaN: not published or not modelled
        return ""
    return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.0f}"


@model.command()
@friendly_errors
def schema() -> None:
    """Print the JSON Schema of a scenario file.

    Example: careshift model schema > scenario.schema.json
    """
    from careshift.model.scenario import schema_json

    click.echo(schema_json(), nl=False)


def cli_reference() -> str:
    """Markdown reference for every ``careshift`` command, generated from ``--help``
    (docs/reference/cli.md)."""
    parts = [
        "# CLI reference: `careshift`\n",
        "Generated from `--help` by `python -m careshift.model.schema_docs`; do not edit by hand.\n",
    ]
    commands: list[tuple[str, click.Command]] = [("careshift", main)]
    for name, cmd in sorted(main.commands.items()):
        commands.append((f"careshift {name}", cmd))
        if isinstance(cmd, click.Group):
            commands += [(f"careshift {name} {sub}", c) for sub, c in sorted(cmd.commands.items())]
    for path, cmd in commands:
        # main's help names for every command, on a fresh copy: click caches a command's help option the
        # first time it is built, so the cached one would depend on how the command was last invoked.
        fresh = copy.copy(cmd)
        fresh._help_option = None
        ctx = click.Context(
            fresh,
            info_name=path,
            terminal_width=100,
            max_content_width=100,
            help_option_names=["-h", "--help"],
        )
        parts.append(f"## `{path}`\n\n```text\n{fresh.get_help(ctx)}\n```\n")
    return "\n".join(parts)


def _add_site_commands() -> None:
    try:
        from careshift.site.cli import add_commands
    except ModuleNotFoundError as exc:
        if exc.name not in ("careshift.site.cli",):
            raise
        return
    add_commands(main)


_add_site_commands()
