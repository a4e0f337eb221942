from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "habeas.linkage"
    label = "linking"  # the database's name for this app's tables and migrations
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # These import models: the app registry must be ready.
        from habeas.core.jobs import job_runner_register
        from habeas.linkage.models import LinkRun
        from habeas.linkage.panels import panels_install
        from habeas.linkage.selectors import record_key_words
        from habeas.linkage.services import link_run_gave_up, link_run_job
        from habeas.linkage.vocabulary import vocabulary_install

        panels_install()
        vocabulary_install(record_key_words)
        job_runner_register(LinkRun, link_run_job, gave_up=link_run_gave_up)
