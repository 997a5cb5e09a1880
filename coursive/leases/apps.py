from django.apps import AppConfig


class LeasesConfig(AppConfig):
    name = "coursive.leases"
    label = "leases"
