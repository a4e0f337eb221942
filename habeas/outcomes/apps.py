from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Outcomes of cases: compensation, deadlines and, later, NRE-aligned outcome coding."""

    name = "habeas.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        # These import models: the app registry must be ready.
        from habeas.core.labels import OUTCOME_EVENT, labels_register
        from habeas.outcomes.models import ExoneratingEvent
        from habeas.outcomes.tabs import tabs_install

        tabs_install()
        labels_register(OUTCOME_EVENT, ExoneratingEvent.choices)
