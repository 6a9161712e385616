from django.apps import AppConfig

from careshift.site.registry import AppSpec, HomeCard, MenuEntry


class ProgrammeConfig(AppConfig):
    name = "careshift.apps.programme"
    label = "programme"
    verbose_name = "Programme office"
    default_auto_field = "django.db.models.BigAutoField"
    careshift = AppSpec(
        url_prefix="programme/",
        urls="careshift.apps.programme.urls",
        api_prefix="/programme",
        api_router="careshift.apps.programme.api:router",
        cli="careshift.apps.programme.cli:programme",
        permissions="careshift.apps.programme.permissions:PERMISSIONS",
        menu=(
            MenuEntry(
                "Programme", "programme:dashboard", order=40, exclude_prefixes=("/programme/my-actions/",)
            ),
            MenuEntry("My actions", "programme:my_actions", order=41),
        ),
        cards=(
            HomeCard(
                "Programme",
                "programme:dashboard",
                "Workstreams, projects, milestones, risks, savings, benefits and board packs.",
                count="careshift.apps.programme.dashboard:project_count",
                count_label="projects",
                order=40,
            ),
        ),
        extra={"demo": "careshift.apps.programme.demo:load"},
    )

    def ready(self) -> None:
        from careshift.apps.programme import freshness

        freshness.connect()
