from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "habeas.accounts"
    label = "accounts"

    def ready(self) -> None:
        from habeas.accounts import signals  # noqa: F401  (login/logout audit receivers)
        from habeas.accounts.models import Organization
        from habeas.accounts.roles import ROLE_LABELS
        from habeas.core.labels import ROLE, labels_register

        labels_register(ROLE, {role.value: text for role, text in ROLE_LABELS.items()})
        labels_register("organization_kind", Organization.Kind.choices)
