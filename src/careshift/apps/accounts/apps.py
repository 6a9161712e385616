from django.apps import AppConfig

from careshift.site.registry import AppSpec, HomeCard, MenuEntry


class AccountsConfig(AppConfig):
    name = "careshift.apps.accounts"
    label = "accounts"
    verbose_name = "Accounts and audit"
    default_auto_field = "django.db.models.BigAutoField"
    careshift = AppSpec(
        url_prefix="accounts/",
        urls="careshift.apps.accounts.urls",
        api_prefix="/accounts",
        api_router="careshift.apps.accounts.api:router",
        menu=(
            MenuEntry("Users", "accounts:users", action="manage_users", order=90),
            MenuEntry("Audit log", "accounts:audit", action="view_audit", order=91),
        ),
        cards=(
            HomeCard(
                "Users",
                "accounts:users",
                "Create users, change their roles, deactivate accounts.",
                action="manage_users",
                count="careshift.apps.accounts.dashboard:active_user_count",
                count_label="active users",
                order=90,
            ),
            HomeCard(
                "Audit log",
                "accounts:audit",
                "Who changed what, and when.",
                action="view_audit",
                count="careshift.apps.accounts.dashboard:audit_event_count",
                count_label="events",
                order=91,
            ),
            HomeCard(
                "API tokens",
                "accounts:tokens",
                "Tokens for scripts and notebooks that use the API.",
                count="careshift.apps.accounts.dashboard:active_token_count",
                count_label="active tokens",
                order=92,
            ),
        ),
    )

    def ready(self) -> None:
        # connect the sign-in, sign-out and lockout receivers
        from careshift.apps.accounts import audit, throttle  # noqa: F401
