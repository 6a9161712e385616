"""Why a job failed, in words: the user's input, the server's environment, or a bug in careshift.

A :class:`~careshift.errors.CareshiftError` carries its own message and hint. A full disk, a read-only
database or file, or a database that stays locked is the server's environment, not the input and not a
bug: the hint says what an administrator should fix. Only what is left is reported as a bug.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

from django.db import DatabaseError

from careshift.errors import CareshiftError

DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
DISK_FULL_TEXT = ("database or disk is full", "no space left on device", "could not extend file")
READ_ONLY_TEXT = (
    "readonly database",
    "read-only database",
    "read only",
    "unable to open database file",
    "cannot execute",  # PostgreSQL: "cannot execute INSERT in a read-only transaction"
)
LOCKED_TEXT = ("database is locked", "database table is locked", "could not obtain lock")
DISK_IO_TEXT = ("disk i/o error", "i/o error")

KEEP = "Nothing already saved is lost; run the job again once this is fixed."


@dataclass(frozen=True)
class Failure:
    message: str
    hint: str
    environment: bool  # the server's disk or database, not the input


def describe(err: BaseException) -> Failure:
    """The message and hint a job page shows for ``err``."""
    if isinstance(err, CareshiftError):
        return Failure(err.message, err.hint, environment=False)
    environment = environment_problem(err)
    if environment is not None:
        return environment
    if isinstance(err, DatabaseError):  # its text names tables, columns and values: for the log only
        return Failure(
            f"The database refused to store the job's data ({type(err).__name__}).",
            "This is a bug in careshift: report it with the job number (the server log has the "
            "database's own message); your inputs are unchanged.",
            environment=False,
        )
    return Failure(
        f"The job stopped with an unexpected error: {type(err).__name__}: {err}",
        "This is a bug in careshift: report it with the job number; your inputs are unchanged.",
        environment=False,
    )


def environment_problem(err: BaseException) -> Failure | None:
    """A :class:`Failure` when ``err`` is the server's environment (disk full, read-only, locked)."""
    text = str(err).lower()
    code = getattr(err, "errno", None)
    if code in DISK_FULL_ERRNOS or any(t in text for t in DISK_FULL_TEXT):
        where = f" ({err.filename})" if isinstance(err, OSError) and err.filename else ""
        return Failure(
            f"The server's disk is full{where}: {err}",
            "Ask the administrator to free disk space where careshift keeps its database and files "
            f"(CARESHIFT_HOME), then run the job again. {KEEP}",
            environment=True,
        )
    if _read_only(err, text, code):
        return Failure(
            f"The server cannot write to its database or files: {err}",
            "Ask the administrator to check that careshift's database file and its folder (CARESHIFT_HOME), "
            f"or the PostgreSQL server, accept writes from the careshift user. {KEEP}",
            environment=True,
        )
    if isinstance(err, DatabaseError) and any(t in text for t in LOCKED_TEXT):
        return Failure(
            f"The database stayed busy for too long: {err}",
            "Too many writers share the SQLite database: run the job again, and for many users move to "
            f"PostgreSQL (docs/how-to/deploy-postgresql.md). {KEEP}",
            environment=True,
        )
    if any(t in text for t in DISK_IO_TEXT):
        return Failure(
            f"The server could not read or write its disk: {err}",
            f"Ask the administrator to check the disk holding CARESHIFT_HOME for errors. {KEEP}",
            environment=True,
        )
    return None


def _read_only(err: BaseException, text: str, code: object) -> bool:
    if isinstance(err, DatabaseError):
        return any(t in text for t in READ_ONLY_TEXT)
    return isinstance(err, OSError) and code in READ_ONLY_ERRNOS
