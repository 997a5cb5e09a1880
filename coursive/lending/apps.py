from django.apps import AppConfig


class LendingConfig(AppConfig):
    name = "coursive.lending"
    label = "lending"
