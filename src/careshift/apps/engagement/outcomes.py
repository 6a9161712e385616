"""Closing the loop: when a decision or action on a theme changes, tell the respondents who asked for
updates and whose answers were coded to it (Django's e-mail backend; console by default)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail

from careshift.apps.engagement.models import Decision, Respondent


def people_to_tell(decision: Decision) -> list[str]:
    respondents = Respondent.objects.filter(
        wants_updates=True, responses__answers__codes__theme__in=decision.themes.all()
    ).exclude(email="")
    return sorted(set(respondents.values_list("email", flat=True)))


def notify(decision: Decision, what: str) -> int:
    """E-mail each interested respondent once; returns how many were told."""
    emails = people_to_tell(decision)
    themes = ", ".join(t.name for t in decision.themes.all())
    body = (
        f"You asked for updates on {decision.consultation.title}.\n\n{what}\n\nOn: {themes}\n"
        f"We did: {decision.summary}\nDecided by {decision.board} on {decision.decided_on}.\n\n"
        f"{decision.rationale}\n"
    )
    subject = f"Update: {decision.consultation.title}"
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [e]) for e in emails], fail_silently=False)
    return len(emails)
