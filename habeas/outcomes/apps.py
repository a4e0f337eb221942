from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Outcomes of cases: compensation, deadlines and, later, NRE-aligned outcome coding."""

    name = "habeas.outcomes"
    label = "outcomes"
