"""The pre-filled DC1, DC2 and DC4: the official forms' sections (DC1 and DC2 of April 2019, DC4 applicable
from 1 January 2024, published by the Direction des affaires juridiques), filled from the organisations'
records and the declared subcontractors, with empty boxes for what the records do not know. The team
downloads them, completes them and each member signs."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from coursive.documents.selectors import documents_of
from coursive.procurement.models import CapabilityProfile, Lot

from .models import (
    DIRECT_PAYMENT_THRESHOLD_TTC,
    InvitationStatus,
    JointResponse,
    Participant,
    ParticipantRole,
    Subcontractor,
    WorkShare,
)


def _members(response: JointResponse) -> list[Participant]:
    """The group's members in the DC1's sense: subcontractors are declared with a DC4 instead."""
    return list(
        response.participants.exclude(invitation_status=InvitationStatus.DECLINED)
        .exclude(role=ParticipantRole.SOUS_TRAITANT)
        .select_related("organisation", "organisation__naf")
        .order_by("-role", "pk")
    )


def _shares_by_participant(response: JointResponse) -> dict[int, list[WorkShare]]:
    by_participant: dict[int, list[WorkShare]] = {}
    shares = WorkShare.objects.filter(participant__response=response).select_related("lot")
    for share in shares.order_by("lot__number", "lot_id"):
        by_participant.setdefault(share.participant_id, []).append(share)
    return by_participant


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


def dc2_context(response: JointResponse, participant: Participant, lot: Lot | None = None) -> dict:
    """A member's DC2, for one lot when `lot` is given (its shares on the other lots left out)."""
    organisation = participant.organisation
    profile = (
        CapabilityProfile.objects.filter(organisation=organisation).prefetch_related("references").first()
    )
    members = _members(response)
    shares = _shares_by_participant(response).get(participant.pk, [])
    return {
        "response": response,
        "notice": response.notice,
        "participant": participant,
        "organisation": organisation,
        "profile": profile,
        "references": list(profile.references.all()[:10]) if profile else [],
        "lot": lot,
        "shares": [share for share in shares if lot is None or share.lot_id == lot.pk],
        "mandataire": next((p for p in members if p.role == ParticipantRole.MANDATAIRE), None),
        "is_group": len(members) > 1,
        "documents": list(documents_of(organisation)),
        "generated_on": timezone.localdate(),
    }


def dc4_context(response: JointResponse, subcontractor: Subcontractor) -> dict:
    members = _members(response)
    return {
        "response": response,
        "notice": response.notice,
        "subcontractor": subcontractor,
        "declared_by": subcontractor.participant,
        "organisation": subcontractor.participant.organisation,
        "mandataire": next((p for p in members if p.role == ParticipantRole.MANDATAIRE), None),
        "is_group": len(members) > 1,
        "threshold": DIRECT_PAYMENT_THRESHOLD_TTC,
        "generated_on": timezone.localdate(),
    }


def render_pdf(*documents: tuple[str, dict]) -> bytes:
    """One PDF of one or several (template, context) documents, one after the other."""
    from weasyprint import HTML

    with translation.override("fr"):
        rendered = [
            HTML(string=render_to_string(template, context)).render() for template, context in documents
        ]
    pages = [page for document in rendered for page in document.pages]
    return rendered[0].copy(pages).write_pdf()


def dc1_pdf(response: JointResponse) -> bytes:
    return render_pdf(("responses/pdf/dc1.html", dc1_context(response)))


def dc2_pdf(response: JointResponse, participant: Participant, lot: Lot | None = None) -> bytes:
    return render_pdf(("responses/pdf/dc2.html", dc2_context(response, participant, lot)))


def member_dc2s_pdf(response: JointResponse, participant: Participant) -> bytes:
    """Every DC2 of a member in one file: one per lot it takes part in, or a single one without lot."""
    shares = _shares_by_participant(response).get(participant.pk, [])
    lots = [share.lot for share in shares if share.lot is not None]
    contexts = [dc2_context(response, participant, lot) for lot in lots] or [
        dc2_context(response, participant)
    ]
    return render_pdf(*(("responses/pdf/dc2.html", context) for context in contexts))


def dc4_pdf(response: JointResponse, subcontractor: Subcontractor) -> bytes:
    return render_pdf(("responses/pdf/dc4.html", dc4_context(response, subcontractor)))
