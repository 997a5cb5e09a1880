from django.contrib import admin
from django.urls import include, path

from coursive.api.api import api
from coursive.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("compte/", include("coursive.accounts.urls")),
    path("marches/flux/", include("coursive.procurement.feed_urls")),
    path("p/<slug:cluster_slug>/membres/", include("coursive.accounts.cluster_urls")),
    path("p/<slug:cluster_slug>/marches/", include("coursive.procurement.urls")),
    path("p/<slug:cluster_slug>/reponses/", include("coursive.responses.urls")),
    path("p/<slug:cluster_slug>/documents/", include("coursive.documents.urls")),
    path("p/<slug:cluster_slug>/lieux/", include("coursive.premises.urls")),
    path("p/<slug:cluster_slug>/prets/", include("coursive.lending.urls")),
    path("p/<slug:cluster_slug>/baux/", include("coursive.leases.urls")),
    path("p/<slug:cluster_slug>/factures/", include("coursive.invoicing.urls")),
    path("p/<slug:cluster_slug>/achats/", include("coursive.purchasing.urls")),
    path("p/<slug:cluster_slug>/", include("coursive.directory.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
