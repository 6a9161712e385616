"""Accounts API: who am I (handy for checking a token works), and creating or revoking your own tokens."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from careshift.apps.accounts import audit
from careshift.apps.accounts.api_auth import require
from careshift.apps.accounts.models import ApiToken
from careshift.apps.accounts.permissions import PERMISSIONS
from careshift.errors import NotFound, ValidationError

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    role: str
    actions: list[str]


@router.get("/me", response=MeOut, summary="The authenticated user, their role and allowed actions")
def me(request: HttpRequest) -> MeOut:
    user = require(request, "view")
    actions = [a for a in PERMISSIONS if user.can(a)]
    return MeOut(username=user.get_username(), role=user.role, actions=actions)


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created: str
    token: str | None = None  # only when just created


@router.post("/tokens", response={201: TokenOut}, summary="Create an API token for yourself (shown once)")
def create_token(request: HttpRequest, payload: TokenIn) -> Status:
    user = require(request, "view")
    name = payload.name.strip()
    if not name:
        raise ValidationError("The token needs a name.", fields={"name": "Say what the token is for."})
    token, plain = ApiToken.issue(user, name[:100])
    audit.record(user, "token.create", token)
    return Status(
        201,
        TokenOut(
            id=token.pk, name=token.name, prefix=token.prefix, created=token.created.isoformat(), token=plain
        ),
    )


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke one of your API tokens")
def revoke_token(request: HttpRequest, token_id: int) -> Status:
    user = require(request, "view")
    token = ApiToken.objects.filter(pk=token_id, user=user, revoked__isnull=True).first()
    if token is None:
        raise NotFound(f"You have no active token {token_id}.", hint="List your tokens at /accounts/tokens/.")
    token.revoked = timezone.now()
    token.save(update_fields=["revoked"])
    audit.record(user, "token.revoke", token)
    return Status(204, None)
