"""Django's admin for users, audit events and API tokens.

It keeps the rule the app's own user pages keep (careshift.apps.accounts.users): the last active
administrator cannot be demoted, deactivated or deleted, one at a time or in a selection."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from careshift.apps.accounts.models import ApiToken, AuditEvent, User
from careshift.apps.accounts.users import LAST_ADMIN_HINT, is_last_administrator, leaves_no_administrator

LAST_ADMIN = "This is the last active administrator. " + LAST_ADMIN_HINT


class AdminUserChangeForm(UserChangeForm):  # type: ignore[type-arg]
    """The admin's change form, refusing to demote or deactivate the last active administrator."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or self.cleaned_data
        stored = User.objects.filter(pk=self.instance.pk).first()
        if stored is None or not is_last_administrator(stored):
            return cleaned
        if "role" in cleaned and cleaned["role"] != "administrator":
            self.add_error("role", LAST_ADMIN)
        if "is_active" in cleaned and not cleaned["is_active"]:
            self.add_error("is_active", LAST_ADMIN)
        return cleaned


def delete_users(modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: Any) -> Any:
    """Django's "Delete selected users", unless the selection holds every active administrator."""
    if leaves_no_administrator(queryset):
        modeladmin.message_user(
            request,
            f"The selection includes the last active administrator. {LAST_ADMIN_HINT}",
            messages.ERROR,
        )
        return None
    return delete_selected(modeladmin, request, queryset)


@admin.register(User)
class CareshiftUserAdmin(UserAdmin):  # type: ignore[type-arg]
    form = AdminUserChangeForm
    list_display = ("username", "email", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_superuser")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("careshift", {"fields": ("role",)}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("careshift", {"fields": ("role",)}))

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        django_delete = actions.get("delete_selected")
        if django_delete is not None:
            _, name, description = django_delete
            actions["delete_selected"] = (delete_users, name, description)
        return actions

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        user = User.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        if user is not None and is_last_administrator(user):
            self.message_user(request, f"{user.username}: {LAST_ADMIN}", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:accounts_user_change", args=[user.pk]))
        return super().delete_view(request, object_id, extra_context)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("created", "username", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("username", "object_repr")
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "user", "prefix", "created", "last_used", "revoked")
    list_filter = ("revoked",)
    readonly_fields = ("token_hash", "prefix", "created", "last_used")
