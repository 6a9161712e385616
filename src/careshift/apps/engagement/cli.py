"""``careshift engagement ...``: housekeeping for consultations from the command line (for a scheduler)."""

from __future__ import annotations

from datetime import date

import click


@click.group()
def engagement() -> None:
    """Engagement and consultations.

    Example: careshift engagement purge --dry-run
    """


@engagement.command()
@click.option("--dry-run", is_flag=True, help="Only count who would be erased.")
@click.option(
    "--queue", is_flag=True, help="Queue it as a background job (engagement.purge_expired) instead."
)
def purge(dry_run: bool, queue: bool) -> None:
    """Apply the retention rule: erase respondents whose retention date has passed (audited).

    Example: careshift engagement purge
    """
    from careshift.site.cli import setup_django

    setup_django()
    from careshift.apps.engagement import retention

    today = date.today()
    if dry_run:
        click.echo(f"{retention.due(today)} respondent(s) are past their retention date; nothing erased.")
    elif queue:
        from careshift.apps.jobs import services

        job = services.enqueue("engagement.purge_expired", {}, title="Erase expired consultation respondents")
        click.echo(f"Queued job {job.pk}: a worker will erase the expired respondents.")
    else:
        click.echo(
            f"Erased {retention.purge(today=today, via='cli')} respondent(s) past their retention date."
        )
