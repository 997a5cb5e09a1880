"""No two leases of one office overlap, even when created at the same moment: the service locks the office,
and on PostgreSQL an exclusion constraint refuses what slipped through."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from coursive.directory.tests.factories import OrganisationFactory
from coursive.leases.models import Lease
from coursive.leases.services.leases import lease_create

from .conftest import lease_fields
from .factories import OfficeFactory, grid_with_reductions

ATTEMPTS = 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints are PostgreSQL's")
@pytest.mark.django_db
def test_the_database_refuses_an_overlapping_lease_written_behind_the_service(lease):
    with pytest.raises(IntegrityError), transaction.atomic():
        Lease.objects.create(
            cluster=lease.cluster,
            resource=lease.resource,
            organisation=lease.organisation,
            surface_m2=Decimal(10),
            initial_rent=Decimal(100),
            monthly_rent=Decimal(100),
            starts_on=date(2030, 1, 1),
        )


def _attempt(cluster, office, organisation) -> str:
    try:
        lease_create(cluster=cluster, resource=office, organisation=organisation, fields=lease_fields())
        return "won"
    except ValidationError:
        return "refused"
    finally:
        connections.close_all()


def _leases_of(office, database_file) -> int:
    if database_file is None:
        return Lease.objects.filter(resource=office).count()
    with sqlite3.connect(database_file) as database:
        return database.execute(
            "select count(*) from leases_lease where resource_id = ?", [office.pk]
        ).fetchone()[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_leases_of_one_office_let_exactly_one_win(cluster, request):
    grid_with_reductions(cluster)
    office = OfficeFactory(cluster=cluster)
    tenants = [OrganisationFactory(cluster=cluster) for _ in range(ATTEMPTS)]
    database_file = request.getfixturevalue("threads_database")

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        outcomes = list(pool.map(lambda tenant: _attempt(cluster, office, tenant), tenants))

    assert sorted(outcomes) == ["refused"] * (ATTEMPTS - 1) + ["won"]
    assert _leases_of(office, database_file) == 1
