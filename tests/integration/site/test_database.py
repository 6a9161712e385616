"""`make test` sets CARESHIFT_REQUIRE_DATABASE=postgresql for its second run: prove it ran on PostgreSQL."""

from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_required_database_is_the_one_in_use() -> None:
    required = os.environ.get("CARESHIFT_REQUIRE_DATABASE")
    if required:
        assert connection.vendor == required, f"Expected {required}, running on {connection.vendor}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
