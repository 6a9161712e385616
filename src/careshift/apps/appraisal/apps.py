from django.apps import AppConfig

from careshift.site.registry import AppSpec, HomeCard, MenuEntry


class AppraisalConfig(AppConfig):
    name = "careshift.apps.appraisal"
    label = "appraisal"
    verbose_name = "Options appraisal and evidence"
    default_auto_field = "django.db.models.BigAutoField"
    careshift = AppSpec(
        url_prefix="appraisal/",
        urls="careshift.apps.appraisal.urls",
        api_prefix="/appraisal",
        api_router="careshift.apps.appraisal.api:router",
        permissions="careshift.apps.appraisal.permissions:PERMISSIONS",
        menu=(
            MenuEntry("Appraisal", "appraisal:list", order=50, exclude_prefixes=("/appraisal/evidence/",)),
            MenuEntry("Evidence", "appraisal:evidence_list", order=51),
        ),
        cards=(
            HomeCard(
                "Options appraisal",
                "appraisal:list",
                "Options scored against the agreed principles, access to services and equality impact.",
                count="careshift.apps.appraisal.dashboard:appraisal_count",
                count_label="appraisals",
                order=50,
            ),
            HomeCard(
                "Evidence bank",
                "appraisal:evidence_list",
                "The evidence behind each lever and score, with effect sizes.",
                count="careshift.apps.appraisal.dashboard:evidence_count",
                count_label="items",
                order=51,
            ),
        ),
        extra={"demo": "careshift.apps.appraisal.demo:load"},
    )

    def ready(self) -> None:
        from careshift.apps.appraisal import search

        search.connect_signals()
