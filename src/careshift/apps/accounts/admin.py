from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from careshift.apps.accounts.models import ApiToken, AuditEvent, User


@admin.register(User)
class CareshiftUserAdmin(UserAdmin):
    list_display = ("username", "email", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_superuser")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("careshift", {"fields": ("role",)}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("careshift", {"fields": ("role",)}))


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created", "username", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("username", "object_repr")
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created", "last_used", "revoked")
    list_filter = ("revoked",)
    readonly_fields = ("token_hash", "prefix", "created", "last_used")
