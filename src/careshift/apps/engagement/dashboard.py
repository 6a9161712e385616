from __future__ import annotations

from typing import Any


def stakeholder_count(user: Any) -> int:
    from careshift.apps.engagement.models import Stakeholder

    return Stakeholder.objects.count()
