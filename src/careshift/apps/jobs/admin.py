"""Django admin for jobs and worker heartbeats (read-mostly: the worker owns their state)."""

from django.contrib import admin

from careshift.apps.jobs.models import Job, WorkerHeartbeat


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "title", "status", "done", "total", "attempts", "owner", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("title", "kind")
    readonly_fields = ("worker_id", "heartbeat", "attempts", "created_at", "started_at", "finished_at")


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("worker_id", "last_seen", "started_at", "restarts", "jobs_done", "current_job")
