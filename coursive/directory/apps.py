from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "coursive.directory"
    label = "directory"
