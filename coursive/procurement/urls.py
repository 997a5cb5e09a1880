from django.urls import path

from . import views_consortia, views_import, views_notices, views_profiles, views_watch

app_name = "procurement"
urlpatterns = [
    path("", views_notices.notice_list, name="notices"),
    path("avis/<int:notice_id>/", views_notices.notice_detail, name="notice_detail"),
    path("avis/<int:notice_id>/groupements/", views_consortia.consortia, name="consortia"),
    path("veille/partage/", views_consortia.watch_sharing, name="consortium_sharing"),
    path("cpv/<str:code>/", views_notices.cpv_area_page, name="cpv_area"),
    path("acheteurs/<str:siret>/", views_notices.buyer_page, name="buyer"),
    path("imports/", views_import.import_list, name="import_list"),
    path("imports/<int:run_id>/", views_import.import_run, name="import_run"),
    path("opportunites/", views_profiles.my_matches, name="my_matches"),
    path("structures/<int:organisation_id>/profil/", views_profiles.profile_detail, name="profile"),
    path(
        "structures/<int:organisation_id>/profil/modifier/", views_profiles.profile_edit, name="profile_edit"
    ),
    path(
        "structures/<int:organisation_id>/profil/references/ajouter/",
        views_profiles.reference_add,
        name="reference_add",
    ),
    path(
        "structures/<int:organisation_id>/profil/references/<int:reference_id>/modifier/",
        views_profiles.reference_edit,
        name="reference_edit",
    ),
    path(
        "structures/<int:organisation_id>/profil/references/<int:reference_id>/supprimer/",
        views_profiles.reference_delete,
        name="reference_delete",
    ),
    path("veille/", views_watch.watch_home, name="watch"),
    path("veille/recherches/nouvelle/", views_watch.saved_search_new, name="saved_search_new"),
    path("veille/recherches/<int:search_id>/", views_watch.saved_search_edit, name="saved_search_edit"),
    path(
        "veille/recherches/<int:search_id>/supprimer/",
        views_watch.saved_search_remove,
        name="saved_search_delete",
    ),
    path("veille/alertes/", views_watch.alert_list, name="watch_alerts"),
    path("veille/alertes/vues/", views_watch.alerts_seen, name="watch_alerts_seen"),
    path("veille/flux/regenerer/", views_watch.feed_token_regenerate, name="watch_feed_regenerate"),
]
