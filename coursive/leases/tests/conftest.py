from datetime import date
from decimal import Decimal

import pytest

from coursive.leases.services.leases import lease_create

from .factories import IndexValueFactory, OfficeFactory, grid_with_reductions


@pytest.fixture
def office(cluster):
    return OfficeFactory(cluster=cluster, name="Bureau 204")


@pytest.fixture
def grid(cluster):
    return grid_with_reductions(cluster)


@pytest.fixture
def reference_index(cluster):
    return IndexValueFactory(cluster=cluster, year=2025, quarter=3, value=Decimal("100.00"))


def lease_fields(**overrides) -> dict:
    fields = {
        "surface_m2": Decimal("20"),
        "starts_on": date(2026, 1, 1),
        "ends_on": None,
        "monthly_rent": None,
        "override_reason": "",
        "service_charges": None,
        "vat_rate": Decimal("20.00"),
        "deposit": Decimal("500.00"),
        "notice_months": 3,
        "index_kind": "",
        "reference_index": None,
        "tenant_founded_on": date(2015, 6, 1),
        "notes": "",
    }
    return {**fields, **overrides}


@pytest.fixture
def lease(cluster, office, own_organisation, grid, reference_index):
    """Compagnie La Mouette rents office 204, 20 m², at the grid's base rate (250 €), ILAT-indexed."""
    fields = lease_fields(index_kind="ILAT", reference_index=reference_index)
    return lease_create(cluster=cluster, resource=office, organisation=own_organisation, fields=fields)
