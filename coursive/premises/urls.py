from django.urls import path

from . import feeds, views, views_billing, views_manage

app_name = "premises"
urlpatterns = [
    path("", views.home, name="home"),
    path("calendrier/", views.calendar, name="calendar"),
    path("recherche/", views.search, name="search"),
    path("ressources/nouvelle/", views_manage.resource_edit, name="resource_new"),
    path("ressources/<int:resource_id>/", views.resource_detail, name="resource_detail"),
    path("ressources/<int:resource_id>/modifier/", views_manage.resource_edit, name="resource_edit"),
    path("ressources/<int:resource_id>/photos/", views_manage.photo_add, name="photo_add"),
    path("ressources/<int:resource_id>/photos/<int:photo_id>/", views.resource_photo, name="photo"),
    path(
        "ressources/<int:resource_id>/photos/<int:photo_id>/supprimer/",
        views_manage.photo_delete,
        name="photo_delete",
    ),
    path("ressources/<int:resource_id>/reserver/", views.booking_new, name="booking_new"),
    path("ressources/<int:resource_id>/reserver-serie/", views.booking_series_new, name="booking_series_new"),
    path("ressources/<int:resource_id>/attente/", views.waiting_list_join, name="waiting_list_join"),
    path("ressources/<int:resource_id>/maintenance/", views.maintenance_new, name="maintenance_new"),
    path("reservations/", views.bookings, name="bookings"),
    path(
        "reservations/export.csv", views_manage.bookings_export, {"file_format": "csv"}, name="bookings_csv"
    ),
    path(
        "reservations/export.xlsx",
        views_manage.bookings_export,
        {"file_format": "xlsx"},
        name="bookings_xlsx",
    ),
    path("reservations/<int:booking_id>/", views.booking_detail, name="booking_detail"),
    path("reservations/<int:booking_id>/annuler/", views.booking_cancel, name="booking_cancel"),
    path(
        "reservations/<int:booking_id>/annuler-serie/",
        views.booking_series_cancel,
        name="booking_series_cancel",
    ),
    path("reservations/<int:booking_id>/decision/", views.booking_decide, name="booking_decide"),
    path("reservations/<int:booking_id>/hygiene/", views.hygiene_log, name="hygiene_log"),
    path("habilitations/", views_manage.qualifications, name="qualifications"),
    path("habilitations/<int:grant_id>/retirer/", views_manage.grant_revoke, name="grant_revoke"),
    path("chiffres/", views_manage.figures, name="figures"),
    path("facturation/", views_billing.month_billing, name="billing"),
    path("facturation/export.csv", views_billing.month_billing_csv, name="billing_csv"),
    path("reglages/", views_manage.settings_page, name="settings"),
    path(
        "reglages/fermetures/<int:closure_id>/supprimer/", views_manage.closure_delete, name="closure_delete"
    ),
    path("agendas/", views_manage.feeds, name="feeds"),
    # Public: calendars cannot log in; the token is the key. Tokens are URL-safe base64 (slug converter).
    path("flux/<slug:token>.ics", feeds.bookings_ical, name="feed"),
]
