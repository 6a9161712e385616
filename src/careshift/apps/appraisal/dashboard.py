"""Counts for the appraisal app's home-page cards."""

from __future__ import annotations

from typing import Any


def appraisal_count(user: Any) -> int:
    from careshift.apps.appraisal.models import Appraisal

    return Appraisal.objects.count()


def evidence_count(user: Any) -> int:
    from careshift.apps.appraisal.models import EvidenceItem

    return EvidenceItem.objects.count()
