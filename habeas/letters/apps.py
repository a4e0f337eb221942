from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "habeas.letters"
    label = "letters"

    def ready(self) -> None:
        from habeas.letters.tabs import tabs_install  # imports models: the registry must be ready

        tabs_install()
