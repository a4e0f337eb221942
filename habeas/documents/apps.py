from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "habeas.documents"
    label = "documents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from habeas.documents.views.tabs import (
            tabs_install,  # imports models: the registry must be ready
        )

        tabs_install()
