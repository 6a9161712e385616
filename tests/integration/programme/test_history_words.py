"""A record's change history and the audit page read in words: ratings by their labels ('Amber/Red'),
not their stored codes ('amber_red')."""

from __future__ import annotations

import pytest

from careshift.apps.accounts.audit import describe_changes, field_choices
from careshift.apps.accounts.models import AuditEvent
from careshift.apps.programme import services
from tests.integration.programme.conftest import Small

pytestmark = pytest.mark.django_db


def test_a_confidence_assessment_is_recorded_in_words(small: Small) -> None:
    services.assess(small.lead, small.project, rating="amber_red", themes={}, reason="Two milestones slipped")
    services.assess(small.lead, small.project, rating="red", themes={}, reason="Funding withdrawn")
    first, second = AuditEvent.objects.filter(action="project.assess").order_by("id")
    # PostgreSQL's jsonb keeps its own key order: find the line, not its position
    assert "Confidence: (none) → 'Amber/Red'" in first.change_lines
    assert "Confidence: 'Amber/Red' → 'Red'" in second.change_lines
    assert not any("amber_red" in line for event in (first, second) for line in event.change_lines)


def test_a_field_with_choices_is_shown_by_its_labels() -> None:
    choices = field_choices("programme.savingsline")
    assert choices["confidence"]  # the savings line's confidence has choices
    code, label = next(iter(choices["confidence"].items()))
    assert describe_changes({"confidence": [None, code]}, choices) == [f"Confidence: (none) → {label}"]
    assert describe_changes({"confidence": [None, code]}) == [f"Confidence: (none) → {code!r}"]
    assert field_choices("no.such_model") == {}
