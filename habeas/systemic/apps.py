from django.apps import AppConfig


class SystemicConfig(AppConfig):
    name = "habeas.systemic"
    label = "systemic"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from habeas.systemic.tabs import tabs_install

        tabs_install()
