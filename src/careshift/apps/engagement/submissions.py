"""Store a public response exactly once, with its protections: honeypot, timing, rate limit,
moderation of anything that looks like spam or carries personal information, and minimised personal
data kept apart from the answers."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from careshift.analysis.themes import find_pii, redact, sentiment
from careshift.apps.engagement.models import Answer, Consultation, Question, Respondent, Response
from careshift.apps.engagement.questionnaire import ResponseForm
from careshift.errors import CareshiftError

MIN_SECONDS = 3.0  # faster than a person can read and answer
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
MAX_LINKS = 2


def rate_limit() -> int:
    """Responses per consultation per sender per hour (``CARESHIFT_RESPONSE_RATE_LIMIT``, default 20)."""
    return int(settings.RESPONSE_RATE_LIMIT)


class TooManyResponses(CareshiftError):
    status_code = 429
    default_hint = "Wait an hour and try again, or contact the consultation team."


@dataclass(frozen=True)
class Outcome:
    response: Response | None
    duplicate: bool = False
    discarded: bool = False  # a honeypot hit: thanked, never stored


def client_key(address: str) -> str:
    """A keyed, daily hash of the sender's address: enough to count, never to identify."""
    day = timezone.localdate().isoformat()
    return hmac.new(settings.SECRET_KEY.encode(), f"{address}|{day}".encode(), hashlib.sha256).hexdigest()[
        :32
    ]


def _hold_reasons(form: ResponseForm, texts: list[str]) -> list[str]:
    reasons = []
    taken = form.seconds_taken()
    if taken is None:
        reasons.append("no valid start time")
    elif taken < MIN_SECONDS:
        reasons.append(f"answered in {taken:.1f} s")
    if sum(len(LINK.findall(t)) for t in texts) > MAX_LINKS:
        reasons.append("several links")
    if any(find_pii(t) for t in texts):
        reasons.append("personal information in the text")
    return reasons


def _answer(response: Response, q: Question, value: Any) -> Answer:
    answer = Answer(response=response, question=q)
    if q.kind == Question.Kind.TEXT:
        answer.text = value
        answer.redacted_text = redact(value)
        answer.sentiment = sentiment(value).label if value.strip() else ""
    elif q.kind == Question.Kind.MULTIPLE:
        answer.choices = list(value)
    elif q.kind == Question.Kind.SCALE:
        answer.number = value
    else:
        answer.choices = [value]
    return answer


def submit(consultation: Consultation, form: ResponseForm, address: str) -> Outcome:
    """Store the valid ``form`` once. Call only when the consultation is open and the form is valid."""
    data = form.cleaned_data
    if data.get(HONEYPOT_FIELD):
        return Outcome(None, discarded=True)
    existing = Response.objects.filter(
        consultation=consultation, idempotency_key=data["idempotency_key"]
    ).first()
    if existing is not None:
        return Outcome(existing, duplicate=True)
    client = client_key(address)
    since = timezone.now() - timedelta(hours=1)
    if (
        Response.objects.filter(consultation=consultation, client=client, submitted_at__gte=since).count()
        >= rate_limit()
    ):
        raise TooManyResponses("Too many responses have come from your connection in the last hour.")
    asked = form.asked()
    texts = [data.get(f"q_{q.key}") or "" for q in asked if q.kind == Question.Kind.TEXT]
    reasons = _hold_reasons(form, texts)
    try:
        with transaction.atomic():
            return Outcome(_store(consultation, form, asked, client, reasons))
    except IntegrityError:  # the same key arrived twice at once: the other request stored it
        return Outcome(
            Response.objects.get(consultation=consultation, idempotency_key=data["idempotency_key"]),
            duplicate=True,
        )


HONEYPOT_FIELD = "website"


def _store(
    consultation: Consultation, form: ResponseForm, asked: list[Question], client: str, reasons: list[str]
) -> Response:
    data = form.cleaned_data
    profile = {
        q.key: data[f"q_{q.key}"]
        for q in asked
        if q.kind == Question.Kind.EQUALITY and data.get(f"q_{q.key}")
    }
    respondent = None
    if profile or data.get("email"):
        keep = (consultation.closes or timezone.localdate()) + timedelta(days=consultation.retention_days)
        respondent = Respondent.objects.create(
            consultation=consultation,
            email=data.get("email") or "",
            wants_updates=bool(data.get("wants_updates")),
            profile=profile,
            retain_until=keep,
        )
    publish = next((bool(data.get(f"q_{q.key}")) for q in asked if q.kind == Question.Kind.PUBLISH), False)
    response = Response.objects.create(
        consultation=consultation,
        respondent=respondent,
        idempotency_key=data["idempotency_key"],
        client=client,
        status=Response.Status.HELD if reasons else Response.Status.ACCEPTED,
        held_because="; ".join(reasons),
        may_publish=publish,
    )
    Answer.objects.bulk_create(
        [
            _answer(response, q, data[f"q_{q.key}"])
            for q in asked
            if q.kind not in (Question.Kind.EQUALITY, Question.Kind.PUBLISH)
            and data.get(f"q_{q.key}") not in (None, "", [])
        ]
    )
    return response


def erase_person(respondent: Respondent) -> int:
    """Erase one person's personal data and, unless they allowed publication, their answers too.
    Returns the number of responses removed."""
    removed = 0
    with transaction.atomic():
        for response in respondent.responses.all():
            if not response.may_publish:
                response.delete()
                removed += 1
        respondent.delete()
    return removed


def purge_expired(today: Any = None) -> int:
    """Apply the retention rule: erase respondents whose retention date has passed."""
    day = today or timezone.localdate()
    expired = list(Respondent.objects.filter(retain_until__lt=day))
    for respondent in expired:
        erase_person(respondent)
    return len(expired)
