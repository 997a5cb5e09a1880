from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("profil/", views.profile_update, name="profile_update"),
    path("jetons/", views.token_create, name="token_create"),
    path("jetons/<int:token_id>/revoquer/", views.token_revoke, name="token_revoke"),
    path("mes-donnees/", views.personal_data_download, name="personal_data"),
    path("effacement/", views.erasure_request_create, name="erasure_request"),
    path("connexion/", views.login, name="login"),
    path("deconnexion/", views.logout, name="logout"),
    path("mot-de-passe/changer/", views.password_change, name="password_change"),
    path("mot-de-passe/change/", views.password_change_done, name="password_change_done"),
    path("mot-de-passe/oubli/", views.password_reset, name="password_reset"),
    path("mot-de-passe/oubli/envoye/", views.password_reset_done, name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("mot-de-passe/nouveau/termine/", views.password_reset_complete, name="password_reset_complete"),
]
