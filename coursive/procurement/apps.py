from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "coursive.procurement"
    label = "procurement"
