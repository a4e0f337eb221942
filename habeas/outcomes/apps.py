from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Outcomes of cases: compensation, deadlines and, later, NRE-aligned outcome coding."""

    name = "habeas.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from habeas.outcomes.tabs import tabs_install  # imports models: the registry must be ready

        tabs_install()
