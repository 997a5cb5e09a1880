"""Member pages of one cluster, included under /p/<cluster_slug>/membres/."""

from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.members_list, name="list"),
    path("inviter/", views.member_invite, name="invite"),
    path("<int:membership_id>/", views.member_edit, name="edit"),
    path("<int:membership_id>/retirer/", views.member_revoke, name="revoke"),
    path("effacements/", views.erasure_requests, name="erasure_requests"),
    path("effacements/<int:request_id>/", views.erasure_request_decide, name="erasure_decide"),
]
