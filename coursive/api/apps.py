from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "coursive.api"
    label = "api"
