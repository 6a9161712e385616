"""Django admin for the programme office (the pages are the main way in; admin is for fixing data)."""

from django.contrib import admin

from careshift.apps.programme import models as m


class StageInline(admin.TabularInline):
    model = m.Stage
    extra = 0


class TargetInline(admin.TabularInline):
    model = m.SavingsTarget
    extra = 0


@admin.register(m.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "illustrative")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [StageInline, TargetInline]


@admin.register(m.Workstream)
class WorkstreamAdmin(admin.ModelAdmin):
    list_display = ("name", "programme", "lead")
    list_filter = ("programme",)


@admin.register(m.Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("reference", "name", "workstream", "owner", "stage")
    list_filter = ("workstream__programme", "workstream")
    search_fields = ("reference", "name")
    filter_horizontal = ("assignees", "depends_on")


class MonthInline(admin.TabularInline):
    model = m.SavingsMonth
    extra = 0


@admin.register(m.SavingsLine)
class SavingsLineAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "project", "category", "full_year_effect")
    inlines = [MonthInline]


@admin.register(m.StatusReport)
class StatusReportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "locked_by", "locked_at")
    readonly_fields = ("snapshot",)


for model in (
    m.Milestone,
    m.Action,
    m.Decision,
    m.RaidItem,
    m.Artefact,
    m.ConfidenceAssessment,
    m.Benefit,
    m.BenefitValue,
    m.ResourceCost,
    m.BoardMeeting,
):
    admin.site.register(model)
