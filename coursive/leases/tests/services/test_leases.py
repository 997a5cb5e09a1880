"""A lease through its services: its rent from the grid or a stated other one, no overlap, its end."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coursive.directory.models import EssStatus
from coursive.leases.models import Lease
from coursive.leases.services.leases import lease_create, lease_terminate
from coursive.premises.models import Resource

from ..conftest import lease_fields
from ..factories import OfficeFactory

pytestmark = pytest.mark.django_db


def test_a_lease_takes_its_rent_and_charges_from_the_grid(lease):
    assert lease.grid.name == "Grille 2026"
    assert lease.grid_rent == lease.initial_rent == lease.monthly_rent == Decimal("250.00")
    assert lease.service_charges == Decimal("40.00")
    assert lease.override_reason == ""


def test_an_ess_enterprise_gets_the_published_reduction(cluster, office, own_organisation, grid):
    own_organisation.ess_status = EssStatus.BY_RIGHT
    own_organisation.save()

    lease = lease_create(
        cluster=cluster, resource=office, organisation=own_organisation, fields=lease_fields()
    )

    assert lease.monthly_rent == Decimal("200.00")


def test_a_rent_off_the_grid_needs_a_stated_reason(cluster, office, own_organisation, grid):
    fields = lease_fields(monthly_rent=Decimal("180.00"))

    with pytest.raises(ValidationError) as refusal:
        lease_create(cluster=cluster, resource=office, organisation=own_organisation, fields=fields)

    assert "indiquez pourquoi" in refusal.value.message_dict["override_reason"][0]
    assert not Lease.objects.exists()


def test_a_rent_off_the_grid_is_kept_with_its_reason(cluster, office, own_organisation, grid):
    fields = lease_fields(monthly_rent=Decimal("180.00"), override_reason="Bureau sans fenêtre")

    lease = lease_create(cluster=cluster, resource=office, organisation=own_organisation, fields=fields)

    assert (lease.monthly_rent, lease.grid_rent, lease.override_reason) == (
        Decimal("180.00"),
        Decimal("250.00"),
        "Bureau sans fenêtre",
    )


def test_two_leases_of_the_same_office_may_not_overlap(lease, cluster, office, other_organisation):
    fields = lease_fields(starts_on=date(2027, 3, 1))

    with pytest.raises(ValidationError, match="déjà loué à Compagnie La Mouette"):
        lease_create(cluster=cluster, resource=office, organisation=other_organisation, fields=fields)

    assert Lease.objects.count() == 1


def test_an_office_can_be_let_again_after_the_lease_ends(lease, cluster, office, other_organisation):
    lease_terminate(lease=lease, notice_given_on=date(2026, 3, 15), ends_on=date(2026, 6, 30))

    second = lease_create(
        cluster=cluster,
        resource=office,
        organisation=other_organisation,
        fields=lease_fields(starts_on=date(2026, 7, 1)),
    )

    assert second.starts_on == date(2026, 7, 1)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": date(2025, 12, 1)}, "ends_on"),
        ({"deposit": Decimal("-1")}, "deposit"),
        ({"surface_m2": Decimal("0")}, "surface_m2"),
        ({"vat_rate": Decimal("19")}, "vat_rate"),
        ({"index_kind": "ILC", "reference_index": "ilat"}, "reference_index"),
    ],
)
def test_bad_lease_input_is_refused_and_nothing_written(
    cluster, office, own_organisation, grid, reference_index, overrides, field
):
    if overrides.get("reference_index") == "ilat":
        overrides = {**overrides, "reference_index": reference_index}
    with pytest.raises(ValidationError) as refusal:
        lease_create(
            cluster=cluster, resource=office, organisation=own_organisation, fields=lease_fields(**overrides)
        )

    assert field in refusal.value.message_dict
    assert not Lease.objects.exists()


def test_only_an_office_is_let_by_lease(cluster, own_organisation, grid):
    desk = OfficeFactory(cluster=cluster, kind=Resource.Kind.COWORKING_DESK)

    with pytest.raises(ValidationError, match="Seul un bureau"):
        lease_create(cluster=cluster, resource=desk, organisation=own_organisation, fields=lease_fields())


def test_the_notice_period_sets_the_earliest_end(lease):
    with pytest.raises(ValidationError, match="ne peut finir avant le 14/06/2026"):
        lease_terminate(lease=lease, notice_given_on=date(2026, 3, 15), ends_on=date(2026, 5, 31))
