"""Joint responses to public tenders: the groupement, its members, lots, shares, checklist and outcome."""

from django.urls import path

from . import views

app_name = "responses"
urlpatterns = [
    path("", views.board, name="board"),
    path("nouvelle/", views.response_new, name="new"),
    path("ouvrir/", views.response_open, name="open"),
    path("<int:response_id>/", views.workspace, name="workspace"),
    path("<int:response_id>/inviter/", views.invite, name="invite"),
    path("<int:response_id>/membres/<int:participant_id>/repondre/", views.answer, name="answer"),
    path(
        "<int:response_id>/membres/<int:participant_id>/role/",
        views.participant_role,
        name="participant_role",
    ),
    path(
        "<int:response_id>/membres/<int:participant_id>/retirer/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("<int:response_id>/forme/", views.groupement_form, name="form"),
    path("<int:response_id>/repartition/", views.share_save, name="share_save"),
    path("<int:response_id>/repartition/<int:share_id>/retirer/", views.share_remove, name="share_remove"),
    path("<int:response_id>/pieces/", views.checklist_add, name="checklist_add"),
    path("<int:response_id>/pieces/<int:item_id>/", views.checklist_update, name="checklist_update"),
    path("<int:response_id>/pieces/<int:item_id>/retirer/", views.checklist_remove, name="checklist_remove"),
    path("<int:response_id>/etape/", views.status_change, name="status"),
    path("<int:response_id>/notes/", views.notes_save, name="notes"),
    path("<int:response_id>/dc1.pdf", views.dc1, name="dc1"),
    path("<int:response_id>/dc2/<int:participant_id>.pdf", views.dc2, name="dc2"),
    path("<int:response_id>/dc2/<int:participant_id>/lot-<int:lot_id>.pdf", views.dc2_lot, name="dc2_lot"),
    path("<int:response_id>/dc4/<int:subcontractor_id>.pdf", views.dc4, name="dc4"),
    path("<int:response_id>/sous-traitants/", views.subcontractor_add, name="subcontractor_add"),
    path(
        "<int:response_id>/sous-traitants/<int:subcontractor_id>/",
        views.subcontractor_update,
        name="subcontractor_update",
    ),
    path(
        "<int:response_id>/sous-traitants/<int:subcontractor_id>/retirer/",
        views.subcontractor_remove,
        name="subcontractor_remove",
    ),
]
