from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "habeas.cases"
    label = "cases"
