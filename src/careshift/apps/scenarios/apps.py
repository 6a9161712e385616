from django.apps import AppConfig

from careshift.site.registry import AppSpec, HomeCard, MenuEntry


class ScenariosConfig(AppConfig):
    name = "careshift.apps.scenarios"
    label = "scenarios"
    default_auto_field = "django.db.models.BigAutoField"
    careshift = AppSpec(
        url_prefix="scenarios/",
        urls="careshift.apps.scenarios.urls",
        api_prefix="/scenarios",
        api_router="careshift.apps.scenarios.api:router",
        permissions="careshift.apps.scenarios.permissions:PERMISSIONS",
        extra={"demo": "careshift.apps.scenarios.library:ensure_sample_templates"},
        menu=(
            MenuEntry("Scenarios", "scenarios:list", order=20, exclude_prefixes=("/scenarios/compare/",)),
            MenuEntry("Compare", "scenarios:compare", order=21),
        ),
        cards=(
            HomeCard(
                "Scenarios",
                "scenarios:list",
                "Scenarios for shifting care closer to home, their runs and results.",
                count="careshift.apps.scenarios.dashboard:scenario_count",
                count_label="scenarios",
                order=20,
            ),
            HomeCard("Compare", "scenarios:compare", "Compare two or more scenarios side by side.", order=21),
        ),
    )
