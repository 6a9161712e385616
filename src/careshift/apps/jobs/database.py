"""Database access that survives contention: retries with backoff when SQLite says "database is locked".

On SQLite every ``transaction.atomic()`` begins with ``BEGIN IMMEDIATE`` (``transaction_mode`` in
settings), so a worker takes the write lock up front instead of upgrading a read transaction, which
SQLite refuses at once under concurrent writers. The lock can still be busy for longer than the
connection's timeout; :func:`retrying` then waits and tries again.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import OperationalError, connection, transaction

log = logging.getLogger(__name__)
T = TypeVar("T")

LOCKED_MARKERS = ("database is locked", "database table is locked", "could not obtain lock")
_sleep = time.sleep  # (tests replace it to retry without waiting)


def is_locked(err: BaseException) -> bool:
    """True for a transient lock conflict (SQLite busy, PostgreSQL lock timeout): worth retrying."""
    return isinstance(err, OperationalError) and any(m in str(err).lower() for m in LOCKED_MARKERS)


def backoff_delay(attempt: int, base: float = 0.05, cap: float = 5.0) -> float:
    """Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2**attempt)]."""
    return random.uniform(0, min(cap, base * 2**attempt))


def retrying(operation: Callable[[], T], *, attempts: int = 8, what: str = "database write") -> T:
    """Run ``operation``; when it fails because the database is locked, back off and try again (up to
    ``attempts`` times, then re-raise). Other errors propagate at once."""
    for attempt in range(attempts):
        try:
            return operation()
        except OperationalError as err:
            if not is_locked(err) or attempt == attempts - 1:
                raise
            delay = backoff_delay(attempt)
            log.info("%s: database is locked; retrying in %.2f s (attempt %d)", what, delay, attempt + 1)
            if not connection.in_atomic_block:
                connection.close()  # a fresh connection: the old one may hold a failed transaction
            _sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


@contextmanager
def write_transaction(attempts: int = 8) -> Iterator[None]:
    """``transaction.atomic()`` whose BEGIN (which takes SQLite's write lock) is retried with backoff
    while the database is locked. The body runs once: an error inside it propagates."""
    atomic = transaction.atomic()
    for attempt in range(attempts):
        try:
            atomic.__enter__()
            break
        except OperationalError as err:
            if not is_locked(err) or attempt == attempts - 1:
                raise
            _sleep(backoff_delay(attempt))
    try:
        yield
    except BaseException as err:
        atomic.__exit__(type(err), err, err.__traceback__)  # rolls back; never suppresses
        raise
    atomic.__exit__(None, None, None)


def uses_immediate_transactions() -> bool:
    """SQLite's transactions take the write lock at BEGIN (settings' ``transaction_mode``)."""
    mode = str(connection.settings_dict.get("OPTIONS", {}).get("transaction_mode") or "")
    return connection.vendor != "sqlite" or mode.upper() == "IMMEDIATE"
