"""`careshift programme ...`: board packs and tracker imports from the command line."""

from __future__ import annotations

import click


@click.group()
def programme() -> None:
    """The programme office: board packs and tracker imports.

    Example: careshift programme board-pack --format pdf --out board-pack.pdf
    """
