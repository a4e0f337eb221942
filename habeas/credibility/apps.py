from django.apps import AppConfig


class CredibilityConfig(AppConfig):
    name = "habeas.credibility"
    label = "credibility"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Import models and services: the app registry must be ready.
        from habeas.core.hooks import case_people_changed_register, document_indexed_register
        from habeas.credibility.case_facts import case_facts_install
        from habeas.credibility.services.alerts import alerts_for_case, alerts_for_document
        from habeas.credibility.tabs import tabs_install
        from habeas.credibility.vocabulary import vocabulary_install

        vocabulary_install()
        tabs_install()
        case_facts_install()
        document_indexed_register(alerts_for_document)
        case_people_changed_register(alerts_for_case)
