"""Theme analysis for one question: propose candidate themes, code every answer (machine codes learn
from the person's codes: tag by example), and let analysts correct codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction

from careshift.analysis.themes import Theme as CoderTheme
from careshift.analysis.themes import ThemeCoder, propose_themes
from careshift.analysis.themes.llm import Endpoint, LLMCoder
from careshift.apps.engagement.models import Answer, Code, Question, Theme
from careshift.errors import ValidationError

Progress = Callable[[int, int, str], None]
BATCH = 500


def _answers(question: Question) -> list[Answer]:
    return list(
        Answer.objects.filter(question=question, response__status="accepted").exclude(text="").order_by("pk")
    )


def propose(question: Question) -> list[Theme]:
    """Add candidate themes from the answers (existing themes are kept)."""
    answers = _answers(question)
    candidates = propose_themes([a.text for a in answers], seed=question.pk)
    known = set(question.themes.values_list("name", flat=True))
    return [
        Theme.objects.create(question=question, name=c.name, description=", ".join(c.keywords))
        for c in candidates
        if c.name not in known
    ]


def merge(keep: Theme, others: list[Theme]) -> None:
    """Fold ``others`` into ``keep``: their codes move across (no duplicates), they are marked merged."""
    with transaction.atomic():
        for theme in others:
            for code in theme.codes.all():
                if not Code.objects.filter(answer=code.answer, theme=keep).exists():
                    Code.objects.create(
                        answer=code.answer,
                        theme=keep,
                        by=code.by,
                        confidence=code.confidence,
                        coder=code.coder,
                    )
            theme.codes.all().delete()
            theme.status, theme.merged_into = Theme.Status.MERGED, keep
            theme.save()


def live_themes(question: Question) -> list[Theme]:
    return list(question.themes.exclude(status=Theme.Status.MERGED))


def llm_endpoint() -> Endpoint | None:
    """The language model configured in settings (CARESHIFT_THEMES_LLM_*), or None when it is off."""
    if not settings.THEMES_LLM_URL:
        return None
    return Endpoint(
        settings.THEMES_LLM_URL,
        settings.THEMES_LLM_MODEL,
        settings.THEMES_LLM_API_KEY,
        settings.THEMES_LLM_TIMEOUT,
    )


def code_question(question: Question, progress: Progress | None = None) -> int:
    """Replace the machine's codes on every answer a person has not coded; returns answers coded."""
    themes = live_themes(question)
    if not themes:
        raise ValidationError("This question has no themes yet.", hint="Propose or add themes first.")
    answers = _answers(question)
    person = Code.objects.filter(answer__question=question, by=Code.By.PERSON, theme__in=themes)
    coded: dict[int, set[str]] = {}
    for answer_id, theme_id in person.values_list("answer_id", "theme_id"):
        coded.setdefault(answer_id, set()).add(str(theme_id))
    coder_themes = [CoderTheme(str(t.pk), t.name, t.description) for t in themes]
    by_id = {a.pk: a for a in answers}
    examples = [i for i in coded if i in by_id]
    coder: ThemeCoder | LLMCoder
    endpoint = llm_endpoint()
    if endpoint is not None:
        coder = LLMCoder(endpoint, coder_themes, [(by_id[i].text, coded[i]) for i in examples])
    else:
        coder = ThemeCoder(coder_themes).fit(
            [by_id[i].text for i in examples], [coded[i] for i in examples], corpus=[a.text for a in answers]
        )
    todo = [a for a in answers if a.pk not in coded]
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        _write(batch, coder.code([a.text for a in batch]))
        if progress:
            progress(start + len(batch), len(todo), f"coded {start + len(batch)} of {len(todo)} answers")
    return len(todo)


def _write(batch: list[Answer], codes: list[Any]) -> None:
    with transaction.atomic():
        Code.objects.filter(answer__in=batch, by=Code.By.MACHINE).delete()
        Code.objects.bulk_create(
            [
                Code(answer=a, theme_id=int(c.theme), by=Code.By.MACHINE, confidence=c.confidence)
                for a, row in zip(batch, codes, strict=True)
                for c in row
            ]
        )


def set_codes(answer: Answer, theme_ids: set[int], user: Any) -> None:
    """A person's codes for one answer: they replace the machine's, and train its next run."""
    with transaction.atomic():
        answer.codes.all().delete()
        Code.objects.bulk_create(
            [Code(answer=answer, theme_id=t, by=Code.By.PERSON, coder=user) for t in theme_ids]
        )
