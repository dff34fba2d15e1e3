from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hotwash.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from hotwash.web.accounts import checks  # noqa: F401  (registers the system checks)
