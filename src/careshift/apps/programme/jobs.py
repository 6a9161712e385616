"""The programme office's background work on the platform's job system: rendering a board pack as PDF
or Word (kind ``programme.board_pack``). The request is a :class:`BoardPackFile`; the job builds the pack
from the latest locked reports, renders it and stores the document on that record for download."""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.dispatch import receiver

from careshift.apps.jobs.models import Job
from careshift.apps.jobs.registry import JobContext, job_handler
from careshift.apps.programme.models import BoardPackFile
from careshift.errors import JobError

BOARD_PACK = "programme.board_pack"
STEPS = 3


@job_handler(BOARD_PACK)
def render_board_pack(ctx: JobContext) -> str | None:
    from careshift.apps.programme import boardpack

    try:
        request = BoardPackFile.objects.select_related("programme").get(pk=ctx.payload["file"])
    except BoardPackFile.DoesNotExist:
        raise JobError(
            f"Job {ctx.job.pk} has no board pack request: it was deleted.", hint="Render the pack again."
        ) from None
    ctx.progress(0, STEPS, "Gathering the latest locked status reports")
    pack = boardpack.build(request.programme)
    ctx.progress(1, STEPS, f"Writing the {request.get_format_display()} document")
    content = boardpack.render(pack, request.format)
    ctx.progress(2, STEPS, "Saving the document")
    with ctx.holding():
        BoardPackFile.objects.filter(pk=request.pk).update(
            content=content,
            size=len(content),
            file_name=boardpack.file_name(request.programme, request.format),
            reports=len(pack.entries),
        )
    ctx.progress(STEPS, STEPS, "Done")
    return request.get_absolute_url()


@receiver(post_delete, sender=BoardPackFile)
def _delete_its_job(sender: object, instance: BoardPackFile, **kwargs: object) -> None:
    if instance.job_id is not None:
        Job.objects.filter(pk=instance.job_id).delete()
