from django.apps import AppConfig


class PremisesConfig(AppConfig):
    name = "coursive.premises"
    label = "premises"
