from django.contrib import admin

from careshift.apps.appraisal.models import (
    Appraisal,
    Criterion,
    EffectSize,
    EvidenceItem,
    Option,
    Principle,
    Priority,
)


class EffectInline(admin.TabularInline):
    model = EffectSize
    extra = 0


@admin.register(EvidenceItem)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "grade", "published")
    search_fields = ("title", "citation", "summary")
    inlines = [EffectInline]


admin.site.register([Principle, Priority, Appraisal, Option, Criterion])
