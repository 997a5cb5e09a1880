"""The rent grid through its services."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coursive.leases.services.grid import rent_grid_save

pytestmark = pytest.mark.django_db


def test_a_grid_used_by_a_lease_keeps_its_rates_but_not_its_wording(lease):
    grid = lease.grid

    with pytest.raises(ValidationError, match="publiez une nouvelle grille"):
        rent_grid_save(cluster=lease.cluster, grid=grid, fields={"rate_per_m2": Decimal("13.00")})
    rent_grid_save(cluster=lease.cluster, grid=grid, fields={"explanation": "Votée en AG le 12 juin."})

    grid.refresh_from_db()
    assert (grid.rate_per_m2, grid.explanation) == (Decimal("12.50"), "Votée en AG le 12 juin.")


def test_two_grids_may_not_start_the_same_day(cluster, grid):
    fields = {
        "name": "Doublon",
        "valid_from": grid.valid_from,
        "rate_per_m2": Decimal(10),
        "charges_per_m2": Decimal(0),
    }

    with pytest.raises(ValidationError) as refusal:
        rent_grid_save(cluster=cluster, fields=fields)

    assert "valid_from" in refusal.value.message_dict
