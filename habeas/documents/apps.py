from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "habeas.documents"
    label = "documents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # These import models: the app registry must be ready.
        from habeas.core.jobs import job_runner_register
        from habeas.documents.case_facts import case_facts_install
        from habeas.documents.models import Document
        from habeas.documents.services.ingest import document_gave_up, document_process
        from habeas.documents.views.tabs import tabs_install
        from habeas.documents.vocabulary import vocabulary_install

        tabs_install()
        vocabulary_install()
        job_runner_register(Document, document_process, gave_up=document_gave_up)
        case_facts_install()
