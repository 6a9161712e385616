"""The retention rule applied on demand: erase the respondents whose retention date has passed (their
answers too, unless they allowed publication), and record that it was done in the audit log."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from careshift.apps.accounts import audit
from careshift.apps.engagement import submissions
from careshift.apps.engagement.models import Respondent


def due(today: date | None = None) -> int:
    """How many respondents the retention rule would erase today."""
    return Respondent.objects.filter(retain_until__lt=today or timezone.localdate()).count()


def purge(user: Any = None, *, today: date | None = None, via: str = "cli") -> int:
    """Erase expired respondents; one audit event says how many, when and how it was started."""
    day = today or timezone.localdate()
    erased = submissions.purge_expired(day)
    audit.record(user, "respondent.delete", None, {"expired": erased, "before": day.isoformat(), "via": via})
    return erased
