"""The programme's editable records carry a ``version`` (careshift.site.concurrency): the edit pages save
with :func:`~careshift.site.concurrency.save_versioned`, so the second of two people editing the same
record is refused instead of overwriting the first. Writers that do not check (a tracker import, the
Django admin, a stage move) still bump the version on every plain ``save()``, so a form opened before
them is refused too."""

from __future__ import annotations

from typing import Any

from careshift.site.concurrency import Versioned


class Edited(Versioned):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            self.version = (self.version or 0) + 1
            fields = kwargs.get("update_fields")
            if fields is not None:
                kwargs["update_fields"] = {*fields, "version"}
        super().save(*args, **kwargs)
