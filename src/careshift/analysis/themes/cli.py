"""``careshift themes ...``: check theme coding on your own human-coded data (no database needed)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from careshift.cli_errors import friendly_errors


@click.group()
def themes() -> None:
    """Theme analysis of free-text responses.

    Example: careshift themes evaluate coded.csv --text-column answer --label-columns "Access..Waiting"
    """


@themes.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--text-column", required=True, help="The column holding each response's text.")
@click.option(
    "--label-columns",
    required=True,
    multiple=True,
    help="A theme column (0/1); repeat it, or give FIRST..LAST for a run of columns.",
)
@click.option(
    "--human-coded-fraction",
    type=float,
    default=0.1,
    show_default=True,
    help="Share of responses a person codes first (chosen by active learning); 0 = names only.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for the first random sample.")
@click.option(
    "--descriptions",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Optional CSV theme,description with words describing each theme.",
)
@click.option("--threshold", type=float, default=None, help="Probability at which a theme is coded.")
@click.option(
    "--llm-url",
    default=None,
    help="Code with a language model at this OpenAI-compatible API base (e.g. http://localhost:8000/v1);"
    " its key is read from CARESHIFT_THEMES_LLM_API_KEY.",
)
@click.option("--llm-model", default="", help="The language model's name, with --llm-url.")
@friendly_errors
def evaluate(
    file: Path,
    text_column: str,
    label_columns: tuple[str, ...],
    human_coded_fraction: float,
    seed: int,
    descriptions: Path | None,
    threshold: float | None,
    llm_url: str | None,
    llm_model: str,
) -> None:
    """Code a CSV of human-coded responses and print the samples-averaged F1 against the human codes.

    The person's share is simulated from the file's own codes; F1 is measured on the other responses.
    The last line is samples_f1=0.NNN.

    Example: careshift themes evaluate feedback.csv --text-column "FFT answer"
    --label-columns "Not assigned..Positive experience & gratitude" --human-coded-fraction 0.1 --seed 1
    """
    from careshift.analysis.themes.dataset import descriptions_from, read_coded
    from careshift.analysis.themes.evaluate import simulate
    from careshift.analysis.themes.llm import Endpoint

    llm = (
        Endpoint(llm_url, llm_model, os.environ.get("CARESHIFT_THEMES_LLM_API_KEY", "")) if llm_url else None
    )

    data = read_coded(file, text_column, label_columns, descriptions_from(descriptions))
    result = simulate(
        data.texts,
        data.labels,
        data.themes,
        human_fraction=human_coded_fraction,
        seed=seed,
        threshold=threshold,
        llm=llm,
    )
    click.echo(
        f"responses={result.n_responses} themes={len(data.themes)} human_coded={result.n_human_coded} "
        f"evaluated={result.n_evaluated} seconds={result.seconds:.1f} method={result.method}"
    )
    click.echo(f"samples_f1={result.samples_f1:.3f}")
