"""Pages of the joint-response workspace: the board, opening a response, the workspace and its forms, the
subcontractors, and the pre-filled DC1, DC2 and DC4. Every change is a POST followed by a redirect to the workspace, with the
service's refusal shown as a message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coursive.accounts.access import cluster_view, require_insider
from coursive.directory.models import Organisation
from coursive.procurement.models import Notice

from . import services
from .access import (
    access_active_participant,
    access_own_subcontractor,
    access_participant,
    access_response,
    access_subcontractor,
    can_answer_invitation,
    can_edit_response,
    declaring_participant,
    require_can_answer,
    visible_responses,
)
from .checklist import FORM_KINDS
from .downloads import dc1_download, dc2_download, dc4_download
from .forms import (
    AnswerForm,
    ChecklistAddForm,
    ChecklistUpdateForm,
    GroupementFormForm,
    InviteForm,
    NotesForm,
    RoleForm,
    ShareForm,
    StatusForm,
    SubcontractorForm,
)
from .models import InvitationStatus, ParticipantRole
from .selectors import (
    active_participants,
    invitable_organisations,
    response_board,
    response_shares,
    workspace_data,
)

NAV = {"nav_section": "responses"}


def _to_workspace(membership, response, anchor: str = ""):
    target = redirect("responses:workspace", cluster_slug=membership.cluster.slug, response_id=response.pk)
    target["Location"] += anchor
    return target


def _run(request, service, **arguments) -> bool:
    try:
        service(**arguments)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    return True


def _submit(request, form, service, *, success: str = "", **arguments) -> bool:
    """Hands a valid form's data to the service; the form's errors and the service's refusal become
    messages alike."""
    if not form.is_valid():
        _form_errors(request, form)
        return False
    if not _run(request, service, **arguments, **form.cleaned_data):
        return False
    if success:
        messages.success(request, success)
    return True


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label} : {error}" if label else error)


@cluster_view
@require_GET
def board(request, membership):
    context = {**NAV, "columns": response_board(membership)}
    return render(request, "responses/board.html", context)


@cluster_view
@require_GET
def response_new(request, membership):
    require_insider(membership)
    notice_id = request.GET.get("notice", "")
    notice = get_object_or_404(Notice, pk=int(notice_id) if notice_id.isdigit() else 0)
    context = {
        **NAV,
        "notice": notice,
        "existing": visible_responses(membership).filter(notice=notice),
        "organisations": invitable_organisations(cluster=membership.cluster),
        "own_organisation_id": membership.organisation_id,
    }
    return render(request, "responses/new.html", context)


@cluster_view
@require_POST
def response_open(request, membership):
    require_insider(membership)
    try:
        arguments = services.opening_from_ids(
            notice_id=request.POST.get("notice", ""),
            organisation_ids=request.POST.getlist("organisations"),
            mandataire_id=request.POST.get("mandataire", ""),
            lot_assignments=request.POST.getlist("lot_assignments"),
        )
        response = services.response_open(membership=membership, **arguments)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        notice_id = request.POST.get("notice", "")
        if notice_id.isdigit() and Notice.objects.filter(pk=notice_id).exists():
            return redirect(f"{reverse('responses:new', args=[membership.cluster.slug])}?notice={notice_id}")
        return redirect("responses:board", cluster_slug=membership.cluster.slug)
    messages.success(request, _("Réponse ouverte. Les structures invitées doivent maintenant accepter."))
    return _to_workspace(membership, response)


@cluster_view
@require_GET
def workspace(request, membership, response_id: int):
    response = access_response(membership, response_id)
    data = workspace_data(response)
    can_edit = can_edit_response(membership, response)
    active = active_participants(response)
    own_invitation = next(
        (
            p
            for p in data["participants"]
            if p.invitation_status == InvitationStatus.INVITED and can_answer_invitation(membership, p)
        ),
        None,
    )
    context = {
        **NAV,
        **data,
        "response": response,
        "notice": response.notice,
        "can_edit": can_edit,
        "own_invitation": own_invitation,
        "is_home_cluster": response.cluster_id == membership.cluster_id,
        "now": timezone.now(),
        "invite_form": InviteForm(
            organisations=invitable_organisations(cluster=response.cluster, exclude_response=response),
            home_cluster_id=response.cluster_id,
        ),
        "form_form": GroupementFormForm(initial={"form": response.form, "uses_dume": response.uses_dume}),
        "share_form": ShareForm(participants=active, lots=response.notice.lots.all()),
        "checklist_form": ChecklistAddForm(participants=active),
        "subcontractor_form": SubcontractorForm(lots=response.notice.lots.all()),
        "own_organisation_id": membership.organisation_id,
        "vat_choices": SubcontractorForm.base_fields["vat_rate"].choices,
        "status_form": StatusForm(
            initial={
                "status": response.status,
                "awarded_amount": response.awarded_amount,
                "outcome_on": response.outcome_on,
                "outcome_notes": response.outcome_notes,
            }
        ),
        "notes_form": NotesForm(initial={"notes": response.notes}),
        "roles": ParticipantRole.choices,
        "form_kinds": FORM_KINDS,
    }
    return render(request, "responses/workspace.html", context)


@cluster_view
@require_POST
def invite(request, membership, response_id: int):
    response = access_response(membership, response_id, for_edit=True)
    form = InviteForm(
        request.POST,
        organisations=invitable_organisations(cluster=response.cluster, exclude_response=response),
        home_cluster_id=response.cluster_id,
    )
    if not form.is_valid():
        _refuse_invitation(request, response, form)
    elif _run(
        request,
        services.participant_invite,
        response=response,
        organisation=form.cleaned_data["organisation"],
        role=form.cleaned_data["role"],
        invited_by=request.user,
    ):
        messages.success(
            request, _("Invitation envoyée à %(name)s.") % {"name": form.cleaned_data["organisation"]}
        )
    return _to_workspace(membership, response, "#membres")


def _refuse_invitation(request, response, form) -> None:
    """An organisation outside the list gets the service's own explanation (another cluster, a former
    member, already taking part) rather than a bare « invalid choice »."""
    posted = request.POST.get("organisation", "")
    organisation = Organisation.objects.filter(pk=posted).first() if posted.isdigit() else None
    refused = (
        organisation is not None
        and "organisation" in form.errors
        and not _run(request, services.check_invitation, response=response, organisation=organisation)
    )
    if not refused:
        _form_errors(request, form)


@cluster_view
@require_POST
def answer(request, membership, response_id: int, participant_id: int):
    response = access_response(membership, response_id)
    participant = access_participant(response, participant_id)
    require_can_answer(membership, participant)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _to_workspace(membership, response, "#membres")
    accept = form.cleaned_data["decision"] == "accept"
    if _run(
        request,
        services.participant_answer,
        participant=participant,
        accept=accept,
        reason=form.cleaned_data["reason"],
        answered_by=request.user,
    ):
        if not accept:
            messages.success(request, _("Vous avez décliné l'invitation. L'équipe verra votre motif."))
            return redirect("responses:board", cluster_slug=membership.cluster.slug)
        messages.success(request, _("Vous faites maintenant partie du groupement."))
    return _to_workspace(membership, response, "#membres")


@cluster_view
@require_POST
def participant_role(request, membership, response_id: int, participant_id: int):
    response = access_response(membership, response_id, for_edit=True)
    participant = access_participant(response, participant_id)
    _submit(
        request,
        RoleForm(request.POST),
        services.participant_set_role,
        participant=participant,
        success=_("Rôle mis à jour."),
    )
    return _to_workspace(membership, response, "#membres")


@cluster_view
@require_POST
def participant_remove(request, membership, response_id: int, participant_id: int):
    response = access_response(membership, response_id, for_edit=True)
    participant = access_participant(response, participant_id)
    if _run(request, services.participant_remove, participant=participant):
        messages.success(request, _("Structure retirée de la réponse."))
    return _to_workspace(membership, response, "#membres")


@cluster_view
@require_POST
def groupement_form(request, membership, response_id: int):
    response = access_response(membership, response_id, for_edit=True)
    _submit(
        request,
        GroupementFormForm(request.POST),
        services.response_set_form,
        response=response,
        success=_("Forme du groupement enregistrée."),
    )
    return _to_workspace(membership, response, "#forme")


@cluster_view
@require_POST
def share_save(request, membership, response_id: int):
    response = access_response(membership, response_id, for_edit=True)
    form = ShareForm(
        request.POST, participants=active_participants(response), lots=response.notice.lots.all()
    )
    _submit(request, form, services.share_set, success=_("Répartition enregistrée."))
    return _to_workspace(membership, response, "#repartition")


@cluster_view
@require_POST
def share_remove(request, membership, response_id: int, share_id: int):
    response = access_response(membership, response_id, for_edit=True)
    share = get_object_or_404(response_shares(response), pk=share_id)
    if _run(request, services.share_remove, share=share):
        messages.success(request, _("Part retirée."))
    return _to_workspace(membership, response, "#repartition")


@cluster_view
@require_POST
def checklist_add(request, membership, response_id: int):
    response = access_response(membership, response_id, for_edit=True)
    form = ChecklistAddForm(request.POST, participants=active_participants(response))
    _submit(request, form, services.checklist_item_add, response=response, success=_("Pièce ajoutée."))
    return _to_workspace(membership, response, "#pieces")


@cluster_view
@require_POST
def checklist_update(request, membership, response_id: int, item_id: int):
    response = access_response(membership, response_id, for_edit=True)
    item = get_object_or_404(response.checklist, pk=item_id)
    form = ChecklistUpdateForm(request.POST, participants=active_participants(response))
    _submit(request, form, services.checklist_item_update, item=item)
    return _to_workspace(membership, response, "#pieces")


@cluster_view
@require_POST
def checklist_remove(request, membership, response_id: int, item_id: int):
    response = access_response(membership, response_id, for_edit=True)
    item = get_object_or_404(response.checklist, pk=item_id)
    if _run(request, services.checklist_item_remove, item=item):
        messages.success(request, _("Pièce retirée de la liste."))
    return _to_workspace(membership, response, "#pieces")


@cluster_view
@require_POST
def status_change(request, membership, response_id: int):
    response = access_response(membership, response_id, for_edit=True)
    if _submit(request, StatusForm(request.POST), services.response_set_status, response=response):
        # The message names the status the service has just set.
        messages.success(
            request, _("Étape enregistrée : %(status)s.") % {"status": response.get_status_display()}
        )
    return _to_workspace(membership, response, "#etape")


@cluster_view
@require_POST
def notes_save(request, membership, response_id: int):
    response = access_response(membership, response_id, for_edit=True)
    form = NotesForm(request.POST)
    if form.is_valid():
        services.response_set_notes(response=response, notes=form.cleaned_data["notes"])
        messages.success(request, _("Notes enregistrées."))
    return _to_workspace(membership, response, "#notes")


@cluster_view
@require_GET
def dc1(request, membership, response_id: int):
    return dc1_download(access_response(membership, response_id))


@cluster_view
@require_GET
def dc2(request, membership, response_id: int, participant_id: int):
    """All of a member's DC2 in one file (one per lot it takes part in): the address of the single DC2
    of earlier versions keeps working."""
    response = access_response(membership, response_id)
    return dc2_download(response, access_active_participant(response, participant_id))


@cluster_view
@require_GET
def dc2_lot(request, membership, response_id: int, participant_id: int, lot_id: int):
    response = access_response(membership, response_id)
    return dc2_download(response, access_active_participant(response, participant_id), lot_id)


@cluster_view
@require_GET
def dc4(request, membership, response_id: int, subcontractor_id: int):
    response = access_response(membership, response_id)
    return dc4_download(response, access_subcontractor(response, subcontractor_id))


@cluster_view
@require_POST
def subcontractor_add(request, membership, response_id: int):
    response = access_response(membership, response_id)
    participant = declaring_participant(membership, response)
    form = SubcontractorForm(request.POST, lots=response.notice.lots.all())
    _submit(
        request,
        form,
        services.subcontractor_declare,
        participant=participant,
        success=_("Sous-traitant déclaré : son DC4 est ajouté aux pièces à produire."),
    )
    return _to_workspace(membership, response, "#sous-traitants")


@cluster_view
@require_POST
def subcontractor_update(request, membership, response_id: int, subcontractor_id: int):
    response = access_response(membership, response_id)
    subcontractor = access_own_subcontractor(membership, response, subcontractor_id)
    form = SubcontractorForm(request.POST, lots=response.notice.lots.all())
    _submit(
        request,
        form,
        services.subcontractor_update,
        subcontractor=subcontractor,
        success=_("Sous-traitant mis à jour."),
    )
    return _to_workspace(membership, response, "#sous-traitants")


@cluster_view
@require_POST
def subcontractor_remove(request, membership, response_id: int, subcontractor_id: int):
    response = access_response(membership, response_id)
    subcontractor = access_own_subcontractor(membership, response, subcontractor_id)
    if _run(request, services.subcontractor_remove, subcontractor=subcontractor):
        messages.success(request, _("Sous-traitant retiré."))
    return _to_workspace(membership, response, "#sous-traitants")
