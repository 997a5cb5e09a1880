from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("structures/nouvelle/", views.organisation_new, name="create"),
    path("structures/<int:organisation_id>/", views.organisation_detail, name="detail"),
    path("structures/<int:organisation_id>/modifier/", views.organisation_edit, name="edit"),
    path("structures/<int:organisation_id>/historique/", views.organisation_history_page, name="history"),
    path("structures/<int:organisation_id>/anonymiser/", views.organisation_anonymise, name="anonymise"),
    path("structures/<int:organisation_id>/personnes/ajouter/", views.person_new, name="person_create"),
    path("personnes/<int:person_id>/modifier/", views.person_edit, name="person_edit"),
    path("personnes/<int:person_id>/supprimer/", views.person_remove, name="person_delete"),
    path("pole/", views.cluster_detail, name="cluster"),
    path("pole/modifier/", views.cluster_edit, name="cluster_edit"),
]
