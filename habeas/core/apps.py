from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "habeas.core"
    label = "core"

    def ready(self) -> None:
        from habeas.core.labels import domain_labels_install

        domain_labels_install()
