from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coursive.procurement.models import CapabilityProfile, ProfileReference
from coursive.procurement.profile_selectors import cpv_suggestions_for, decp_contracts_matching
from coursive.procurement.profile_services import (
    capability_profile_update,
    profile_reference_add,
    profile_reference_delete,
    profile_reference_update,
)

from .matching_factories import (
    CapabilityProfileFactory,
    DecpContractFactory,
    NoticeFactory,
    ProfileReferenceFactory,
)

pytestmark = [pytest.mark.django_db]

GOOD_FIELDS = {"keywords": "affiches", "annual_turnover": Decimal("120000"), "headcount": 4}


def update(organisation, **overrides):
    arguments = {
        "organisation": organisation,
        "fields": GOOD_FIELDS,
        "cpv_codes": ["79822500-7", "3000000", "79822500"],
        "departements": ["21", "71"],
        "certifications": ["Qualiopi", " ", "Qualiopi"],
    }
    return capability_profile_update(**(arguments | overrides))


def test_a_profile_is_created_with_normalised_codes_and_cleaned_lists(own_organisation):
    profile = update(own_organisation)

    profile.refresh_from_db()
    assert profile.cluster == own_organisation.cluster
    assert profile.cpv_codes == ["79822500", "03000000"]
    assert profile.departements == ["21", "71"]
    assert profile.certifications == ["Qualiopi"]
    assert profile.annual_turnover == Decimal("120000")


def test_an_update_replaces_the_existing_profile(own_organisation):
    CapabilityProfileFactory(organisation=own_organisation, cpv_codes=["92312000"])

    update(own_organisation, cpv_codes=["79822500"], departements=[])

    profile = CapabilityProfile.objects.get(organisation=own_organisation)
    assert (profile.cpv_codes, profile.departements) == (["79822500"], [])


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"cpv_codes": ["79822500", "12345678"]},
            "cpv_codes",
            "Code CPV inconnu de la nomenclature CPV 2008 : 12345678.",
        ),
        (
            {"cpv_codes": ["graphisme"]},
            "cpv_codes",
            "Code CPV inconnu de la nomenclature CPV 2008 : graphisme.",
        ),
        ({"departements": ["21", "99"]}, "departements", "Numéro de département inconnu : 99."),
        ({"fields": GOOD_FIELDS | {"annual_turnover": Decimal("-1")}}, "annual_turnover", "négatif"),
        ({"fields": {"siret": "1"}}, "siret", "Champ inconnu."),
    ],
)
def test_a_bad_value_is_refused_by_field_and_nothing_is_written(own_organisation, overrides, field, message):
    with pytest.raises(ValidationError) as refusal:
        update(own_organisation, **overrides)

    assert message in " ".join(refusal.value.message_dict[field])
    assert not CapabilityProfile.objects.exists()


def test_every_bad_list_is_reported_at_once(own_organisation):
    with pytest.raises(ValidationError) as refusal:
        update(
            own_organisation, cpv_codes=["1"], departements=["2C"], fields={"annual_turnover": Decimal(-5)}
        )

    assert set(refusal.value.message_dict) == {"cpv_codes", "departements", "annual_turnover"}


def test_a_reference_linked_to_a_decp_contract_takes_its_values_where_left_blank(own_organisation):
    contract = DecpContractFactory(buyer_name="Ville de Beaune", estimated_value=Decimal(18000))

    reference = profile_reference_add(
        organisation=own_organisation, fields={"title": "", "year": 2024}, notice_id=contract.pk
    )

    reference.refresh_from_db()
    assert reference.notice == contract
    assert (reference.title, reference.buyer_name) == (contract.title, "Ville de Beaune")
    assert (reference.year, reference.amount) == (2024, Decimal(18000))
    assert reference.profile.organisation == own_organisation


def test_a_reference_cannot_cite_a_call_for_tenders_or_a_missing_record(own_organisation):
    for notice_id in (NoticeFactory().pk, 999_999):
        with pytest.raises(ValidationError) as refusal:
            profile_reference_add(
                organisation=own_organisation, fields={"title": "Affiches"}, notice_id=notice_id
            )

        assert "données essentielles" in refusal.value.message_dict["notice"][0]
    assert not ProfileReference.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": " "}, "title"),
        ({"title": "Affiches", "year": 2099}, "year"),
        ({"title": "A", "amount": -1}, "amount"),
    ],
)
def test_a_bad_reference_is_refused(own_organisation, fields, field):
    with pytest.raises(ValidationError) as refusal:
        profile_reference_add(organisation=own_organisation, fields=fields)

    assert field in refusal.value.message_dict
    assert not ProfileReference.objects.exists()


def test_a_reference_is_updated_unlinked_and_deleted(own_organisation):
    profile = CapabilityProfileFactory(organisation=own_organisation)
    reference = ProfileReferenceFactory(profile=profile, notice=DecpContractFactory())

    profile_reference_update(reference=reference, fields={"title": "Programmes 2025", "year": 2025})
    reference.refresh_from_db()
    assert (reference.title, reference.year, reference.notice) == ("Programmes 2025", 2025, None)

    profile_reference_delete(reference=reference)
    assert not ProfileReference.objects.exists()


def test_cpv_codes_are_suggested_for_a_graphic_design_description(own_organisation):
    own_organisation.description = "Studio de design graphique : identité visuelle, affiches, mise en page."
    own_organisation.save()

    codes = [suggestion.code for suggestion in cpv_suggestions_for(own_organisation)]

    assert "79822500" in codes
    assert all(suggestion.reason for suggestion in cpv_suggestions_for(own_organisation))


def test_codes_already_in_the_profile_are_not_suggested_again(own_organisation):
    own_organisation.description = "Studio de design graphique : identité visuelle, affiches, mise en page."
    own_organisation.save()
    CapabilityProfileFactory(organisation=own_organisation, cpv_codes=["79822500"])

    assert "79822500" not in [suggestion.code for suggestion in cpv_suggestions_for(own_organisation)]


def test_decp_contracts_are_found_by_words_or_official_id():
    festival = DecpContractFactory(official_id="2024-FEST-01")
    DecpContractFactory(title="Nettoyage des gymnases")
    NoticeFactory(title="Identité visuelle du festival")  # a call for tenders, not a past contract

    assert list(decp_contracts_matching("identite festiv")) == [festival]
    assert list(decp_contracts_matching("2024-FEST-01")) == [festival]
    assert list(decp_contracts_matching("piscine")) == []
