from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "habeas.linkage"
    label = "linking"  # the database's name for this app's tables and migrations
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from habeas.linkage.panels import (
            panels_install,  # imports models: the registry must be ready
        )

        panels_install()
