from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coursive.core"
    label = "core"
