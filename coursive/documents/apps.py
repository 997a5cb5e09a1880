from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "coursive.documents"
    label = "documents"
