"""Office leases and coworking plans: the published rent grid, leases, index revisions and monthly rent calls."""

from django.urls import path

from . import views, views_calls, views_grid

app_name = "leases"
urlpatterns = [
    path("", views.home, name="home"),
    path("bail/nouveau/", views.lease_new, name="lease_new"),
    path("bail/<int:lease_id>/", views.lease_detail, name="lease"),
    path("bail/<int:lease_id>/revision/", views.lease_revise, name="lease_revise"),
    path("bail/<int:lease_id>/fin/", views.lease_end, name="lease_end"),
    path("coworking/nouveau/", views.plan_new, name="plan_new"),
    path("coworking/<int:plan_id>/", views.plan_detail, name="plan"),
    path("coworking/journees/<int:day_use_id>/retirer/", views.day_use_delete, name="day_use_delete"),
    path("coworking/decompter/", views.consumption_sync, name="consumption_sync"),
    path("grille/", views_grid.grid_list, name="grids"),
    path("grille/nouvelle/", views_grid.grid_edit, name="grid_new"),
    path("grille/<int:grid_id>/", views_grid.grid_edit, name="grid_edit"),
    path("grille/<int:grid_id>/reductions/", views_grid.reduction_add, name="reduction_add"),
    path(
        "grille/reductions/<int:reduction_id>/retirer/", views_grid.reduction_delete, name="reduction_delete"
    ),
    path("indices/", views_grid.indices, name="indices"),
    path("appels/", views_calls.call_list, name="calls"),
    path("appels/generer/", views_calls.calls_generate, name="calls_generate"),
    path("appels/facturer/", views_calls.calls_invoice, name="calls_invoice"),
    path("appels/<int:call_id>/facturer/", views_calls.call_invoice, name="call_invoice"),
    path("appels/export.csv", views_calls.calls_export, {"fmt": "csv"}, name="calls_csv"),
    path("appels/export.xlsx", views_calls.calls_export, {"fmt": "xlsx"}, name="calls_xlsx"),
    path("chiffres/", views_calls.figures, name="figures"),
]
