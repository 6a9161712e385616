"""One exception hierarchy for careshift; every message says what is wrong and what to do next.

::

    CareshiftError                 base: ``str(err)`` is the cause, ``err.hint`` what to do next
    ├── DataPackError              a data pack is missing, malformed or inconsistent
    │                              (names file, row and column where it can)
    ├── ScenarioError              a scenario file or form is invalid (names the field and the fix)
    ├── ModelError                 the engine cannot run these inputs (e.g. unknown setting)
    │   └── ExecutorError          a Monte Carlo executor (local or Dask) failed or is unreachable
    ├── AnalysisError              an analysis (appraisal, location, access, themes) cannot use these
    │                              inputs (names the input and the fix)
    ├── ValidationError            user input to a form, upload or API call is invalid
    │   ├── UploadError            a CSV/XLSX upload cannot be read (names sheet, row and column)
    │   ├── DocumentError          a YAML/JSON document is too big, too deep, not UTF-8 or not parseable
    │   └── ConflictError          someone else saved the object since it was opened (optimistic locking)
    ├── PermissionDenied           the signed-in user's role does not allow this action
    ├── NotFound                   the requested object does not exist or is not visible to the user
    ├── JobError                   a background job cannot be queued, run or cancelled
    ├── EnvironmentProblem         the server's disk or database stops the work, not the input
    └── ConfigurationError         a setting is missing or unsafe (e.g. placeholder secret in production)

The web layer renders any of these as an HTML error page or the canonical JSON error body
``{"error": {"type": ..., "message": ..., "hint": ..., "fields": {...}}}``; the CLI prints one line
and the hint, and exits non-zero.
"""

from __future__ import annotations

from typing import Any


class CareshiftError(Exception):
    """Base class. ``hint`` tells the user what to do next; ``fields`` maps field names to messages."""

    status_code = 400
    default_hint = "Check the input and try again."

    def __init__(self, message: str, *, hint: str | None = None, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint or self.default_hint
        self.fields = dict(fields or {})

    @property
    def type(self) -> str:
        return type(self).__name__

    def as_dict(self) -> dict[str, Any]:
        """The canonical JSON error body used by the API."""
        body = {"type": self.type, "message": self.message, "hint": self.hint, "fields": self.fields}
        return {"error": body}


class DataPackError(CareshiftError):
    default_hint = "Fix the named file (see docs/reference/datapack.md) or rebuild the pack."


class ScenarioError(CareshiftError):
    default_hint = "Fix the named field; `careshift model sample` prints a valid scenario to start from."


class AnalysisError(CareshiftError):
    status_code = 422
    default_hint = "Check the named input: its shape, its range and that it has no missing values."


class ModelError(CareshiftError):
    status_code = 422
    default_hint = "Check the scenario against the data pack's settings and activities."


class ExecutorError(ModelError):
    status_code = 503
    default_hint = "Check the Dask scheduler address, or run with the local executor."


class ValidationError(CareshiftError):
    default_hint = "Correct the highlighted fields and submit again."


class UploadError(ValidationError):
    default_hint = "Fix the named sheet, row and column, then upload the file again."


class DocumentError(ValidationError):
    default_hint = "Check the file is the YAML or JSON document you meant, then try again."


class ConflictError(ValidationError):
    status_code = 409
    default_hint = "Reload to see their changes, then make yours again."


class PermissionDenied(CareshiftError):
    status_code = 403
    default_hint = "Ask an administrator for a role that allows this."


class NotFound(CareshiftError):
    status_code = 404
    default_hint = "Check the address, or go back to the list and choose again."


class JobError(CareshiftError):
    default_hint = "Open the job's page for its status; start a new one if it has finished."


class EnvironmentProblem(CareshiftError):
    status_code = 503
    default_hint = "Ask the administrator to check the server's disk space and database file permissions."


class ConfigurationError(CareshiftError):
    status_code = 500
    default_hint = "Set the named environment variable (see docs/reference/settings.md)."
