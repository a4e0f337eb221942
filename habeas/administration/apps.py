from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    """The unit's own administration: organization settings and the screening checklist, and the
    audit log's pages for administrators and auditors (the log itself is habeas.audit)."""

    name = "habeas.administration"
    label = "administration"

    def ready(self) -> None:
        # The tab registry imports models: the app registry must be ready.
        from habeas.administration.audit_words import audit_words_install
        from habeas.administration.tabs import tabs_install

        tabs_install()
        audit_words_install()
