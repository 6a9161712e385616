from django.apps import AppConfig
from django.core import checks

from careshift.site.registry import AppSpec, MenuEntry


class JobsConfig(AppConfig):
    """The platform's job system. ``ready`` imports every installed app's ``jobs`` module (as the admin's
    autodiscover imports ``admin`` modules), so an app registers its handlers just by having a jobs.py."""

    name = "careshift.apps.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
    default_auto_field = "django.db.models.BigAutoField"
    careshift = AppSpec(
        url_prefix="jobs/",
        urls="careshift.apps.jobs.urls",
        api_prefix="/jobs",
        api_router="careshift.apps.jobs.api:router",
        permissions="careshift.apps.jobs.permissions:PERMISSIONS",
        menu=(MenuEntry("Jobs", "jobs:list", order=80),),
    )

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
        checks.register(check_sqlite_transactions, checks.Tags.database)


def check_sqlite_transactions(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """Workers share SQLite safely only when transactions take the write lock at BEGIN."""
    from careshift.apps.jobs.database import uses_immediate_transactions

    if uses_immediate_transactions():
        return []
    return [
        checks.Warning(
            "SQLite transactions are not IMMEDIATE: concurrent workers may fail with 'database is locked'.",
            hint="Set DATABASES['default']['OPTIONS']['transaction_mode'] = 'IMMEDIATE'.",
            id="jobs.W001",
        )
    ]
