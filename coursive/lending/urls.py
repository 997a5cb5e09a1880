"""Equipment lending between members: check-out and check-in, condition notes, late returns, damage reports and maintenance."""

from django.urls import path

from . import views

app_name = "lending"
urlpatterns = [
    path("", views.loan_list, name="list"),
    path("chiffres/", views.figures, name="figures"),
    path("export.csv", views.loans_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.loans_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("materiel/<int:resource_id>/", views.item_detail, name="item"),
    path("photos/<int:photo_id>/", views.damage_photo, name="damage_photo"),
    path("materiel/<int:resource_id>/sortie/", views.check_out, name="check_out"),
    path("materiel/<int:resource_id>/degats/", views.damage_new, name="damage_new"),
    path("materiel/<int:resource_id>/maintenance/", views.maintenance_new, name="maintenance_new"),
    path("pret/<int:loan_id>/", views.loan_detail, name="loan"),
    path("pret/<int:loan_id>/retour/", views.check_in, name="check_in"),
    path("degats/<int:report_id>/", views.damage_update, name="damage_update"),
    path("maintenance/<int:record_id>/terminer/", views.maintenance_done, name="maintenance_done"),
]
