"""Invitations and answers are e-mailed once, after commit: to the invited organisation's administrators,
then to whoever invited it."""

import pytest
from django.core import mail

from coursive.accounts.models import Role
from coursive.accounts.tests.factories import MembershipFactory
from coursive.responses import services
from coursive.responses.models import ParticipantRole
from coursive.responses.notifications import invitation_email_send

from .helpers import open_with

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
