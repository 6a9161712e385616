"""One line and a hint for any error a command raises (imported by every command group, so it must not
import ``careshift.cli``, which registers the apps' commands when it loads)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from careshift.errors import CareshiftError

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, hint: str) -> None:
    click.secho(f"Error: {message}", fg="red", err=True)
    click.echo(f"Hint: {hint}", err=True)
    sys.exit(1)


def friendly_errors(func: F) -> F:
    """Turn any error into one line and a hint, with a non-zero exit."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from careshift.model.executors import Cancelled

        try:
            return func(*args, **kwargs)
        except CareshiftError as err:
            _fail(err.message, err.hint)
        except Cancelled:
            _fail("The run was cancelled.", "Run it again when ready.")
        except KeyboardInterrupt:
            _fail("Interrupted.", "Run the command again.")
        except OSError as err:
            _fail(
                f"{err.strerror or err} ({getattr(err, 'filename', '') or 'file system'}).",
                "Check the path and permissions.",
            )

    return wrapper  # type: ignore[return-value]


__all__ = ["_fail", "friendly_errors"]
