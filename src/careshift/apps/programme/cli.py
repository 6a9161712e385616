"""`careshift programme ...`: board packs and tracker imports from the command line (for scheduled packs
and bulk loads); the same code as the web pages."""

from __future__ import annotations

from pathlib import Path

import click

DEMO_SLUG = "care-closer-to-home"


@click.group()
def programme() -> None:
    """The programme office: board packs and tracker imports.

    Example: careshift programme board-pack --format pdf --out board-pack.pdf
    """


def _programme(slug: str) -> object:
    from careshift.apps.programme.models import Programme

    found = Programme.objects.filter(slug=slug).first()
    if found is None:
        known = (
            ", ".join(Programme.objects.values_list("slug", flat=True)) or "none (run careshift setup-demo)"
        )
        raise click.ClickException(f"No programme {slug!r}. Programmes: {known}.")
    return found


@programme.command("board-pack")
@click.option("--programme", "slug", default=DEMO_SLUG, show_default=True, help="The programme's short name.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx"]), required=True, help="PDF or Word.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
def board_pack(slug: str, fmt: str, out: Path) -> None:
    """Write the board pack from the latest locked status reports.

    Example: careshift programme board-pack --programme care-closer-to-home --format docx --out pack.docx
    """
    from careshift.site.cli import setup_django

    setup_django()
    from careshift.apps.programme import boardpack

    pack = boardpack.build(_programme(slug))  # type: ignore[arg-type]
    out.write_bytes(boardpack.render(pack, fmt))
    click.echo(f"Wrote {out} ({len(pack.entries)} locked reports, {out.stat().st_size:,} bytes).")


@programme.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--programme", "slug", default=DEMO_SLUG, show_default=True, help="The programme to import into."
)
@click.option("--dry-run", is_flag=True, help="Check the file and say what would change; save nothing.")
def import_tracker(file: Path, slug: str, dry_run: bool) -> None:
    """Import projects, milestones, risks and savings from an XLSX or CSV tracker.

    The same checks as the web import: nothing is saved unless the whole file is valid, and importing the
    same file again changes nothing.

    Example: careshift programme import tracker.xlsx --dry-run
    """
    from careshift.site.cli import setup_django

    setup_django()
    from careshift.apps.programme import tracker_save, transfer
    from careshift.errors import UploadError
    from careshift.site.spreadsheets import web

    try:
        result = transfer.read(file.read_bytes(), file.name, _programme(slug), web.max_upload_bytes())  # type: ignore[arg-type]
    except UploadError as exc:
        raise click.ClickException(f"{exc.message} {exc.hint}") from None
    if not result.is_valid:
        for error in result.errors[:50]:
            click.echo(str(error), err=True)
        raise click.ClickException(f"{len(result.errors)} problem(s) in {file.name}: nothing saved.")
    if dry_run:
        click.echo(f"Valid. Would import: {result.summary()} (dry run: nothing saved)")
        return
    tracker_save.save(None, result, file.name)
    click.echo(f"Imported {file.name}: {result.summary()}")
