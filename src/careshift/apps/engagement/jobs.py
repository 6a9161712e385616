"""Background coding runs on the platform's job system (when installed)."""

from __future__ import annotations

from careshift.apps.jobs.registry import JobContext, job_handler


@job_handler("engagement.code_responses")
def code_responses(ctx: JobContext) -> str | None:
    from careshift.apps.engagement.coding import code_question
    from careshift.apps.engagement.models import Question

    question = Question.objects.get(pk=ctx.payload["question"])
    done = code_question(question, progress=ctx.progress)
    return f"Coded {done} answers to '{question.text}'."


@job_handler("engagement.purge_expired")
def purge_expired(ctx: JobContext) -> str | None:
    from careshift.apps.engagement import retention

    erased = retention.purge(ctx.job.owner, via=f"job {ctx.job.pk}")
    ctx.progress(1, 1)
    return f"Erased {erased} respondent(s) past their retention date."
