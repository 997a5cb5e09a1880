"""Responsible group purchasing: campaigns, suppliers' tiered offers, members' needs and the allocation."""

from django.urls import path

from . import views

app_name = "purchasing"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("nouvelle/", views.campaign_create, name="create"),
    path("fournisseurs/", views.supplier_list, name="suppliers"),
    path("fournisseurs/<int:supplier_id>/", views.supplier_edit, name="supplier_edit"),
    path("bilan/", views.yearly_figures, name="figures"),
    path("bilan/<int:year>/", views.yearly_figures, name="figures_year"),
    path("<int:campaign_id>/", views.campaign_detail, name="detail"),
    path("<int:campaign_id>/modifier/", views.campaign_edit, name="edit"),
    path("<int:campaign_id>/besoin/", views.need_save, name="need_save"),
    path("<int:campaign_id>/besoin/retirer/", views.need_withdraw, name="need_withdraw"),
    path("<int:campaign_id>/offres/ajouter/", views.offer_add, name="offer_add"),
    path("<int:campaign_id>/offres/<int:offer_id>/", views.offer_edit, name="offer_edit"),
    path("<int:campaign_id>/offres/<int:offer_id>/supprimer/", views.offer_delete, name="offer_delete"),
    path("<int:campaign_id>/cloture/", views.campaign_close, name="close"),
    path("<int:campaign_id>/bon-de-commande/", views.order_page, name="order"),
    path("<int:campaign_id>/bon-de-commande.pdf", views.order_pdf, name="order_pdf"),
    path("<int:campaign_id>/repartition.csv", views.order_csv, name="order_csv"),
]
