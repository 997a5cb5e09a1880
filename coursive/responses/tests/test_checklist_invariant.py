"""Invariant of the checklist: whatever the sequence of invitations, answers, role changes and DUME choices,
the form pieces are exactly those the composition calls for."""

import contextlib

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursive.directory.tests.factories import OrganisationFactory
from coursive.responses import services
from coursive.responses.checklist import FORM_KINDS
from coursive.responses.models import ChecklistKind, InvitationStatus, ParticipantRole

from .helpers import open_with

pytestmark = pytest.mark.django_db

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["invite", "accept", "decline", "role", "dume", "remove"]),
        st.integers(0, 2),
        st.sampled_from(list(ParticipantRole.values)),
        st.booleans(),
    ),
    max_size=8,
)


def expected_pieces(response) -> set[tuple[str, int | None]]:
    active = response.participants.exclude(invitation_status=InvitationStatus.DECLINED)
    pieces = set() if response.uses_dume else {(ChecklistKind.DC1, None)}
    for participant in active:
        if participant.role == ParticipantRole.SOUS_TRAITANT:
            pieces.add((ChecklistKind.DC4, participant.pk))
        else:
            pieces.add((ChecklistKind.DUME if response.uses_dume else ChecklistKind.DC2, participant.pk))
    return pieces


def apply(response, organisations, action) -> None:
    name, index, role, flag = action
    organisation = organisations[index]
    participant = response.participants.filter(organisation=organisation).first()
    if name == "invite":
        services.participant_invite(response=response, organisation=organisation, role=role, invited_by=None)
    elif name == "dume":
        services.response_set_form(response=response, form="solidaire", uses_dume=flag)
    elif participant is None:
        return
    elif name in ("accept", "decline"):
        services.participant_answer(
            participant=participant, accept=name == "accept", reason="Non", answered_by=None
        )
    elif name == "role":
        services.participant_set_role(participant=participant, role=role)
    else:
        services.participant_remove(participant=participant)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_form_pieces_always_match_the_composition(member_admin, cluster, actions):
    organisations = [OrganisationFactory(cluster=cluster) for _ in range(3)]
    response = open_with(member_admin)
    for action in actions:
        with contextlib.suppress(ValidationError):
            apply(response, organisations, action)
        response.refresh_from_db()
        pieces = set(response.checklist.filter(kind__in=FORM_KINDS).values_list("kind", "concerns_id"))
        assert pieces == expected_pieces(response)
        assert response.participants.filter(role=ParticipantRole.MANDATAIRE).count() == 1
