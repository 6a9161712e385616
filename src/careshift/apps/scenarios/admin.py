"""Django admin for scenarios and runs (read-mostly: results rows are managed by the worker)."""

from django.contrib import admin

from careshift.apps.scenarios.models import Run, Scenario


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "status", "is_sample", "owner", "updated")
    search_fields = ("name", "slug", "description")
    list_filter = ("is_sample", "status")
    readonly_fields = ("status", "pinned_run")  # moved only through the pin page, which audits it
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ("pk", "scenario", "status", "iterations", "executor", "queued_at")
    list_filter = ("job__status", "executor")
    list_select_related = ("scenario", "job")
    readonly_fields = (
        "job",
        "spec",
        "metadata",
        "datapack_name",
        "datapack_version",
        "engine_version",
        "queued_at",
    )
