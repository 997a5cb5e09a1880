from django.apps import AppConfig


class InvoicingConfig(AppConfig):
    name = "coursive.invoicing"
    label = "invoicing"
