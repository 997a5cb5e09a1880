"""The workspace's rules, through its services: opening, invitations, the frozen composition, the
checklist that follows the group, shares and outcomes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coursive.directory.models import MembershipStatus
from coursive.directory.tests.factories import OrganisationFactory
from coursive.procurement.importer import import_records
from coursive.procurement.models import Notice
from coursive.procurement.tests.matching_factories import NoticeFactory
from coursive.procurement.tests.notice_records import contract_notice
from coursive.responses import services
from coursive.responses.models import (
    ChecklistItem,
    ChecklistKind,
    InvitationStatus,
    JointResponse,
    Participant,
    ParticipantRole,
    ResponseStatus,
    WorkShare,
)
from coursive.responses.selectors import yearly_figures

from .helpers import membership_of, notice_with_lots, open_with, pass_deadline, share_watch

pytestmark = pytest.mark.django_db


def test_opening_makes_the_opener_accepted_and_the_others_invited(
    member_admin, own_organisation, other_organisation
):
    notice, lots = notice_with_lots()
    response = services.response_open(
        membership=membership_of(member_admin),
        notice=notice,
        organisations=[own_organisation, other_organisation],
        mandataire=own_organisation,
        lot_assignments=[(lots[0], own_organisation), (lots[1], other_organisation)],
    )

    participants = {p.organisation_id: p for p in response.participants.all()}
    assert participants[own_organisation.pk].invitation_status == InvitationStatus.ACCEPTED
    assert participants[own_organisation.pk].role == ParticipantRole.MANDATAIRE
    assert participants[other_organisation.pk].invitation_status == InvitationStatus.INVITED
    assert participants[other_organisation.pk].role == ParticipantRole.COTRAITANT
    assert set(WorkShare.objects.values_list("lot__number", "participant__organisation")) == {
        ("1", own_organisation.pk),
        ("2", other_organisation.pk),
    }
    assert response.status == ResponseStatus.SPOTTED


def test_opening_alone_makes_the_own_organisation_its_mandataire(member_staff, own_organisation):
    response = services.response_open(
        membership=membership_of(member_staff),
        notice=NoticeFactory(),
        organisations=[],
        mandataire=None,
        lot_assignments=[],
    )

    assert list(response.participants.values_list("organisation", "role")) == [
        (own_organisation.pk, ParticipantRole.MANDATAIRE)
    ]


def test_opening_creates_a_default_checklist_due_before_the_deadline(member_admin, other_organisation):
    deadline = timezone.now() + timedelta(days=20)
    response = open_with(member_admin, other_organisation, notice=NoticeFactory(deadline_at=deadline))

    kinds = sorted(response.checklist.values_list("kind", flat=True))
    assert kinds == sorted(
        [
            ChecklistKind.DC1,
            ChecklistKind.DC2,
            ChecklistKind.DC2,
            ChecklistKind.TECHNICAL,
            ChecklistKind.REFERENCES,
            ChecklistKind.CERTIFICATES,
            ChecklistKind.PRICE,
        ]
    )
    assert all(item.due_on < timezone.localtime(deadline).date() for item in response.checklist.all())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"mandataire": "outside"}, "Le mandataire doit être l'une des structures"),
        ({"notice": "past"}, "date limite de réponse de cet avis est passée"),
        ({"lot": "other_notice"}, "n'appartient pas à cet avis"),
    ],
)
def test_bad_opening_is_refused_and_writes_nothing(
    member_admin, own_organisation, other_organisation, change, message
):
    notice, lots = notice_with_lots()
    foreign_lot = notice_with_lots()[1][0]
    arguments = {
        "membership": membership_of(member_admin),
        "notice": notice,
        "organisations": [own_organisation],
        "mandataire": own_organisation,
        "lot_assignments": [(lots[0], own_organisation)],
    }
    if change.get("mandataire"):
        arguments["mandataire"] = other_organisation
    if change.get("notice"):
        notice.deadline_at = timezone.now() - timedelta(days=1)
        notice.save()
    if change.get("lot"):
        arguments["lot_assignments"] = [(foreign_lot, own_organisation)]

    with pytest.raises(ValidationError, match=message):
        services.response_open(**arguments)

    assert not JointResponse.objects.exists()
    assert not Participant.objects.exists()
    assert not ChecklistItem.objects.exists()


def test_unknown_identifiers_are_refused_in_french(member_admin):
    notice = NoticeFactory()
    with pytest.raises(ValidationError, match="Une des structures choisies est introuvable"):
        services.opening_from_ids(
            notice_id=str(notice.pk), organisation_ids=["999999"], mandataire_id="", lot_assignments=[]
        )
    with pytest.raises(ValidationError, match="Identifiant de structure invalide"):
        services.opening_from_ids(
            notice_id=str(notice.pk), organisation_ids=["abc"], mandataire_id="", lot_assignments=[]
        )
    with pytest.raises(ValidationError, match="Attribution de lot illisible"):
        services.opening_from_ids(
            notice_id=str(notice.pk), organisation_ids=[], mandataire_id="", lot_assignments=["12"]
        )


def test_inviting_an_organisation_of_a_cluster_not_sharing_its_watch_is_refused(
    member_admin, foreign_organisation
):
    response = open_with(member_admin)

    with pytest.raises(ValidationError, match="ne partage pas sa veille"):
        services.participant_invite(
            response=response,
            organisation=foreign_organisation,
            role=ParticipantRole.COTRAITANT,
            invited_by=None,
        )
    assert response.participants.count() == 1


def test_sharing_declared_one_way_only_is_not_enough(
    member_admin, cluster, other_cluster, foreign_organisation
):
    from coursive.procurement.consortium_services import watch_sharing_declare

    watch_sharing_declare(cluster=cluster, partner_cluster=other_cluster, user=None)
    response = open_with(member_admin)

    with pytest.raises(ValidationError, match="ne partage pas sa veille"):
        services.participant_invite(
            response=response,
            organisation=foreign_organisation,
            role=ParticipantRole.COTRAITANT,
            invited_by=None,
        )


def test_an_organisation_of_a_partner_cluster_can_be_invited(
    member_admin, cluster, other_cluster, foreign_organisation
):
    share_watch(cluster, other_cluster)
    response = open_with(member_admin)

    participant = services.participant_invite(
        response=response,
        organisation=foreign_organisation,
        role=ParticipantRole.SOUS_TRAITANT,
        invited_by=None,
    )

    assert participant.invitation_status == InvitationStatus.INVITED
    assert response.checklist.filter(kind=ChecklistKind.DC4, concerns=participant).exists()


def test_a_former_member_cannot_be_invited(member_admin, cluster):
    former = OrganisationFactory(cluster=cluster, membership_status=MembershipStatus.FORMER)
    response = open_with(member_admin)

    with pytest.raises(ValidationError, match="n'est plus membre"):
        services.participant_invite(
            response=response, organisation=former, role=ParticipantRole.COTRAITANT, invited_by=None
        )


def test_membership_is_frozen_once_the_deadline_has_passed(member_admin, other_organisation, cluster):
    third = OrganisationFactory(cluster=cluster)
    response = open_with(member_admin, other_organisation)
    invited = response.participants.get(organisation=other_organisation)
    pass_deadline(response)
    response.refresh_from_db()

    with pytest.raises(ValidationError, match="composition du groupement est figée"):
        services.participant_invite(
            response=response, organisation=third, role=ParticipantRole.COTRAITANT, invited_by=None
        )
    with pytest.raises(ValidationError, match="figée"):
        services.participant_answer(participant=invited, accept=True, reason="", answered_by=None)
    with pytest.raises(ValidationError, match="figée"):
        services.participant_remove(participant=invited)
    with pytest.raises(ValidationError, match="figée"):
        services.participant_set_role(participant=invited, role=ParticipantRole.SOUS_TRAITANT)

    invited.refresh_from_db()
    assert (invited.invitation_status, invited.role) == (InvitationStatus.INVITED, ParticipantRole.COTRAITANT)
    assert response.participants.count() == 2


def test_the_outcome_can_still_be_recorded_after_the_deadline(member_admin):
    response = open_with(member_admin)
    pass_deadline(response)

    services.response_set_status(
        response=response, status=ResponseStatus.WON, awarded_amount=Decimal("42000.50")
    )

    response.refresh_from_db()
    assert (response.status, response.awarded_amount) == (ResponseStatus.WON, Decimal("42000.50"))
    assert response.outcome_on == timezone.localdate()


def test_declining_needs_a_reason_and_removes_the_member_pieces(member_admin, other_organisation):
    response = open_with(member_admin, other_organisation)
    invited = response.participants.get(organisation=other_organisation)

    with pytest.raises(ValidationError, match="motif du refus"):
        services.participant_answer(participant=invited, accept=False, reason="  ", answered_by=None)
    services.participant_answer(
        participant=invited, accept=False, reason="Plan de charge complet", answered_by=None
    )

    invited.refresh_from_db()
    assert invited.invitation_status == InvitationStatus.DECLINED
    assert invited.decline_reason == "Plan de charge complet"
    assert not response.checklist.filter(concerns=invited).exists()


def test_a_new_mandataire_replaces_the_former_one(member_admin, own_organisation, other_organisation):
    response = open_with(member_admin, other_organisation)
    other = response.participants.get(organisation=other_organisation)
    with pytest.raises(ValidationError, match="accepté l'invitation"):
        services.participant_set_role(participant=other, role=ParticipantRole.MANDATAIRE)
    services.participant_answer(participant=other, accept=True, reason="", answered_by=None)

    services.participant_set_role(participant=other, role=ParticipantRole.MANDATAIRE)

    roles = dict(response.participants.values_list("organisation", "role"))
    assert roles == {
        own_organisation.pk: ParticipantRole.COTRAITANT,
        other_organisation.pk: ParticipantRole.MANDATAIRE,
    }


def test_the_mandataire_cannot_step_down_without_a_successor(member_admin, own_organisation):
    response = open_with(member_admin)
    mandataire = response.participants.get(organisation=own_organisation)

    with pytest.raises(ValidationError, match="garder un mandataire"):
        services.participant_set_role(participant=mandataire, role=ParticipantRole.COTRAITANT)
    with pytest.raises(ValidationError, match="ne peut pas être retiré"):
        services.participant_remove(participant=mandataire)


def test_choosing_the_dume_replaces_dc1_and_dc2(member_admin, other_organisation):
    response = open_with(member_admin, other_organisation)

    services.response_set_form(response=response, form="solidaire", uses_dume=True)

    kinds = set(response.checklist.values_list("kind", flat=True))
    assert ChecklistKind.DUME in kinds
    assert not kinds & {ChecklistKind.DC1, ChecklistKind.DC2}
    assert response.checklist.filter(kind=ChecklistKind.DUME).count() == 2


def test_shares_are_per_member_and_lot_and_update_in_place(member_admin, own_organisation):
    notice, lots = notice_with_lots()
    response = open_with(member_admin, notice=notice)
    participant = response.participants.get()

    services.share_set(participant=participant, lot=lots[0], work="Charte", amount=Decimal("1000"))
    services.share_set(
        participant=participant, lot=lots[0], work="Charte et affiches", amount=Decimal("1500.25")
    )
    with pytest.raises(ValidationError, match="choisissez le lot"):
        services.share_set(participant=participant, lot=None, work="", amount=None)
    with pytest.raises(ValidationError, match="négatif"):
        services.share_set(participant=participant, lot=lots[1], work="", amount=Decimal("-1"))

    assert list(WorkShare.objects.values_list("work", "amount")) == [
        ("Charte et affiches", Decimal("1500.25"))
    ]


def test_an_awarded_amount_is_only_for_a_won_response(member_admin):
    response = open_with(member_admin)

    with pytest.raises(ValidationError, match="réponse gagnée"):
        services.response_set_status(
            response=response, status=ResponseStatus.LOST, awarded_amount=Decimal("10")
        )

    response.refresh_from_db()
    assert response.status == ResponseStatus.SPOTTED


def test_yearly_figures_count_responses_won_amounts_and_members(
    member_admin,
    outsider_admin,
    own_organisation,
    other_organisation,
    cluster,
    other_cluster,
    foreign_organisation,
):
    share_watch(cluster, other_cluster)
    won = open_with(member_admin, other_organisation, foreign_organisation)
    for participant in won.participants.exclude(organisation=own_organisation):
        services.participant_answer(participant=participant, accept=True, reason="", answered_by=None)
    services.response_set_status(response=won, status=ResponseStatus.WON, awarded_amount=Decimal("30000"))
    lost = open_with(member_admin)
    services.response_set_status(response=lost, status=ResponseStatus.LOST)
    open_with(member_admin)
    year = timezone.localdate().year

    figures = yearly_figures(cluster=cluster, year=year)

    assert figures["responses"] == 3
    assert figures["by_status"]["won"] == 1 and figures["by_status"]["lost"] == 1
    assert figures["by_status"]["spotted"] == 1
    assert figures["won_amount"] == Decimal("30000")
    assert figures["success_rate"] == 0.5
    assert figures["members_involved"] == 2
    assert figures["partner_organisations_involved"] == 1
    assert yearly_figures(cluster=cluster, year=year - 1)["responses"] == 0


def test_form_pieces_follow_the_group_and_cannot_be_removed_by_hand(member_admin):
    response = open_with(member_admin)
    dc1 = response.checklist.get(kind=ChecklistKind.DC1)
    technical = response.checklist.get(kind=ChecklistKind.TECHNICAL)

    with pytest.raises(ValidationError, match="suit la composition"):
        services.checklist_item_remove(item=dc1)
    services.checklist_item_remove(item=technical)

    assert set(response.checklist.values_list("kind", flat=True)) == {
        ChecklistKind.DC1,
        ChecklistKind.DC2,
        ChecklistKind.REFERENCES,
        ChecklistKind.CERTIFICATES,
        ChecklistKind.PRICE,
    }


def test_a_work_share_survives_the_reimport_of_a_corrected_notice(member_admin):
    import_records([contract_notice()], name="first.xml")
    notice = Notice.objects.get(official_id="25-100001")
    response = open_with(member_admin, notice=notice)
    lot = notice.lots.get(number="1")
    services.share_set(participant=response.participants.get(), lot=lot, work="Charte", amount=Decimal("900"))

    import_records([contract_notice(title="Conception graphique (modifié)")], name="second.xml")

    assert list(WorkShare.objects.values_list("lot_id", "work")) == [(lot.pk, "Charte")]
