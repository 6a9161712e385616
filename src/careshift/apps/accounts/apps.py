from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "careshift.apps.accounts"
    label = "accounts"
    verbose_name = "Accounts and audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from careshift.apps.accounts import audit  # noqa: F401  (connects the login/logout receivers)
