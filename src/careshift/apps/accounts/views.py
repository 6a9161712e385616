"""Account pages: my account, API tokens, user management (administrators) and the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from careshift.apps.accounts import audit, users
from careshift.apps.accounts.forms import ApiTokenForm, AuditFilterForm, UserChangeForm, UserCreateForm
from careshift.apps.accounts.models import ApiToken, AuditEvent, User
from careshift.apps.accounts.permissions import ACTION_LABELS, PERMISSIONS, permission_required

AUDIT_PAGE_SIZE = 50


@permission_required("view")
def profile(request: HttpRequest) -> HttpResponse:
    allowed = [ACTION_LABELS[a] for a in PERMISSIONS if request.user.can(a)]  # type: ignore[union-attr]
    return render(request, "accounts/profile.html", {"title": "Your account", "allowed": allowed})


@permission_required("view")
def tokens(request: HttpRequest) -> HttpResponse:
    """List my tokens; POST creates one and shows it once."""
    form = ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        token, created = ApiToken.issue(request.user, form.cleaned_data["name"])
        audit.record(request.user, "token.create", token)
        form = ApiTokenForm()
    context = {
        "title": "API tokens",
        "form": form,
        "created": created,
        "tokens": ApiToken.objects.filter(user=request.user),  # type: ignore[misc]
    }
    return render(request, "accounts/tokens.html", context, status=400 if form.errors else 200)


@require_POST
@permission_required("view")
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked__isnull=True)
    token.revoked = timezone.now()
    token.save(update_fields=["revoked"])
    audit.record(request.user, "token.revoke", token)
    messages.success(request, f"Token “{token.name}” revoked. Scripts using it will now get 401.")
    return redirect("accounts:tokens")


@permission_required("manage_users")
def user_list(request: HttpRequest) -> HttpResponse:
    people = User.objects.order_by("-is_active", "username")
    return render(request, "accounts/users.html", {"title": "Users", "people": people})


@permission_required("manage_users")
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        audit.record(request.user, "user.create", user, {"role": [None, user.role]})
        messages.success(request, f"User {user.username} created as {user.role_label}.")
        return redirect("accounts:users")
    status = 400 if form.errors else 200
    return render(request, "accounts/user_form.html", {"title": "Create a user", "form": form}, status=status)


@permission_required("manage_users")
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    before = users.snapshot(person)
    form = UserChangeForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        users.record_changes(request.user, person, before)
        messages.success(request, f"User {person.username} saved.")
        return redirect("accounts:users")
    context = {"title": f"Change {person.username}", "form": form, "person": person}
    return render(request, "accounts/user_form.html", context, status=400 if form.errors else 200)


@require_POST
@permission_required("manage_users")
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    users.deactivate(request.user, person)
    messages.success(request, f"User {person.username} deactivated; they can no longer sign in.")
    return redirect("accounts:users")


@require_POST
@permission_required("manage_users")
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    users.reactivate(request.user, person)
    messages.success(request, f"User {person.username} reactivated.")
    return redirect("accounts:users")


@permission_required("view_audit")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = form.filter(AuditEvent.objects.all())
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"title": "Audit log", "form": form, "page": page, "query": query.urlencode()}
    return render(request, "accounts/audit.html", context)
