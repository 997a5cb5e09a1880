"""Invitations and answers are e-mailed once, after commit: to the invited organisation's administrators,
then to whoever invited it."""

import pytest
from django.core import mail

from coursive.accounts.models import Role
from coursive.accounts.tests.factories import MembershipFactory, UserFactory
from coursive.procurement.tests.matching_factories import NoticeFactory
from coursive.responses import services
from coursive.responses.models import Participant, ParticipantRole
from coursive.responses.notifications import answer_email_send, invitation_email_send

from .helpers import membership_of, open_with, share_watch

pytestmark = pytest.mark.django_db


def test_the_invited_administrators_are_emailed_once(
    django_capture_on_commit_callbacks, member_admin, cluster, other_organisation, outsider_admin
):
    MembershipFactory(cluster=cluster, role=Role.MEMBER_STAFF, organisation=other_organisation)
    response = open_with(member_admin)

    with django_capture_on_commit_callbacks(execute=True):
        participant = services.participant_invite(
            response=response,
            organisation=other_organisation,
            role=ParticipantRole.COTRAITANT,
            invited_by=member_admin,
        )

    assert [message.to for message in mail.outbox] == [[outsider_admin.email]]
    assert f"/p/dijon/reponses/{response.pk}/" in mail.outbox[0].body
    assert "Studio Grand Angle est invitée à un groupement" in mail.outbox[0].subject
    assert invitation_email_send(participant_id=participant.pk) == 0
    assert len(mail.outbox) == 1


def test_the_inviter_learns_the_answer_and_its_reason(
    django_capture_on_commit_callbacks, member_admin, other_organisation, outsider_admin
):
    response = open_with(member_admin)
    participant = services.participant_invite(
        response=response,
        organisation=other_organisation,
        role=ParticipantRole.COTRAITANT,
        invited_by=member_admin,
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.participant_answer(
            participant=participant, accept=False, reason="Plan de charge complet", answered_by=outsider_admin
        )

    assert [message.to for message in mail.outbox] == [[member_admin.email]]
    assert "Plan de charge complet" in mail.outbox[0].body


def _answered_invitation(inviter_membership, organisation, answered_by):
    response = services.response_open(
        membership=inviter_membership,
        notice=NoticeFactory(),
        organisations=[],
        mandataire=inviter_membership.organisation,
        lot_assignments=[],
    )
    participant = services.participant_invite(
        response=response, organisation=organisation, role=ParticipantRole.COTRAITANT, invited_by=answered_by
    )
    participant.invited_by = inviter_membership.user
    participant.save(update_fields=["invited_by"])
    return services.participant_answer(
        participant=participant, accept=True, reason="", answered_by=answered_by
    )


def test_the_answer_links_to_the_response_cluster_not_the_inviter_first_one(
    cluster, other_cluster, own_organisation, other_organisation, outsider_admin
):
    inviter = MembershipFactory(cluster=other_cluster, role=Role.RESIDENT).user
    home = MembershipFactory(
        user=inviter, cluster=cluster, role=Role.MEMBER_ADMIN, organisation=own_organisation
    )
    participant = _answered_invitation(home, other_organisation, outsider_admin)

    sent = answer_email_send(participant_id=participant.pk)

    assert sent == 1
    assert [message.to for message in mail.outbox] == [[inviter.email]]
    assert f"/p/dijon/reponses/{participant.response_id}/" in mail.outbox[0].body


def test_a_partner_cluster_inviter_gets_the_link_of_its_own_cluster(
    cluster, other_cluster, member_admin, other_organisation, outsider_admin, stranger, foreign_organisation
):
    share_watch(cluster, other_cluster)
    response = open_with(member_admin, foreign_organisation)
    partner = response.participants.get(organisation=foreign_organisation)
    services.participant_answer(participant=partner, accept=True, reason="", answered_by=stranger)
    participant = services.participant_invite(
        response=response,
        organisation=other_organisation,
        role=ParticipantRole.COTRAITANT,
        invited_by=stranger,
    )
    services.participant_answer(participant=participant, accept=True, reason="", answered_by=outsider_admin)

    assert answer_email_send(participant_id=participant.pk) == 1
    assert [message.to for message in mail.outbox] == [[stranger.email]]
    assert f"/p/saint-etienne/reponses/{response.pk}/" in mail.outbox[0].body


def test_an_inactive_inviter_is_not_emailed_nor_counted(member_admin, other_organisation, outsider_admin):
    participant = _answered_invitation(membership_of(member_admin), other_organisation, outsider_admin)
    member_admin.is_active = False
    member_admin.save(update_fields=["is_active"])

    assert answer_email_send(participant_id=participant.pk) == 0
    assert mail.outbox == []
    participant.refresh_from_db()
    assert participant.answer_emailed_at is not None


def test_an_answer_without_inviter_is_not_counted(member_admin, other_organisation, outsider_admin):
    participant = _answered_invitation(membership_of(member_admin), other_organisation, outsider_admin)
    Participant.objects.filter(pk=participant.pk).update(invited_by=None)

    assert answer_email_send(participant_id=participant.pk) == 0
    assert mail.outbox == []


def test_administrators_without_e_mail_or_inactive_are_not_invited(
    cluster, member_admin, other_organisation, outsider_admin
):
    MembershipFactory(
        cluster=cluster,
        role=Role.MEMBER_ADMIN,
        organisation=other_organisation,
        user=UserFactory(is_active=False),
    )
    MembershipFactory(
        cluster=cluster, role=Role.MEMBER_ADMIN, organisation=other_organisation, user=UserFactory(email="")
    )
    response = open_with(member_admin)
    participant = services.participant_invite(
        response=response,
        organisation=other_organisation,
        role=ParticipantRole.COTRAITANT,
        invited_by=member_admin,
    )

    assert invitation_email_send(participant_id=participant.pk) == 1
    assert [message.to for message in mail.outbox] == [[outsider_admin.email]]
