from django.db import connection
from django.test.utils import CaptureQueriesContext

from coursive.directory.models import LegalForm, MembershipStatus, NafCode, Organisation, Skill
from coursive.directory.services import organisation_update
from coursive.directory.tests.factories import OrganisationFactory

LIST_URL = "/api/clusters/dijon/organisations"


def organisation_url(organisation) -> str:
    return f"{LIST_URL}/{organisation.pk}"


def listed_names(response) -> list[str]:
    return [item["legal_name"] for item in response.json()["items"]]


def test_member_reads_an_organisation_with_every_field(client, api_headers, buyer, own_organisation):
    organisation_update(
        organisation=own_organisation,
        by=None,
        fields={"trade_name": "La Mouette", "member_since": "2021-03-01"},
        skills=list(Skill.objects.filter(slug__in=["mise-en-scene", "regie-son"])),
        tag_names=["Jeune public", "Cirque"],
    )

    response = client.get(organisation_url(own_organisation), headers=api_headers(buyer))

    assert response.status_code == 200
    body = response.json()
    assert body["legal_name"] == "Compagnie La Mouette"
    assert body["trade_name"] == "La Mouette"
    assert body["siret"] == own_organisation.siret
    assert body["siren"] == own_organisation.siret[:9]
    assert body["vat_number"] == own_organisation.vat_number
    assert body["naf"] == {"code": "90.01Z", "label": NafCode.objects.get(code="90.01Z").label}
    assert body["address"] == {
        "street": "12 rue de la Liberté",
        "postcode": "21000",
        "commune": "Dijon",
        "departement": "21",
        "departement_name": "Côte-d'Or",
        "region": "27",
        "region_name": "Bourgogne-Franche-Comté",
    }
    assert body["skills"] == [
        {"slug": "mise-en-scene", "name": "Mise en scène"},
        {"slug": "regie-son", "name": "Régie son"},
    ]
    assert sorted(body["tags"]) == ["cirque", "jeune public"]
    assert body["membership_status"] == "member"
    assert body["member_since"] == "2021-03-01"
    assert body["member_until"] is None


def test_organisation_of_another_cluster_is_not_found(client, api_headers, coordinator, foreign_organisation):
    response = client.get(organisation_url(foreign_organisation), headers=api_headers(coordinator))

    assert response.status_code == 404
    assert response.json()["detail"] == "Structure introuvable."


def test_list_is_paginated_in_a_stable_order(client, api_headers, member_staff, cluster):
    for name in ["Delta", "Alpha", "Echo", "Charlie", "Bravo"]:
        OrganisationFactory(cluster=cluster, legal_name=name)

    first = client.get(f"{LIST_URL}?limit=3", headers=api_headers(member_staff))
    second = client.get(f"{LIST_URL}?limit=3&offset=3", headers=api_headers(member_staff))

    # own_organisation ("Compagnie La Mouette") is there too
    assert first.json()["count"] == 6
    assert listed_names(first) == ["Alpha", "Bravo", "Charlie"]
    assert listed_names(second) == ["Compagnie La Mouette", "Delta", "Echo"]


def test_list_refuses_a_page_size_beyond_the_maximum(client, api_headers, member_staff):
    response = client.get(f"{LIST_URL}?limit=201", headers=api_headers(member_staff))

    assert response.status_code == 422
    assert response.json()["errors"] == {"limit": ["La valeur doit être inférieure ou égale à 200."]}


def test_list_leaves_former_members_out_unless_asked(client, api_headers, buyer, own_organisation, cluster):
    OrganisationFactory(
        cluster=cluster, legal_name="Ancienne Fabrique", membership_status=MembershipStatus.FORMER
    )

    default = client.get(LIST_URL, headers=api_headers(buyer))
    former = client.get(f"{LIST_URL}?status=former", headers=api_headers(buyer))

    assert listed_names(default) == ["Compagnie La Mouette"]
    assert listed_names(former) == ["Ancienne Fabrique"]


def test_list_searches_the_full_text(client, api_headers, buyer, own_organisation, other_organisation):
    response = client.get(f"{LIST_URL}?q=mouettes", headers=api_headers(buyer))

    assert listed_names(response) == ["Compagnie La Mouette"]


def test_list_filters_by_skill(client, api_headers, buyer, own_organisation, other_organisation):
    organisation_update(
        organisation=other_organisation, by=None, fields={}, skills=[Skill.objects.get(slug="regie-son")]
    )

    response = client.get(f"{LIST_URL}?skill=regie-son", headers=api_headers(buyer))

    assert listed_names(response) == ["Studio Grand Angle"]


def test_list_filters_by_naf_code(client, api_headers, buyer, own_organisation, other_organisation):
    other_organisation.naf_id = "59.11A"
    other_organisation.save()

    response = client.get(f"{LIST_URL}?naf=59.11A", headers=api_headers(buyer))

    assert listed_names(response) == ["Studio Grand Angle"]


def test_list_filters_by_legal_form(client, api_headers, buyer, own_organisation, other_organisation):
    other_organisation.legal_form = LegalForm.SCOP
    other_organisation.save()

    response = client.get(f"{LIST_URL}?legal_form=scop", headers=api_headers(buyer))

    assert listed_names(response) == ["Studio Grand Angle"]


def test_list_filters_by_departement(client, api_headers, buyer, own_organisation, cluster):
    OrganisationFactory(cluster=cluster, legal_name="Atelier Beaunois", postcode="21200")
    OrganisationFactory(cluster=cluster, legal_name="Atelier Mâconnais", postcode="71000")

    response = client.get(f"{LIST_URL}?departement=71", headers=api_headers(buyer))

    assert listed_names(response) == ["Atelier Mâconnais"]


def test_list_query_count_does_not_grow_with_the_page(client, api_headers, buyer, cluster):
    skills = list(Skill.objects.all()[:3])
    for number in range(12):
        organisation = OrganisationFactory(cluster=cluster, legal_name=f"Structure {number:02d}")
        organisation_update(organisation=organisation, by=None, fields={}, skills=skills, tag_names=["danse"])
    headers = api_headers(buyer)

    with CaptureQueriesContext(connection) as small_page:
        client.get(f"{LIST_URL}?limit=2", headers=headers)
    with CaptureQueriesContext(connection) as large_page:
        response = client.get(f"{LIST_URL}?limit=12", headers=headers)

    assert len(response.json()["items"]) == 12
    assert len(large_page) == len(small_page)


def test_coordinator_creates_an_organisation(client, api_headers, coordinator, cluster, organisation_payload):
    response = client.post(
        LIST_URL, organisation_payload, content_type="application/json", headers=api_headers(coordinator)
    )

    assert response.status_code == 201
    organisation = Organisation.objects.get(cluster=cluster, legal_name="Compagnie Les Ondes")
    assert response.json()["id"] == organisation.pk
    assert organisation.siret == "73282932000074"
    assert organisation.naf_id == "90.01Z"
    assert organisation.departement == "21"
    assert sorted(organisation.skills.values_list("slug", flat=True)) == ["mise-en-scene", "regie-son"]
    assert list(organisation.tags.values_list("name", flat=True)) == ["théâtre jeune public"]
    assert organisation.history.get().history_user == coordinator


def test_only_the_coordinator_creates_organisations(
    client, api_headers, member_admin, buyer, cluster, organisation_payload
):
    for user in (member_admin, buyer):
        response = client.post(
            LIST_URL, organisation_payload, content_type="application/json", headers=api_headers(user)
        )

        assert response.status_code == 403
        assert response.json()["detail"] == "Seule la coordination du pôle peut faire cela."
    assert not Organisation.objects.filter(legal_name="Compagnie Les Ondes").exists()


def test_member_admin_edits_only_the_fields_sent(client, api_headers, member_admin, own_organisation):
    organisation_update(
        organisation=own_organisation, by=None, fields={}, skills=[Skill.objects.get(slug="regie-son")]
    )

    response = client.patch(
        organisation_url(own_organisation),
        {"trade_name": "La Mouette", "tags": ["Marionnettes"]},
        content_type="application/json",
        headers=api_headers(member_admin),
    )

    assert response.status_code == 200
    own_organisation.refresh_from_db()
    assert own_organisation.trade_name == "La Mouette"
    assert own_organisation.legal_name == "Compagnie La Mouette"
    assert list(own_organisation.tags.values_list("name", flat=True)) == ["marionnettes"]
    assert list(own_organisation.skills.values_list("slug", flat=True)) == ["regie-son"]


def test_coordinator_replaces_the_skills_of_any_organisation(
    client, api_headers, coordinator, other_organisation
):
    response = client.patch(
        organisation_url(other_organisation),
        {"skills": ["mise-en-scene"]},
        content_type="application/json",
        headers=api_headers(coordinator),
    )

    assert response.status_code == 200
    assert [skill["slug"] for skill in response.json()["skills"]] == ["mise-en-scene"]
    assert list(other_organisation.skills.values_list("slug", flat=True)) == ["mise-en-scene"]


def test_admin_of_another_organisation_cannot_edit(client, api_headers, outsider_admin, own_organisation):
    response = client.patch(
        organisation_url(own_organisation),
        {"trade_name": "Piratée"},
        content_type="application/json",
        headers=api_headers(outsider_admin),
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "Vous ne pouvez modifier que la fiche de votre propre structure."
    own_organisation.refresh_from_db()
    assert own_organisation.trade_name == ""


def test_staff_and_buyers_cannot_edit(client, api_headers, member_staff, buyer, own_organisation):
    for user in (member_staff, buyer):
        response = client.patch(
            organisation_url(own_organisation),
            {"trade_name": "Piratée"},
            content_type="application/json",
            headers=api_headers(user),
        )

        assert response.status_code == 403
    own_organisation.refresh_from_db()
    assert own_organisation.trade_name == ""


def test_a_member_admin_cannot_change_their_organisation_status(client, member_admin, own_organisation):
    client.force_login(member_admin)

    response = client.patch(
        f"/api/clusters/{own_organisation.cluster.slug}/organisations/{own_organisation.pk}",
        data={"membership_status": "partner"},
        content_type="application/json",
    )

    own_organisation.refresh_from_db()
    assert response.status_code == 403
    assert "coordination" in response.json()["detail"]
    assert own_organisation.membership_status == "member"
