import pytest

from coursive.directory.tests.factories import PersonFactory


@pytest.fixture
def organisation_payload() -> dict:
    """A complete, valid organisation as a client would send it."""
    return {
        "legal_name": "Compagnie Les Ondes",
        "siret": "732 829 320 00074",
        "legal_form": "association",
        "ess_status": "by_right",
        "naf": "90.01Z",
        "street": "4 rue Jeannin",
        "postcode": "21000",
        "commune": "Dijon",
        "headcount_band": "01",
        "turnover_band": "50k-100k",
        "skills": ["mise-en-scene", "regie-son"],
        "tags": ["Théâtre jeune public"],
    }


@pytest.fixture
def cluster_endpoints(cluster, own_organisation, organisation_payload):
    """Every (method, URL, valid body) under the cluster, pointing at records that exist."""
    person = PersonFactory(organisation=own_organisation, is_public_contact=True)
    organisation = f"/api/clusters/{cluster.slug}/organisations/{own_organisation.pk}"
    person_url = f"/api/clusters/{cluster.slug}/people/{person.pk}"
    new_person = {"first_name": "Louise", "last_name": "Marchand"}
    return [
        ("get", f"/api/clusters/{cluster.slug}/organisations", None),
        ("post", f"/api/clusters/{cluster.slug}/organisations", organisation_payload),
        ("get", organisation, None),
        ("patch", organisation, {"trade_name": "Mouette"}),
        ("get", f"{organisation}/people", None),
        ("post", f"{organisation}/people", new_person),
        ("get", person_url, None),
        ("patch", person_url, {"job_title": "Régisseuse"}),
        ("delete", person_url, None),
    ]
