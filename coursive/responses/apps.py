from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "coursive.responses"
    label = "responses"
