"""Each organisation's administrative documents (Kbis, URSSAF, tax, insurance…) with their expiry dates."""

from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.vault_home, name="home"),
    path("structures/<int:organisation_id>/", views.organisation_documents, name="organisation"),
    path("structures/<int:organisation_id>/<int:document_id>/fichier/", views.document_file, name="file"),
    path(
        "structures/<int:organisation_id>/<int:document_id>/supprimer/", views.document_delete, name="delete"
    ),
]
