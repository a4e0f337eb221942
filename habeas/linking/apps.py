from django.apps import AppConfig


class LinkingConfig(AppConfig):
    name = "habeas.linking"
    label = "linking"
    default_auto_field = "django.db.models.BigAutoField"
