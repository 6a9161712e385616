"""Django admin for scenarios and runs (read-mostly: results rows are managed by the worker)."""

from django.contrib import admin

from careshift.apps.scenarios.models import Run, Scenario


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "is_sample", "owner", "updated")
    search_fields = ("name", "slug", "description")
    list_filter = ("is_sample",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ("pk", "scenario", "status", "done", "total", "iterations", "executor", "queued_at")
    list_filter = ("status", "executor")
    readonly_fields = (
        "spec",
        "metadata",
        "datapack_name",
        "datapack_version",
        "engine_version",
        "worker_id",
        "heartbeat",
        "queued_at",
        "started_at",
        "finished_at",
    )
