from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "habeas.accounts"
    label = "accounts"

    def ready(self) -> None:
        from habeas.accounts import signals  # noqa: F401  (login/logout audit receivers)
