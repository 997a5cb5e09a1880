"""Bad input: each refusal names the field in French, and nothing is half-written."""

import json

import pytest

from coursive.directory.models import Organisation, Person, Tag
from coursive.directory.tests.factories import OrganisationFactory

LIST_URL = "/api/clusters/dijon/organisations"


@pytest.fixture
def post_organisation(client, api_headers, coordinator):
    headers = api_headers(coordinator)

    def post(payload) -> dict:
        body = payload if isinstance(payload, str) else json.dumps(payload)
        return client.post(LIST_URL, body, content_type="application/json", headers=headers)

    return post


def test_invalid_siret_is_refused_by_name(post_organisation, organisation_payload):
    response = post_organisation({**organisation_payload, "siret": "73282932000075"})

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Les données envoyées sont invalides : siret.",
        "errors": {
            "siret": ["Ce SIRET n'existe pas : sa clé de contrôle est fausse. Vérifiez les chiffres."]
        },
    }
    assert not Organisation.objects.filter(legal_name="Compagnie Les Ondes").exists()


def test_unknown_naf_code_is_refused_by_name(post_organisation, organisation_payload):
    response = post_organisation({**organisation_payload, "naf": "99.99Z"})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "naf": ["Code NAF inconnu : 99.99Z. Indiquez un code NAF rév. 2 de l'INSEE, comme 90.01Z."]
    }
    assert not Organisation.objects.filter(legal_name="Compagnie Les Ondes").exists()


def test_duplicate_siret_in_the_cluster_is_refused(post_organisation, organisation_payload, own_organisation):
    response = post_organisation({**organisation_payload, "siret": own_organisation.siret})

    assert response.status_code == 422
    assert response.json()["errors"] == {"siret": ["Une structure de ce pôle a déjà ce SIRET."]}
    assert Organisation.objects.filter(siret=own_organisation.siret).count() == 1


def test_same_siret_in_another_cluster_is_accepted(post_organisation, organisation_payload, other_cluster):
    OrganisationFactory(cluster=other_cluster, siret="73282932000074")

    response = post_organisation(organisation_payload)

    assert response.status_code == 201


def test_duplicate_siret_on_edit_is_refused(
    client, api_headers, coordinator, own_organisation, other_organisation
):
    response = client.patch(
        f"{LIST_URL}/{own_organisation.pk}",
        {"siret": other_organisation.siret},
        content_type="application/json",
        headers=api_headers(coordinator),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"siret": ["Une structure de ce pôle a déjà ce SIRET."]}


def test_failing_create_leaves_no_tag_or_organisation_behind(post_organisation, organisation_payload):
    response = post_organisation({**organisation_payload, "postcode": "00000", "tags": ["Nouveau mot-clé"]})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["postcode"]
    assert not Tag.objects.exists()
    assert not Organisation.objects.filter(legal_name="Compagnie Les Ondes").exists()


def test_unknown_skill_is_refused_by_name(post_organisation, organisation_payload):
    response = post_organisation({**organisation_payload, "skills": ["regie-son", "jonglage-atomique"]})

    assert response.status_code == 422
    assert response.json()["errors"] == {"skills": ["Compétence inconnue : jonglage-atomique."]}
    assert not Organisation.objects.filter(legal_name="Compagnie Les Ondes").exists()


def test_malformed_json_is_refused(post_organisation):
    response = post_organisation('{"legal_name": "Compagnie", ')

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "body": ["Le corps de la requête n'est pas du JSON valide (ligne 1, colonne 29)."]
    }
    assert not Organisation.objects.filter(legal_name="Compagnie").exists()


def test_body_that_is_not_an_object_is_refused(post_organisation):
    response = post_organisation("[1, 2]")

    assert response.status_code == 422
    assert response.json()["errors"] == {"body": ["Un objet JSON est attendu."]}


def test_wrong_types_are_each_named(post_organisation, organisation_payload):
    response = post_organisation(
        {**organisation_payload, "legal_name": 12, "esus_approved": "peut-être", "skills": "regie-son"}
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Les données envoyées sont invalides : legal_name, esus_approved, skills.",
        "errors": {
            "legal_name": ["Ce champ doit être une chaîne de caractères."],
            "esus_approved": ["Ce champ doit valoir true ou false."],
            "skills": ["Ce champ doit être une liste."],
        },
    }


def test_missing_and_unknown_fields_are_named(post_organisation, organisation_payload):
    payload = {**organisation_payload, "sirett": "73282932000074"}
    del payload["siret"]

    response = post_organisation(payload)

    assert response.status_code == 422
    assert response.json()["errors"] == {"siret": ["Ce champ est obligatoire."], "sirett": ["Champ inconnu."]}


def test_choice_outside_the_list_names_the_allowed_values(post_organisation, organisation_payload):
    response = post_organisation({**organisation_payload, "headcount_band": "99"})

    message = response.json()["errors"]["headcount_band"][0]
    assert message.startswith("Valeur non autorisée. Valeurs possibles : '00', '01',")
    assert message.endswith(" ou '32'.")


def test_nul_character_is_refused_before_the_database(post_organisation, organisation_payload):
    response = post_organisation({**organisation_payload, "commune": "Di\x00jon"})

    assert response.status_code == 422
    assert response.json()["errors"] == {"commune": ["Le caractère nul (\\x00) n'est pas accepté."]}


def test_nul_character_in_a_filter_is_refused(client, api_headers, buyer):
    response = client.get(f"{LIST_URL}?q=a%00b", headers=api_headers(buyer))

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["q"]


def test_null_cannot_blank_a_required_field(client, api_headers, coordinator, own_organisation):
    response = client.patch(
        f"{LIST_URL}/{own_organisation.pk}",
        {"legal_name": None, "member_since": None},
        content_type="application/json",
        headers=api_headers(coordinator),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"legal_name": ["Ce champ ne peut pas être nul."]}
    own_organisation.refresh_from_db()
    assert own_organisation.legal_name == "Compagnie La Mouette"


def test_invalid_person_email_is_refused_by_name(client, api_headers, coordinator, own_organisation):
    response = client.post(
        f"{LIST_URL}/{own_organisation.pk}/people",
        {"first_name": "Louise", "last_name": "Marchand", "email": "louise@"},
        content_type="application/json",
        headers=api_headers(coordinator),
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["email"]
    assert not Person.objects.exists()


def test_malformed_identifiers_are_refused_by_name(client, api_headers, buyer):
    headers = api_headers(buyer)

    not_a_number = client.get(f"{LIST_URL}/douze", headers=headers)
    too_large = client.get(f"{LIST_URL}/{2**64}", headers=headers)
    bad_slug = client.get("/api/clusters/d%00ijon/organisations", headers=headers)

    assert not_a_number.json()["errors"] == {"organisation_id": ["Ce champ doit être un nombre entier."]}
    assert list(too_large.json()["errors"]) == ["organisation_id"]
    assert list(bad_slug.json()["errors"]) == ["slug"]
    assert {not_a_number.status_code, too_large.status_code, bad_slug.status_code} == {422}


def test_unknown_address_and_wrong_method_answer_json(client, api_headers, buyer):
    headers = api_headers(buyer)

    unknown = client.get("/api/structures", headers=headers)
    wrong_method = client.put("/api/me", headers=headers)

    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "Cette adresse n'existe pas dans l'API : voir /api/docs."
    assert wrong_method.status_code == 405
    assert wrong_method.headers["Allow"] == "GET"
    assert wrong_method.json()["detail"] == "Méthode PUT non acceptée ici. Méthodes acceptées : GET."
