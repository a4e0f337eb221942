from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "habeas.disclosure"
    label = "disclosure"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # These import models: the app registry must be ready.
        from habeas.core.jobs import job_runner_register
        from habeas.disclosure.models import Production
        from habeas.disclosure.services.productions import production_build_job, production_gave_up
        from habeas.disclosure.tabs import tabs_install
        from habeas.disclosure.vocabulary import vocabulary_install

        vocabulary_install()
        tabs_install()
        job_runner_register(Production, production_build_job, gave_up=production_gave_up)
