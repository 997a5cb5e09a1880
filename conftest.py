"""Stock actors for every test, after healthchecks' owner / teammate / outsider: each view test says who may
and who may not. `cluster` holds two organisations (`own_organisation`, `other_organisation`); `other_cluster`
is a second PTCE on the same instance whose records must never leak."""

import pytest

from coursive.accounts.models import Role
from coursive.accounts.tests.factories import ClusterFactory, MembershipFactory
from coursive.directory.tests.factories import OrganisationFactory


@pytest.fixture
def cluster(db):
    return ClusterFactory(name="Pôle Coursive Dijon", slug="dijon")


@pytest.fixture
def other_cluster(db):
    return ClusterFactory(
        name="Pôle Furan Saint-Étienne", slug="saint-etienne", territory="Saint-Étienne Métropole"
    )


@pytest.fixture
def own_organisation(cluster):
    return OrganisationFactory(cluster=cluster, legal_name="Compagnie La Mouette")


@pytest.fixture
def other_organisation(cluster):
    return OrganisationFactory(
        cluster=cluster, legal_name="Studio Grand Angle", postcode="21240", commune="Talant"
    )


@pytest.fixture
def foreign_organisation(other_cluster):
    return OrganisationFactory(
        cluster=other_cluster, legal_name="Manufacture du Furan", postcode="42000", commune="Saint-Étienne"
    )


@pytest.fixture
def coordinator(cluster):
    return MembershipFactory(cluster=cluster, role=Role.COORDINATOR).user


@pytest.fixture
def member_admin(cluster, own_organisation):
    return MembershipFactory(cluster=cluster, role=Role.MEMBER_ADMIN, organisation=own_organisation).user


@pytest.fixture
def member_staff(cluster, own_organisation):
    return MembershipFactory(cluster=cluster, role=Role.MEMBER_STAFF, organisation=own_organisation).user


@pytest.fixture
def outsider_admin(cluster, other_organisation):
    """Member admin of another organisation of the same cluster."""
    return MembershipFactory(cluster=cluster, role=Role.MEMBER_ADMIN, organisation=other_organisation).user


@pytest.fixture
def buyer(cluster):
    return MembershipFactory(cluster=cluster, role=Role.BUYER).user


@pytest.fixture
def resident(cluster):
    return MembershipFactory(cluster=cluster, role=Role.RESIDENT).user


@pytest.fixture
def stranger(other_cluster, foreign_organisation):
    """Member admin in the other cluster: must see nothing of `cluster`."""
    return MembershipFactory(
        cluster=other_cluster, role=Role.MEMBER_ADMIN, organisation=foreign_organisation
    ).user
