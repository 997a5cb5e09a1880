from django.apps import AppConfig


class PurchasingConfig(AppConfig):
    name = "coursive.purchasing"
    label = "purchasing"
