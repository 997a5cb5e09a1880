import pytest

from coursive.directory.models import Person
from coursive.directory.services import person_anonymise
from coursive.directory.tests.factories import PersonFactory


@pytest.fixture
def public_contact(own_organisation):
    return PersonFactory(organisation=own_organisation, last_name="Arnaud", is_public_contact=True)


@pytest.fixture
def private_contact(own_organisation):
    return PersonFactory(organisation=own_organisation, last_name="Bertin", is_public_contact=False)


def people_url(organisation) -> str:
    return f"/api/clusters/dijon/organisations/{organisation.pk}/people"


def person_url(person) -> str:
    return f"/api/clusters/dijon/people/{person.pk}"


def listed_last_names(response) -> list[str]:
    return [item["last_name"] for item in response.json()["items"]]


def test_insiders_see_every_person_of_an_organisation(
    client, api_headers, outsider_admin, own_organisation, public_contact, private_contact
):
    response = client.get(people_url(own_organisation), headers=api_headers(outsider_admin))

    assert response.status_code == 200
    assert listed_last_names(response) == ["Arnaud", "Bertin"]
    assert response.json()["items"][1] == {
        "id": private_contact.pk,
        "organisation_id": own_organisation.pk,
        "first_name": private_contact.first_name,
        "last_name": "Bertin",
        "full_name": f"{private_contact.first_name} Bertin",
        "job_title": "",
        "email": private_contact.email,
        "phone": "",
        "is_public_contact": False,
    }


def test_buyers_and_residents_see_only_public_contacts(
    client, api_headers, buyer, resident, own_organisation, public_contact, private_contact
):
    for user in (buyer, resident):
        response = client.get(people_url(own_organisation), headers=api_headers(user))

        assert listed_last_names(response) == ["Arnaud"]


def test_buyer_cannot_open_a_private_contact(client, api_headers, buyer, public_contact, private_contact):
    headers = api_headers(buyer)

    assert client.get(person_url(public_contact), headers=headers).status_code == 200
    assert client.get(person_url(private_contact), headers=headers).status_code == 404


def test_anonymised_people_are_not_listed(
    client, api_headers, coordinator, own_organisation, private_contact
):
    person_anonymise(person=private_contact)

    response = client.get(people_url(own_organisation), headers=api_headers(coordinator))

    assert response.json()["count"] == 0


def test_member_admin_adds_a_person_to_their_organisation(
    client, api_headers, member_admin, own_organisation
):
    response = client.post(
        people_url(own_organisation),
        {
            "first_name": "Louise",
            "last_name": "Marchand",
            "email": "louise@mouette.fr",
            "is_public_contact": True,
        },
        content_type="application/json",
        headers=api_headers(member_admin),
    )

    assert response.status_code == 201
    person = Person.objects.get(last_name="Marchand")
    assert response.json()["id"] == person.pk
    assert person.organisation == own_organisation
    assert person.cluster == own_organisation.cluster
    assert person.is_public_contact is True


def test_coordinator_adds_a_person_to_any_organisation(client, api_headers, coordinator, other_organisation):
    response = client.post(
        people_url(other_organisation),
        {"first_name": "Louise", "last_name": "Marchand"},
        content_type="application/json",
        headers=api_headers(coordinator),
    )

    assert response.status_code == 201
    assert Person.objects.get(last_name="Marchand").organisation == other_organisation


def test_admin_of_another_organisation_cannot_add_people(
    client, api_headers, outsider_admin, own_organisation
):
    response = client.post(
        people_url(own_organisation),
        {"first_name": "Louise", "last_name": "Marchand"},
        content_type="application/json",
        headers=api_headers(outsider_admin),
    )

    assert response.status_code == 403
    assert not Person.objects.exists()


def test_member_admin_edits_a_person_partially(client, api_headers, member_admin, private_contact):
    response = client.patch(
        person_url(private_contact),
        {"job_title": "Administratrice"},
        content_type="application/json",
        headers=api_headers(member_admin),
    )

    assert response.status_code == 200
    private_contact.refresh_from_db()
    assert private_contact.job_title == "Administratrice"
    assert private_contact.last_name == "Bertin"


def test_staff_cannot_edit_or_remove_people(client, api_headers, member_staff, private_contact):
    headers = api_headers(member_staff)

    edit = client.patch(
        person_url(private_contact), {"job_title": "X"}, content_type="application/json", headers=headers
    )
    removal = client.delete(person_url(private_contact), headers=headers)

    assert (edit.status_code, removal.status_code) == (403, 403)
    private_contact.refresh_from_db()
    assert private_contact.job_title == ""


def test_anonymised_person_cannot_be_edited(client, api_headers, coordinator, private_contact):
    person_anonymise(person=private_contact)

    response = client.patch(
        person_url(private_contact),
        {"first_name": "Retour"},
        content_type="application/json",
        headers=api_headers(coordinator),
    )

    assert response.status_code == 422
    assert "anonymisée" in response.json()["detail"]


def test_member_admin_removes_a_person(client, api_headers, member_admin, private_contact):
    response = client.delete(person_url(private_contact), headers=api_headers(member_admin))

    assert response.status_code == 204
    assert not Person.objects.filter(pk=private_contact.pk).exists()


def test_admin_of_another_organisation_cannot_remove_people(
    client, api_headers, outsider_admin, private_contact
):
    response = client.delete(person_url(private_contact), headers=api_headers(outsider_admin))

    assert response.status_code == 403
    assert Person.objects.filter(pk=private_contact.pk).exists()


def test_person_of_another_cluster_is_not_found(client, api_headers, coordinator, foreign_organisation):
    foreign_person = PersonFactory(organisation=foreign_organisation)

    response = client.delete(person_url(foreign_person), headers=api_headers(coordinator))

    assert response.status_code == 404
    assert Person.objects.filter(pk=foreign_person.pk).exists()
