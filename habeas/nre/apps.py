from django.apps import AppConfig


class NreConfig(AppConfig):
    """The National Registry of Exonerations in Habeas: its public data as reference (kept apart from
    a unit's own cases), and the unit's exonerations written in the Registry's spreadsheet layout.
    The Django-free readers and vocabulary are habeas.domain.nre."""

    name = "habeas.nre"
    label = "registry"  # the database's name for this app's tables and migrations

    def ready(self) -> None:
        # The export reads case models: the app registry must be ready.
        from habeas.nre.export import exports_install

        exports_install()
