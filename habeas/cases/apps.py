from django.apps import AppConfig
from django.db.models.signals import post_save


class CasesConfig(AppConfig):
    name = "habeas.cases"
    label = "cases"

    def ready(self) -> None:
        # Both import models and views: they need the app registry ready.
        from habeas.accounts.models import Organization
        from habeas.cases.exports import exports_install
        from habeas.cases.services.screening import organization_created
        from habeas.cases.views.tabs import tabs_install
        from habeas.cases.vocabulary import vocabulary_install

        post_save.connect(
            organization_created, sender=Organization, dispatch_uid="cases.organization_created"
        )
        tabs_install()
        exports_install()
        vocabulary_install()
