"""The insider check leases, loans and the API share: members and the coordination pass, the cluster's buyers
and residents are told the page is not for them (403), never shown it."""

import pytest
from django.core.exceptions import PermissionDenied

from coursive.accounts.access import require_insider
from coursive.accounts.models import Role

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Réservé à la coordination et aux structures membres du pôle."


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MEMBER_ADMIN, Role.MEMBER_STAFF])
def test_the_coordination_and_member_organisations_are_insiders(cluster, own_organisation, role):
    organisation = None if role == Role.COORDINATOR else own_organisation
    membership = MembershipFactory(cluster=cluster, role=role, organisation=organisation)

    require_insider(membership)


@pytest.mark.parametrize("role", [Role.BUYER, Role.RESIDENT])
def test_buyers_and_residents_are_refused_with_one_message(cluster, role):
    membership = MembershipFactory(cluster=cluster, role=role)

    with pytest.raises(PermissionDenied, match=MESSAGE):
        require_insider(membership)


def test_the_api_answers_403_with_the_message(client, api_headers, buyer, resident):
    for user, path in ((buyer, "/api/clusters/dijon/leases"), (resident, "/api/clusters/dijon/loans")):
        response = client.get(path, headers=api_headers(user))

        assert response.status_code == 403 and response.json()["detail"] == MESSAGE
