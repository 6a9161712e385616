from django.apps import AppConfig

from careshift.site.registry import AppSpec, HomeCard, MenuEntry, Schedule


class EngagementConfig(AppConfig):
    name = "careshift.apps.engagement"
    label = "engagement"
    verbose_name = "Engagement"
    default_auto_field = "django.db.models.BigAutoField"
    careshift = AppSpec(
        url_prefix="engagement/",
        urls="careshift.apps.engagement.urls",
        api_prefix="/engagement",
        api_router="careshift.apps.engagement.api:router",
        cli=("careshift.analysis.themes.cli:themes", "careshift.apps.engagement.cli:engagement"),
        permissions="careshift.apps.engagement.permissions:PERMISSIONS",
        menu=(MenuEntry("Engagement", "engagement:dashboard", action="engagement.view", order=50),),
        cards=(
            HomeCard(
                "Engagement",
                "engagement:dashboard",
                "Stakeholders, the meetings matrix, the engagement calendar and consultations.",
                action="engagement.view",
                count="careshift.apps.engagement.dashboard:stakeholder_count",
                count_label="stakeholders",
                order=50,
            ),
        ),
        schedules=(Schedule("engagement.purge_expired", 24.0, "Erase expired consultation respondents"),),
        extra={"demo": "careshift.apps.engagement.demo:load"},
    )
