"""Registered membership without an account: sign up, confirm by a signed link, stop updates or erase.

Nothing is stored until the address is confirmed: the sign-up details travel inside the signed link
(valid for a week), so an address typed by someone else leaves no record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.utils import timezone

from careshift.apps.engagement.models import Member
from careshift.apps.engagement.questionnaire import EQUALITY_QUESTIONS

CONFIRM_SALT = "engagement.member.confirm"
LEAVE_SALT = "engagement.member.leave"
CONFIRM_DAYS = 7


class SignUpForm(forms.Form):
    email = forms.EmailField(label="Your e-mail address", max_length=254)
    consent = forms.BooleanField(
        label="I agree to receive e-mails about consultations and what they changed",
        help_text="You can stop them, or erase your details, from the link in every e-mail.",
        error_messages={"required": "Tick the box to agree to updates: membership is only for them."},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for key, text, options in EQUALITY_QUESTIONS:
            self.fields[f"p_{key}"] = forms.ChoiceField(
                label=f"{text} (optional)",
                choices=[("", "Not answered"), *[(o, o) for o in options]],
                required=False,
            )

    def profile(self) -> dict[str, str]:
        return {
            k: self.cleaned_data[f"p_{k}"] for k, _, _ in EQUALITY_QUESTIONS if self.cleaned_data[f"p_{k}"]
        }

    def details(self) -> dict[str, Any]:
        return {"email": self.cleaned_data["email"].strip().lower(), "profile": self.profile()}


def confirm_token(details: dict[str, Any]) -> str:
    return signing.dumps(details, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token: str) -> dict[str, Any] | None:
    try:
        details = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_DAYS * 86400)
    except signing.BadSignature:
        return None
    return details if isinstance(details, dict) and isinstance(details.get("email"), str) else None


def leave_token(member: Member) -> str:
    return signing.dumps({"id": member.pk, "email": member.email}, salt=LEAVE_SALT)


def member_from_leave_token(token: str) -> Member | None:
    try:
        data = signing.loads(token, salt=LEAVE_SALT)
    except signing.BadSignature:
        return None
    return Member.objects.filter(pk=data.get("id"), email=data.get("email")).first()


def send_confirmation(email: str, link: str) -> None:
    body = (
        "Someone (we hope you) asked to join careshift's consultation updates with this address.\n\n"
        f"To confirm, open this link within {CONFIRM_DAYS} days:\n{link}\n\n"
        "If it was not you, ignore this e-mail: nothing has been stored."
    )
    send_mail("Confirm your consultation updates", body, settings.DEFAULT_FROM_EMAIL, [email])


def confirm(details: dict[str, Any]) -> tuple[Member, bool]:
    """Create or update the member from confirmed details; True when new."""
    return Member.objects.update_or_create(
        email=details["email"],
        defaults={
            "profile": details.get("profile") or {},
            "wants_updates": True,
            "confirmed_at": timezone.now(),
        },
    )


def members_count(user: Any = None) -> int:
    return Member.objects.filter(wants_updates=True).count()
