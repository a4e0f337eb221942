from django.apps import AppConfig


class SystemicConfig(AppConfig):
    name = "habeas.systemic"
    label = "systemic"
    default_auto_field = "django.db.models.BigAutoField"
