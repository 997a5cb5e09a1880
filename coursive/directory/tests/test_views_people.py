"""Adding, editing and removing the people of an organisation."""

import pytest
from django.urls import reverse

from coursive.directory.models import Person
from coursive.directory.tests.factories import PersonFactory


def add_url(organisation):
    return reverse(
        "directory:person_create",
        kwargs={"cluster_slug": organisation.cluster.slug, "organisation_id": organisation.pk},
    )


def person_url(name, person):
    return reverse(f"directory:{name}", kwargs={"cluster_slug": person.cluster.slug, "person_id": person.pk})


PERSON = {
    "first_name": "Inès",
    "last_name": "Morel",
    "job_title": "Administratrice",
    "email": "ines@mouette.fr",
}


def test_a_member_admin_adds_a_person_to_their_organisation(client, member_admin, own_organisation):
    client.force_login(member_admin)

    response = client.post(add_url(own_organisation), PERSON | {"is_public_contact": "on"}, follow=True)

    person = Person.objects.get()
    assert (person.organisation, person.cluster, person.full_name) == (
        own_organisation,
        own_organisation.cluster,
        "Inès Morel",
    )
    assert person.is_public_contact
    assert "La personne a été ajoutée." in response.content.decode()


def test_an_invalid_email_is_refused_on_its_field_and_nobody_is_added(client, member_admin, own_organisation):
    client.force_login(member_admin)

    response = client.post(add_url(own_organisation), PERSON | {"email": "ines@"})

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert 'aria-describedby="id_email_error"' in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.parametrize("actor", ["outsider_admin", "member_staff", "buyer"])
def test_only_the_coordinator_and_the_organisations_admin_may_add_people(
    request, client, actor, own_organisation
):
    client.force_login(request.getfixturevalue(actor))

    response = client.post(add_url(own_organisation), PERSON)

    assert response.status_code == 403
    assert not Person.objects.exists()


def test_adding_people_is_out_of_reach_of_other_clusters_and_anonymous_visitors(
    client, stranger, own_organisation
):
    anonymous = client.post(add_url(own_organisation), PERSON)
    client.force_login(stranger)
    foreign = client.post(add_url(own_organisation), PERSON)

    assert (anonymous.status_code, foreign.status_code) == (302, 404)
    assert not Person.objects.exists()


def test_a_member_admin_edits_a_person_of_their_organisation(client, member_admin, own_organisation):
    person = PersonFactory(organisation=own_organisation, job_title="Stagiaire")
    client.force_login(member_admin)

    shown = client.get(person_url("person_edit", person))
    response = client.post(
        person_url("person_edit", person),
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "job_title": "Chargée de production",
        },
    )

    person.refresh_from_db()
    assert shown.status_code == 200 and 'value="Stagiaire"' in shown.content.decode()
    assert response.status_code == 302
    assert person.job_title == "Chargée de production"


def test_the_coordinator_edits_anyone_in_the_cluster(client, coordinator, own_organisation):
    person = PersonFactory(organisation=own_organisation)
    client.force_login(coordinator)

    client.post(person_url("person_edit", person), {"first_name": "Lou", "last_name": "Perrin"})

    person.refresh_from_db()
    assert person.full_name == "Lou Perrin"


def test_a_member_admin_cannot_edit_or_remove_another_organisations_people(
    client, outsider_admin, own_organisation
):
    person = PersonFactory(organisation=own_organisation, first_name="Inès")
    client.force_login(outsider_admin)

    edited = client.post(person_url("person_edit", person), {"first_name": "X", "last_name": "Y"})
    removed = client.post(person_url("person_delete", person))

    person.refresh_from_db()
    assert (edited.status_code, removed.status_code) == (403, 403)
    assert person.first_name == "Inès"


def test_a_buyer_cannot_even_find_a_non_public_person(client, buyer, own_organisation):
    person = PersonFactory(organisation=own_organisation)
    client.force_login(buyer)

    response = client.get(person_url("person_edit", person))

    assert response.status_code == 404


def test_people_are_out_of_reach_of_other_clusters_and_anonymous_visitors(client, stranger, own_organisation):
    person = PersonFactory(organisation=own_organisation, is_public_contact=True)

    anonymous = client.post(person_url("person_delete", person))
    client.force_login(stranger)
    foreign = client.post(person_url("person_delete", person))

    assert (anonymous.status_code, foreign.status_code) == (302, 404)
    assert Person.objects.filter(pk=person.pk).exists()


def test_removing_a_person_asks_for_confirmation_first(client, member_admin, own_organisation):
    person = PersonFactory(organisation=own_organisation, first_name="Inès", last_name="Morel")
    client.force_login(member_admin)

    confirmation = client.get(person_url("person_delete", person))
    still_there = Person.objects.filter(pk=person.pk).exists()
    response = client.post(person_url("person_delete", person), follow=True)

    assert confirmation.status_code == 200 and still_there
    assert "La fiche de Inès Morel a été supprimée." in response.content.decode()
    assert not Person.objects.filter(pk=person.pk).exists()
