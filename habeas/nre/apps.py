from django.apps import AppConfig


class RegistryConfig(AppConfig):
    """The NRE reference registry: public exoneration data, kept apart from a unit's own cases."""

    name = "habeas.registry"
    label = "registry"
