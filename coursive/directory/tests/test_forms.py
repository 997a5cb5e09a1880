"""What the directory forms accept and how they hand it to the services."""

from coursive.accounts.services import CLUSTER_FIELDS
from coursive.directory.forms import ClusterForm, OrganisationForm, PersonForm
from coursive.directory.services import ORGANISATION_FIELDS, PERSON_FIELDS
from coursive.directory.tests.factories import valid_siret


def organisation_form(**changes) -> OrganisationForm:
    data = {
        "legal_name": "Studio Lumière",
        "siret": valid_siret(77),
        "legal_form": "sarl",
        "naf": "59.11A",
        "ess_status": "none",
        "street": "1 rue Chabot-Charny",
        "postcode": "21000",
        "commune": "Dijon",
        "headcount_band": "00",
        "turnover_band": "lt50k",
    }
    return OrganisationForm(data | changes, can_set_status=False)


def test_a_naf_code_typed_without_its_dot_or_in_lower_case_is_understood(db):
    form = organisation_form(naf="5911a")

    assert form.is_valid(), form.errors
    assert form.service_arguments()["fields"]["naf_id"] == "59.11A"


def test_a_badly_written_naf_code_gets_the_format_message(db):
    form = organisation_form(naf="cinéma")

    assert not form.is_valid()
    assert form.errors["naf"] == [
        "Le code NAF s'écrit comme 90.01Z : deux chiffres, un point, deux chiffres et une lettre."
    ]


def test_a_siret_typed_with_spaces_is_kept_as_14_digits(db):
    siret = valid_siret(77)

    form = organisation_form(siret=f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}")

    assert form.is_valid(), form.errors
    assert form.service_arguments()["fields"]["siret"] == siret


def test_tags_are_split_on_commas_and_an_overlong_one_is_refused(db):
    accepted = organisation_form(tags=" jeune public, , plein air ")
    refused = organisation_form(tags="court, " + "x" * 61)

    assert accepted.is_valid() and accepted.service_arguments()["tag_names"] == ["jeune public", "plein air"]
    assert not refused.is_valid()
    assert "au plus 60 caractères" in refused.errors["tags"][0]


def test_a_postcode_outside_france_is_refused_by_the_form(db):
    form = organisation_form(postcode="99999")

    assert not form.is_valid()
    assert form.errors["postcode"] == [
        "Ce code postal n'est pas un code postal français valide (5 chiffres)."
    ]


def test_the_forms_offer_exactly_what_the_services_accept(db):
    organisation_fields = set(organisation_form().service_arguments.__self__.model_fields) | {
        "siret",
        "naf_id",
    }
    coordinator_form = OrganisationForm(can_set_status=True)

    assert organisation_fields | {"membership_status", "member_since", "member_until"} == ORGANISATION_FIELDS
    assert set(coordinator_form.model_fields) | {"siret", "naf_id"} == ORGANISATION_FIELDS
    assert set(PersonForm().fields) == PERSON_FIELDS
    assert set(ClusterForm().fields) == CLUSTER_FIELDS
