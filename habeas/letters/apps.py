from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "habeas.letters"
    label = "letters"
