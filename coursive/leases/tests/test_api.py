"""Leases through the API: the same rules as the pages."""

from datetime import date

import pytest

from coursive.leases.models import Lease, RentCall
from coursive.leases.services.calls import rent_calls_generate

from .factories import IndexValueFactory

pytestmark = pytest.mark.django_db

BASE = "/api/clusters/dijon"


def test_anonymous_visitors_must_authenticate(client, lease):
    for path in (f"{BASE}/leases", f"{BASE}/leases/{lease.pk}", f"{BASE}/rent-calls", f"{BASE}/rent-grids"):
        assert client.get(path).status_code == 401


def test_a_member_reads_its_lease_with_the_rent_explained(client, api_headers, member_staff, lease):
    response = client.get(f"{BASE}/leases/{lease.pk}", headers=api_headers(member_staff))

    assert response.status_code == 200
    body = response.json()
    assert body["monthly_rent"] == "250.00"
    assert body["breakdown"]["base_rent"] == "250.00" and body["breakdown"]["grid_name"] == "Grille 2026"


def test_another_member_and_another_cluster_do_not_see_the_lease(
    client, api_headers, outsider_admin, stranger, lease
):
    outsider = client.get(f"{BASE}/leases/{lease.pk}", headers=api_headers(outsider_admin))
    listing = client.get(f"{BASE}/leases", headers=api_headers(outsider_admin))
    foreign = client.get(f"{BASE}/leases", headers=api_headers(stranger))

    assert outsider.status_code == 404 and outsider.json()["detail"] == "Bail introuvable."
    assert listing.json()["items"] == []
    assert foreign.status_code == 404


def test_the_coordinator_creates_a_lease_and_overlaps_are_refused(
    client, api_headers, coordinator, office, own_organisation, other_organisation, grid
):
    payload = {
        "resource_id": office.pk,
        "organisation_id": own_organisation.pk,
        "surface_m2": "20",
        "starts_on": "2026-01-01",
    }

    created = client.post(
        f"{BASE}/leases", payload, content_type="application/json", headers=api_headers(coordinator)
    )
    clash = client.post(
        f"{BASE}/leases",
        {**payload, "organisation_id": other_organisation.pk, "starts_on": "2026-05-01"},
        content_type="application/json",
        headers=api_headers(coordinator),
    )

    assert created.status_code == 201 and created.json()["monthly_rent"] == "250.00"
    assert clash.status_code == 422 and "se chevaucheraient" in clash.json()["detail"]
    assert Lease.objects.count() == 1


def test_negative_amounts_are_refused_by_the_api(
    client, api_headers, coordinator, office, own_organisation, grid
):
    payload = {
        "resource_id": office.pk,
        "organisation_id": own_organisation.pk,
        "surface_m2": "20",
        "starts_on": "2026-01-01",
        "deposit": "-10",
    }

    response = client.post(
        f"{BASE}/leases", payload, content_type="application/json", headers=api_headers(coordinator)
    )

    assert response.status_code == 422 and "deposit" in response.json()["errors"]
    assert not Lease.objects.exists()


def test_a_member_may_not_write(client, api_headers, member_admin, lease, office, own_organisation):
    new_index = IndexValueFactory(cluster=lease.cluster, year=2026, quarter=3)
    headers = api_headers(member_admin)

    revision = client.post(
        f"{BASE}/leases/{lease.pk}/revisions",
        {"new_index_id": new_index.pk, "effective_on": "2027-01-01"},
        content_type="application/json",
        headers=headers,
    )
    generate = client.post(
        f"{BASE}/rent-calls/generate", {"month": "2026-03"}, content_type="application/json", headers=headers
    )

    assert revision.status_code == 403 and generate.status_code == 403
    assert not RentCall.objects.exists()


def test_the_coordinator_revises_and_generates(client, api_headers, coordinator, lease):
    new_index = IndexValueFactory(cluster=lease.cluster, year=2026, quarter=3, value="101.00")
    headers = api_headers(coordinator)

    revision = client.post(
        f"{BASE}/leases/{lease.pk}/revisions",
        {"new_index_id": new_index.pk, "effective_on": "2027-01-01"},
        content_type="application/json",
        headers=headers,
    )
    generated = client.post(
        f"{BASE}/rent-calls/generate", {"month": "2027-01"}, content_type="application/json", headers=headers
    )

    assert revision.status_code == 201 and revision.json()["new_rent"] == "252.50"
    assert generated.status_code == 201 and generated.json()["created"] == 1
    assert RentCall.objects.get().rent == 252.5


def test_rent_calls_are_listed_per_member(client, api_headers, member_admin, outsider_admin, lease):
    rent_calls_generate(cluster=lease.cluster, month=date(2026, 3, 1))

    own = client.get(f"{BASE}/rent-calls?month=2026-03", headers=api_headers(member_admin)).json()
    other = client.get(f"{BASE}/rent-calls", headers=api_headers(outsider_admin)).json()
    bad = client.get(f"{BASE}/rent-calls?month=2026-13", headers=api_headers(member_admin))

    assert [call["total_excl_tax"] for call in own["items"]] == ["290.00"]
    assert other["items"] == []
    assert bad.status_code == 422


def test_members_read_the_published_grid(client, api_headers, member_staff, grid):
    response = client.get(f"{BASE}/rent-grids", headers=api_headers(member_staff))

    assert [reduction["label"] for reduction in response.json()[0]["reductions"]] == [
        "Jeune structure",
        "Structure de l'ESS",
    ]


def test_the_api_caps_an_sme_ilc_revision_once_told_the_tenant_is_an_sme(
    client, api_headers, coordinator, office, own_organisation, cluster
):
    reference = IndexValueFactory(cluster=cluster, kind="ILC", year=2022, quarter=3, value="100.00")
    new_index = IndexValueFactory(cluster=cluster, kind="ILC", year=2023, quarter=3, value="106.00")
    headers = api_headers(coordinator)
    created = client.post(
        f"{BASE}/leases",
        {
            "resource_id": office.pk,
            "organisation_id": own_organisation.pk,
            "surface_m2": "40",
            "starts_on": "2023-01-01",
            "monthly_rent": "1000.00",
            "index_kind": "ILC",
            "reference_index_id": reference.pk,
        },
        content_type="application/json",
        headers=headers,
    ).json()
    path = f"{BASE}/leases/{created['id']}/revisions"
    revision = {"new_index_id": new_index.pk, "effective_on": "2024-01-01"}

    asked = client.post(path, revision, content_type="application/json", headers=headers)
    capped = client.post(
        path, {**revision, "tenant_is_sme": True}, content_type="application/json", headers=headers
    )

    assert created["territory"] == "mainland" and created["tenant_is_sme"] is None
    assert asked.status_code == 422 and "PME" in str(asked.json()["errors"]["tenant_is_sme"])
    assert capped.status_code == 201
    assert capped.json()["new_rent"] == "1035.00" and capped.json()["uncapped_rent"] == "1060.00"
    assert "art. 14" in capped.json()["cap_note"]
    assert Lease.objects.get().tenant_is_sme is True
