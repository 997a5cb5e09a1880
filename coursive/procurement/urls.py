from django.urls import path

from . import views_import

app_name = "procurement"
urlpatterns = [
    path("imports/", views_import.import_list, name="import_list"),
    path("imports/<int:run_id>/", views_import.import_run, name="import_run"),
]
