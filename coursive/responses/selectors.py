"""Reads on joint responses: the board, a workspace's figures, the frozen rule, the document warnings and
the cluster's yearly figures."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.accounts.models import Membership
from coursive.directory.models import MembershipStatus, Organisation
from coursive.documents.selectors import bid_document_warnings

from .access import ACTIVE_INVITATIONS, visible_responses
from .models import (
    CLOSED_STATUSES,
    InvitationStatus,
    JointResponse,
    Participant,
    ParticipantRole,
    ResponseStatus,
    Subcontractor,
    WorkShare,
)

# Below this time left, the countdown turns red.
URGENT_BEFORE_DEADLINE = datetime.timedelta(days=3)


def partner_cluster_ids(cluster) -> set[int]:
    """Clusters sharing their watch with this one, both ways (the consortium builder owns the rule)."""
    from coursive.procurement.consortium_selectors import partner_clusters

    return {partner.pk for partner in partner_clusters(cluster=cluster)}


def deadline_passed(response: JointResponse, *, now: datetime.datetime | None = None) -> bool:
    deadline = response.notice.deadline_at
    return deadline is not None and deadline <= (now or timezone.now())


def frozen_reason(response: JointResponse) -> str:
    """Why the groupement's composition can no longer change, or an empty string."""
    if deadline_passed(response):
        return _(
            "La date limite de remise des offres est passée : la composition du groupement est figée "
            "jusqu'à la signature du marché (article R2142-26 du code de la commande publique)."
        )
    if response.status == ResponseStatus.SUBMITTED or response.status in CLOSED_STATUSES:
        return _("L'offre est déposée : la composition du groupement ne peut plus changer.")
    return ""


def response_board(membership: Membership) -> list[dict]:
    """The responses the user may see, in one column per status of the pipeline."""
    responses = (
        visible_responses(membership)
        .select_related("notice", "cluster")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.filter(invitation_status__in=ACTIVE_INVITATIONS).select_related(
                    "organisation"
                ),
            )
        )
        .order_by("notice__deadline_at", "-created_at")
    )
    columns = {status: [] for status in ResponseStatus.values}
    for response in responses:
        columns[response.status].append(response)
    return [
        {"status": status, "label": label, "responses": columns[status]}
        for status, label in ResponseStatus.choices
    ]


@dataclass(frozen=True)
class ShareTotals:
    by_participant: dict[int, Decimal]
    by_lot: dict[int | None, Decimal]
    total: Decimal


def share_totals(shares: list[WorkShare]) -> ShareTotals:
    by_participant: dict[int, Decimal] = defaultdict(Decimal)
    by_lot: dict[int | None, Decimal] = defaultdict(Decimal)
    for share in shares:
        amount = share.amount or Decimal("0")
        by_participant[share.participant_id] += amount
        by_lot[share.lot_id] += amount
    return ShareTotals(dict(by_participant), dict(by_lot), sum(by_participant.values(), Decimal("0")))


def workspace_data(response: JointResponse) -> dict:
    participants = list(response.participants.select_related("organisation", "organisation__cluster"))
    active = [p for p in participants if p.invitation_status != InvitationStatus.DECLINED]
    shares = list(
        WorkShare.objects.filter(participant__response=response)
        .select_related("participant__organisation", "lot")
        .order_by("lot__number", "participant_id")
    )
    deadline = response.notice.deadline_at
    totals = share_totals(shares)
    lots = list(response.notice.lots.all())
    dc2_lots = member_lots(shares)
    for participant in participants:
        participant.dc2_lots = dc2_lots.get(participant.pk, [])
    return {
        "member_totals": [(p, totals.by_participant.get(p.pk, Decimal("0"))) for p in active],
        "lot_totals": [(lot, totals.by_lot.get(lot.pk, Decimal("0"))) for lot in lots],
        "participants": participants,
        "active_participants": active,
        "mandataire": next((p for p in active if p.role == ParticipantRole.MANDATAIRE), None),
        "lots": lots,
        "shares": shares,
        "totals": totals,
        "subcontractors": list(response_subcontractors(response)),
        "checklist": list(response.checklist.select_related("owner__organisation")),
        "frozen_reason": frozen_reason(response),
        "deadline_passed": deadline_passed(response),
        "deadline_urgent": deadline is not None and deadline - timezone.now() < URGENT_BEFORE_DEADLINE,
        "document_warnings": bid_document_warnings(
            organisations=[p.organisation for p in active],
            on_date=timezone.localtime(deadline).date() if deadline else timezone.localdate(),
        ),
    }


def member_lots(shares: list[WorkShare]) -> dict[int, list]:
    """The lots each member takes part in, which it presents a DC2 for, one per lot."""
    lots: dict[int, list] = defaultdict(list)
    for share in shares:
        if share.lot is not None:
            lots[share.participant_id].append(share.lot)
    return dict(lots)


def member_lot(response: JointResponse, participant: Participant, lot_id: int):
    """A lot the member takes part in, which has its own DC2, or None."""
    share = (
        response_shares(response).select_related("lot").filter(participant=participant, lot_id=lot_id).first()
    )
    return share.lot if share else None


def response_subcontractors(response: JointResponse):
    """The subcontractors the participants still in the response declared; every participant sees them."""
    return (
        Subcontractor.objects.filter(participant__response=response)
        .exclude(participant__invitation_status=InvitationStatus.DECLINED)
        .select_related("participant__organisation", "lot")
        .order_by("participant_id", "pk")
    )


def yearly_figures(*, cluster, year: int) -> dict:
    """The cluster's responses of the year for its yearly report. A decided response counts in the year
    its outcome was known, the others in the year they were opened."""
    responses = [
        response
        for response in JointResponse.objects.filter(cluster=cluster).prefetch_related(
            "participants__organisation"
        )
        if (response.outcome_on.year if response.outcome_on else timezone.localtime(response.created_at).year)
        == year
    ]
    by_status = dict.fromkeys(ResponseStatus.values, 0)
    members, partners = set(), set()
    for response in responses:
        by_status[response.status] += 1
        for participant in response.participants.all():
            if participant.invitation_status == InvitationStatus.ACCEPTED:
                target = members if participant.organisation.cluster_id == cluster.pk else partners
                target.add(participant.organisation_id)
    won = [r for r in responses if r.status == ResponseStatus.WON]
    decided = by_status[ResponseStatus.WON] + by_status[ResponseStatus.LOST]
    return {
        "year": year,
        "responses": len(responses),
        "by_status": by_status,
        "won_count": len(won),
        "won_amount": sum((r.awarded_amount or Decimal("0") for r in won), Decimal("0")),
        "success_rate": round(len(won) / decided, 3) if decided else None,
        "members_involved": len(members),
        "partner_organisations_involved": len(partners),
    }


def invitable_organisations(*, cluster, exclude_response: JointResponse | None = None):
    """Organisations that may be invited: the cluster's own and its partner clusters', former members
    left out, and those already taking part in the response."""
    clusters = {cluster.pk, *partner_cluster_ids(cluster)}
    organisations = (
        Organisation.objects.filter(cluster_id__in=clusters)
        .exclude(membership_status=MembershipStatus.FORMER)
        .select_related("cluster")
        .order_by("cluster__name", "legal_name")
    )
    if exclude_response is not None:
        organisations = organisations.exclude(
            pk__in=exclude_response.participants.filter(invitation_status__in=ACTIVE_INVITATIONS).values(
                "organisation_id"
            )
        )
    return organisations


def active_participants(response: JointResponse):
    """The participants who have not declined, with their organisation, which their labels show."""
    return response.participants.exclude(invitation_status=InvitationStatus.DECLINED).select_related(
        "organisation"
    )


def response_shares(response: JointResponse):
    return WorkShare.objects.filter(participant__response=response).select_related("participant__response")
