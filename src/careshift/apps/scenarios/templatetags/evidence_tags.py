"""What a run's numbers rest on: each lever of its scenario with the evidence it cites."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from careshift.model.evidence_effects import evidence_id

register = template.Library()


@register.simple_tag
def lever_evidence(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per lever (population levers, then discharge levers): its name, note and citations, each
    with a link to the evidence bank item when it came from the bank."""
    rows = []
    discharge = (spec.get("discharge") or {}).get("levers", [])
    for lever in [*spec.get("levers", []), *discharge]:
        refs = []
        for ref in lever.get("evidence", []):
            number = evidence_id(ref)
            try:
                bank = reverse("appraisal:evidence_detail", args=[number]) if number else ""
            except NoReverseMatch:  # the appraisal app is not installed
                bank = ""
            refs.append({**ref, "bank_url": bank})
        rows.append({"name": lever.get("name", ""), "note": lever.get("note", ""), "evidence": refs})
    return rows
