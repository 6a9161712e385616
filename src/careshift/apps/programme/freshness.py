"""Remembering what the programme pages compute from data that has not changed since.

The dashboard and a programme's page sum every project's savings, ratings and risks: tens of
milliseconds of queries and Python for 60 projects, which 20 people opening the page at once would
repeat for nothing. :func:`remember` keeps such a result in this process and gives it back while the
programme's data is unchanged, judged by

- a **stamp** read in one query: for each editable table its row count, largest id and sum of versions
  (every edit of a project, milestone, risk, action, savings line, status report or board meeting bumps
  its version, whoever makes it: a page, the API, an import, another process; a new or deleted row moves
  the count or the largest id), and the row count and largest id of the append-only or bulk-written
  tables (delivery-confidence assessments, savings months: their edits also bump the savings line);
- a **generation** that any save of a programme record or user in this process bumps, and any delete of
  one the stamp does not count (the tables without versions: programmes, workstreams, stages, savings
  targets, month values, names);
- the **date** (totals to date and "next board" move with it) and at most :data:`MAX_AGE` seconds, for a
  change made in another process to a table without versions (e.g. a workstream renamed from the CLI).
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")
MAX_AGE = 60.0  # seconds
MAX_ENTRIES = 64

VERSIONED = ("Project", "Milestone", "RaidItem", "Action", "SavingsLine", "StatusReport", "BoardMeeting")
APPEND_ONLY = ("ConfidenceAssessment", "SavingsMonth")

_generation = itertools.count(1)
_current = [0]
_entries: OrderedDict[Hashable, tuple[tuple[Any, ...], float, Any]] = OrderedDict()
_lock = threading.Lock()


def _part(position: int, model: type[models.Model], versioned: bool) -> str:
    quote, meta = connection.ops.quote_name, model._meta
    field = meta.get_field("version") if versioned else None
    version = f"COALESCE(SUM({quote(str(getattr(field, 'column', '')))}), 0)" if versioned else "0"
    largest = f"COALESCE(MAX({quote(str(getattr(meta.pk, 'column', 'id')))}), 0)"
    return f"SELECT {position}, COUNT(*), {largest}, {version} FROM {quote(meta.db_table)}"


def stamp() -> tuple[Any, ...]:
    """The programme tables' (count, largest id, sum of versions), in one query."""
    from careshift.apps.programme import models as m

    names = [(name, True) for name in VERSIONED] + [(name, False) for name in APPEND_ONLY]
    parts = [_part(k, getattr(m, name), versioned) for k, (name, versioned) in enumerate(names)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        rows = cursor.fetchall()
    return tuple(tuple(int(v) for v in row) for row in sorted(rows))  # UNION ALL keeps no order


def remember(key: Hashable, make: Callable[[], T]) -> T:
    """``make()``, or what it gave last time for ``key`` if the programme data has not changed since
    (see the module docstring). The result is shared between requests: treat it as read-only."""
    now = time.monotonic()
    state = (_current[0], dt.date.today().isoformat(), stamp())
    with _lock:
        found = _entries.get(key)
        if found is not None and found[0] == state and now - found[1] < MAX_AGE:
            _entries.move_to_end(key)
            return found[2]  # type: ignore[no-any-return]
    value = make()
    with _lock:
        _entries[key] = (state, now, value)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def forget(*_: Any, **__: Any) -> None:
    """Drop everything remembered (a record was saved or deleted in this process)."""
    with _lock:
        _current[0] = next(_generation)
        _entries.clear()


def connect() -> None:
    """Forget on every save of a programme record or a user, and on every delete of one the stamp does
    not count (so deleting a project still deletes its months in bulk) (AppConfig.ready)."""
    from django.apps import apps

    counted = set(VERSIONED + APPEND_ONLY)
    senders: list[type[models.Model]] = [*apps.get_app_config("programme").get_models(), get_user_model()]
    for model in senders:
        post_save.connect(forget, sender=model, dispatch_uid=f"programme-freshness-save-{model._meta}")
        if model.__name__ not in counted or model._meta.app_label != "programme":
            uid = f"programme-freshness-delete-{model._meta}"
            post_delete.connect(forget, sender=model, dispatch_uid=uid)
