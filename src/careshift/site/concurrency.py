"""Optimistic concurrency for any model people edit: a ``version`` that each save must still match.

Two people open the same object; the first save wins and bumps the version; the second save names the
version it was opened at, finds it gone, and is refused with :class:`careshift.errors.ConflictError`
instead of silently overwriting the first (a "lost update"). The refused person keeps what they typed
and decides. Any app uses it in three steps::

    class Project(Versioned, models.Model): ...            # 1. the model gains `version`

    save_versioned(project, expected=form.version, fields=["name", "plan"])   # 2. services save with it

    class ProjectForm(VersionedForm, forms.Form): ...       # 3. forms carry it as a hidden field

and the API returns the version as the ``ETag`` and honours ``If-Match`` (:func:`if_match_version`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db import models
from django.db.models import F
from django.http import HttpRequest

from careshift.errors import ConflictError


class Versioned(models.Model):
    """Abstract: adds ``version``, 1 when created and one more on every :func:`save_versioned`."""

    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Bumped on every save; a save naming an older one is refused."
    )

    class Meta:
        abstract = True


def conflict(instance: models.Model, expected: int) -> ConflictError:
    label = instance._meta.verbose_name
    return ConflictError(
        f"Someone else saved this {label} after you opened it (you had version {expected}; it is now "
        f"version {current_version(instance)}). Your changes have not been saved.",
        hint=f"Your changes are still in the form: compare them with the saved {label} (open it in "
        "another tab), then save again to replace it, or reload to start from their version.",
        fields={"version": "changed since you opened it"},
    )


def current_version(instance: models.Model) -> int | None:
    manager = type(instance)._default_manager
    value = manager.filter(pk=instance.pk).values_list("version", flat=True).first()
    return None if value is None else int(value)


def save_versioned(instance: Any, expected: int | None, fields: Iterable[str]) -> None:
    """Write ``fields`` of ``instance`` only if its stored version is still ``expected`` (default: the
    version it was loaded with), bumping the version; raise :class:`ConflictError` otherwise.

    One conditional ``UPDATE ... WHERE version = expected``: atomic on SQLite and PostgreSQL alike.
    """
    expected = instance.version if expected is None else int(expected)
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        values[name] = field.pre_save(instance, add=False)  # auto_now fields take the time now
    auto_now = [f for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
    for field in auto_now:
        values[field.name] = field.pre_save(instance, add=False)
    manager = type(instance)._default_manager
    updated = manager.filter(pk=instance.pk, version=expected).update(version=F("version") + 1, **values)
    if not updated:
        raise conflict(instance, expected)
    instance.version = expected + 1


def delete_versioned(instance: Any, expected: int | None) -> None:
    """Delete ``instance`` only if its stored version is still ``expected`` (default: the version it was
    loaded with); raise :class:`ConflictError` if someone saved it since, so a person never deletes
    changes they have not seen. One conditional ``DELETE ... WHERE version = expected``."""
    expected = instance.version if expected is None else int(expected)
    manager = type(instance)._default_manager
    deleted, _ = manager.filter(pk=instance.pk, version=expected).delete()
    if not deleted:
        label = instance._meta.verbose_name
        raise ConflictError(
            f"Someone else saved this {label} after you opened it (you had version {expected}; it is now "
            f"version {current_version(instance)}), so it has not been deleted.",
            hint=f"Open the {label} again to see their changes, then delete it if it should still go.",
            fields={"version": "changed since you opened it"},
        )


class VersionedForm(forms.Form):
    """A form carrying the version it was opened at, as a hidden field named ``version``."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        help_text="The version this page was opened at; a save is refused if someone has saved since.",
    )

    def opened_version(self) -> int | None:
        value = self.cleaned_data.get("version") if hasattr(self, "cleaned_data") else None
        return None if value is None else int(value)


def if_match_version(request: HttpRequest) -> int | None:
    """The version named by an ``If-Match: "<version>"`` header (None without one).

    Raises :class:`ConflictError` for a header that names no version.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    tag = header.removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise ConflictError(
            f"If-Match {header!r} is not a version.", hint='Send the ETag you read, e.g. If-Match: "3".'
        )
    return int(tag)


def etag(version: int) -> str:
    return f'"{version}"'
