"""The pre-filled DC1 and DC2: the official forms' sections (version of April 2019, published by the
Direction des affaires juridiques), filled from the organisations' records, with empty boxes for what the
records do not know. The team downloads them, completes them and each member signs."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from coursive.documents.selectors import documents_of
from coursive.procurement.models import CapabilityProfile

from .models import InvitationStatus, JointResponse, Participant, ParticipantRole, WorkShare


def _members(response: JointResponse) -> list[Participant]:
    """The group's members in the DC1's sense: subcontractors are declared with a DC4 instead."""
    return list(
        response.participants.exclude(invitation_status=InvitationStatus.DECLINED)
        .exclude(role=ParticipantRole.SOUS_TRAITANT)
        .select_related("organisation", "organisation__naf")
        .order_by("-role", "pk")
    )


def _shares_by_participant(response: JointResponse) -> dict[int, list[WorkShare]]:
    shares: dict[int, list[WorkShare]] = {}
    for share in WorkShare.objects.filter(participant__response=response).select_related("lot"):
        shares.setdefault(share.participant_id, []).append(share)
    return shares


def dc1_context(response: JointResponse) -> dict:
    members = _members(response)
    shares = _shares_by_participant(response)
    lot_ids = {share.lot_id for items in shares.values() for share in items if share.lot_id}
    lots = list(response.notice.lots.all())
    return {
        "response": response,
        "notice": response.notice,
        "members": [{"participant": p, "shares": shares.get(p.pk, [])} for p in members],
        "mandataire": next((p for p in members if p.role == ParticipantRole.MANDATAIRE), None),
        "is_group": len(members) > 1,
        "lots": lots,
        "chosen_lots": [lot for lot in lots if lot.pk in lot_ids],
        "generated_on": timezone.localdate(),
    }


def dc2_context(response: JointResponse, participant: Participant) -> dict:
    organisation = participant.organisation
    profile = (
        CapabilityProfile.objects.filter(organisation=organisation).prefetch_related("references").first()
    )
    members = _members(response)
    return {
        "response": response,
        "notice": response.notice,
        "participant": participant,
        "organisation": organisation,
        "profile": profile,
        "references": list(profile.references.all()[:10]) if profile else [],
        "shares": _shares_by_participant(response).get(participant.pk, []),
        "mandataire": next((p for p in members if p.role == ParticipantRole.MANDATAIRE), None),
        "is_group": len(members) > 1,
        "documents": list(documents_of(organisation)),
        "generated_on": timezone.localdate(),
    }


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override("fr"):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def dc1_pdf(response: JointResponse) -> bytes:
    return render_pdf("responses/pdf/dc1.html", dc1_context(response))


def dc2_pdf(response: JointResponse, participant: Participant) -> bytes:
    return render_pdf("responses/pdf/dc2.html", dc2_context(response, participant))
