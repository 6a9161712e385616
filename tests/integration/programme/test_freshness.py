"""The dashboard and programme page remember their roll-ups while the data is unchanged, and show an
edit at once however it was made: a page, a write that bypasses Django's signals (as another process or
a versioned save does), or, for tables without versions, within freshness.MAX_AGE seconds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db.models import F
from django.test import Client

from careshift.apps.programme import freshness
from careshift.apps.programme import models as m
from tests.integration.programme.conftest import Small


def page(client: Client, small: Small) -> str:
    response = client.get(f"/programme/{small.programme.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_unchanged_programme_is_served_from_memory(
    small: Small, viewer_client: Client, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        page(viewer_client, small)
    with django_assert_max_num_queries(len(first) - 8):  # the roll-up's queries are not repeated
        html = page(viewer_client, small)
    assert "Urgent care" in html and "Staffing" in html


def test_a_saved_record_shows_at_once(small: Small, viewer_client: Client) -> None:
    assert "£120,000" in page(viewer_client, small)
    month = small.line.months.order_by("month").first()
    assert month is not None
    month.plan += Decimal(50_000)
    month.save()  # a signal: forgotten in this process
    assert "£170,000" in page(viewer_client, small)


def test_a_write_without_signals_shows_at_once(small: Small, viewer_client: Client) -> None:
    assert "Staffing" in page(viewer_client, small)
    # as save_versioned or another process writes: one UPDATE, no signal, the version bumped
    m.RaidItem.objects.filter(reference=f"{small.programme.slug[:4]}-R1").update(
        title="Agency spend", version=F("version") + 1
    )
    html = page(viewer_client, small)
    assert "Agency spend" in html and "Staffing" not in html
    m.RaidItem.objects.filter(title="Agency spend").delete()  # a delete: the count moves
    assert "Agency spend" not in page(viewer_client, small)


def test_a_table_without_versions_is_fresh_within_max_age(
    small: Small, viewer_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "Urgent care" in page(viewer_client, small)
    m.Workstream.objects.filter(pk=small.workstream.pk).update(name="Same-day care")  # no version
    assert "Urgent care" in page(viewer_client, small)  # remembered: at most MAX_AGE seconds
    monkeypatch.setattr(freshness, "MAX_AGE", 0.0)
    assert "Same-day care" in page(viewer_client, small)
