from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "habeas.deadlines"
    label = "deadlines"
    default_auto_field = "django.db.models.BigAutoField"
