from django.apps import AppConfig


class SystemicConfig(AppConfig):
    name = "habeas.systemic"
    label = "systemic"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Both import models: the app registry must be ready.
        from habeas.core.jobs import job_runner_register
        from habeas.systemic.models import ReviewRun
        from habeas.systemic.services.reviews import review_run_gave_up, review_run_job
        from habeas.systemic.vocabulary import vocabulary_install

        job_runner_register(ReviewRun, review_run_job, gave_up=review_run_gave_up)
        vocabulary_install()
