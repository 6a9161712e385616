"""Public membership pages: join, confirm by the signed link, and stop updates or erase (no sign-in)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from careshift.apps.accounts import audit
from careshift.apps.accounts.permissions import permission_required
from careshift.apps.engagement import membership


@permission_required("engagement.join")
def join(request: HttpRequest) -> HttpResponse:
    form = membership.SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not request.POST.get("website"):  # the honeypot (hidden from people): thanked, nothing sent
            details = form.details()
            path = reverse("engagement:join_confirm", args=[membership.confirm_token(details)])
            membership.send_confirmation(details["email"], request.build_absolute_uri(path))
        return render(request, "engagement/public/join_sent.html")
    return render(
        request, "engagement/public/join.html", {"form": form}, status=400 if form.is_bound else 200
    )


@permission_required("engagement.join")
def join_confirm(request: HttpRequest, token: str) -> HttpResponse:
    details = membership.read_confirm_token(token)
    if details is None:
        return render(request, "engagement/public/join_bad_link.html", status=400)
    if request.method != "POST":  # a link checker's visit must not confirm
        return render(request, "engagement/public/join_confirm.html", {"email": details["email"]})
    member, created = membership.confirm(details)
    audit.record(None, "member.create" if created else "member.update", member)
    leave = request.build_absolute_uri(
        reverse("engagement:member_leave", args=[membership.leave_token(member)])
    )
    return render(request, "engagement/public/join_done.html", {"member": member, "leave": leave})


@permission_required("engagement.join")
def leave(request: HttpRequest, token: str) -> HttpResponse:
    member = membership.member_from_leave_token(token)
    if member is None:
        return render(request, "engagement/public/join_bad_link.html", {"gone": True}, status=404)
    done = ""
    if request.method == "POST" and request.POST.get("choice") == "erase":
        audit.record(None, "member.delete", member)
        member.delete()
        return render(request, "engagement/public/member_erased.html")
    if request.method == "POST" and request.POST.get("choice") == "stop":
        member.wants_updates = False
        member.save(update_fields=["wants_updates", "updated_at"])
        audit.record(None, "member.update", member, {"wants_updates": [True, False]})
        done = "We will not send you any more updates."
    return render(request, "engagement/public/member_leave.html", {"member": member, "done": done})
