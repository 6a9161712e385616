"""Registered members: people who signed up (no account, no password) to hear about consultations.

Kept apart from responses on purpose: nothing links a member to what anyone answered. A member exists
only once they have confirmed their address by the signed link, and can stop updates or erase the record
by the link in every message."""

from __future__ import annotations

from django.db import models


class Member(models.Model):
    email = models.EmailField(unique=True, help_text="Stored in lower case.")
    wants_updates = models.BooleanField(default=True)
    profile = models.JSONField(default=dict, blank=True, help_text="Optional demographic answers.")
    confirmed_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Member {self.pk}"
