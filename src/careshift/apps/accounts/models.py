"""Users with one role each, the audit log, and API tokens for scripts and notebooks."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from careshift.apps.accounts.permissions import ROLE_LABELS, ROLES, has_permission

ROLE_CHOICES = [(role, ROLE_LABELS[role]) for role in ROLES]
TOKEN_PREFIX = "cs_"


class User(AbstractUser):
    """A person who signs in. ``role`` decides what they may do (see ``permissions.PERMISSIONS``)."""

    role = models.CharField(max_length=32, choices=ROLE_CHOICES, default="viewer")

    def can(self, action: str, obj: Any = None) -> bool:
        return has_permission(self, action, obj)

    # Django's admin asks for model permissions: administrators (by role, never as superusers) may use it.
    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return self.is_active and self.role == "administrator"

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_active and self.role == "administrator"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


class AuditEvent(models.Model):
    """One thing someone did: who, when, what, to which object, and the changes as JSON."""

    created = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)  # kept if the user is later deleted
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=100, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)  # {field: [before, after]} (see audit.py)
    reason = models.TextField(blank=True, help_text="Why, where the person gave a reason.")

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    @property
    def action_words(self) -> str:
        from careshift.apps.accounts.audit import describe_action

        return describe_action(self.action)

    @property
    def change_lines(self) -> list[str]:
        from careshift.apps.accounts.audit import describe_changes, field_choices

        return describe_changes(self.changes, field_choices(self.object_type) if self.object_type else None)

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.username or 'system'} {self.action} {self.object_repr}"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 hash is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'Jupyter notebook'.")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False)  # first characters, to tell tokens apart
    created = models.DateTimeField(default=timezone.now)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user: Any, name: str) -> tuple[ApiToken, str]:
        """Create a token for ``user``; return the row and the plain token (never stored)."""
        plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, token_hash=cls.hash(plain), prefix=plain[:10])
        return token, plain

    @classmethod
    def authenticate(cls, plain: str) -> ApiToken | None:
        """The active token matching ``plain``, with ``last_used`` updated; None if unknown or revoked."""
        token = cls.objects.active().select_related("user").filter(token_hash=cls.hash(plain)).first()
        if token is not None:
            now = timezone.now()
            cls.objects.filter(pk=token.pk).update(last_used=now)
            token.last_used = now
        return token

    @property
    def is_active(self) -> bool:
        return self.revoked is None
