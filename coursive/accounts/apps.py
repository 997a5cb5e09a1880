from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coursive.accounts"
    label = "accounts"
