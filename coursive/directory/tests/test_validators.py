import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.fr import siret as stdnum_siret

from coursive.directory.tests.factories import luhn_complete
from coursive.directory.validators import (
    normalise_siret,
    validate_naf_format,
    validate_rna,
    validate_siret,
    vat_number_for_siren,
)

REAL_SIRETS = [
    "73282932000074",  # Apple France, head office (SIRENE register)
    "55208131766522",  # Électricité de France, head office (SIRENE register)
    "35600000000048",  # La Poste, head office: passes Luhn
    "35600000049837",  # shaped like a La Poste establishment: fails Luhn, digits sum to a multiple of 5
]


@pytest.mark.parametrize("siret", REAL_SIRETS)
def test_real_sirets_are_accepted(siret):
    validate_siret(siret)


def test_a_wrong_check_digit_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        validate_siret("73282932000075")
    assert "clé de contrôle" in error.value.messages[0]


@pytest.mark.parametrize(
    ("value", "fragment"), [("7328293200007", "14 chiffres"), ("7328293200007A", "que des chiffres")]
)
def test_malformed_sirets_name_the_problem(value, fragment):
    with pytest.raises(ValidationError) as error:
        validate_siret(value)
    assert fragment in error.value.messages[0]


def test_la_poste_establishment_whose_digits_do_not_sum_to_five_is_refused():
    with pytest.raises(ValidationError):
        validate_siret("35600000049838")


def test_spaces_are_removed_before_validation():
    assert normalise_siret("732 829 320 00074") == "73282932000074"


def test_vat_number_follows_the_official_key_formula():
    assert vat_number_for_siren("404833048") == "FR83404833048"


@given(st.integers(min_value=10_000_000, max_value=99_999_999), st.integers(min_value=0, max_value=9999))
def test_any_luhn_valid_siret_is_accepted_and_one_changed_digit_is_refused(siren_body, nic_body):
    siren = luhn_complete(f"{siren_body:08d}")
    siret = luhn_complete(f"{siren}{nic_body:04d}")
    if siret.startswith("356000000"):
        return
    validate_siret(siret)
    altered = siret[:-1] + str((int(siret[-1]) + 1) % 10)
    with pytest.raises(ValidationError):
        validate_siret(altered)


@given(st.text(max_size=20))
def test_validation_agrees_with_python_stdnum_on_any_text(value):
    try:
        validate_siret(value)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == stdnum_siret.is_valid(value)


@given(st.integers(min_value=0, max_value=999_999_999))
def test_vat_key_formula(siren_number):
    siren = f"{siren_number:09d}"
    key = (12 + 3 * (siren_number % 97)) % 97
    assert vat_number_for_siren(siren) == f"FR{key:02d}{siren}"


@pytest.mark.parametrize("value", ["W212001234", "W751234567"])
def test_rna_numbers_are_accepted(value):
    validate_rna(value)


@pytest.mark.parametrize("value", ["212001234", "W21200123", "X212001234"])
def test_malformed_rna_numbers_are_refused(value):
    with pytest.raises(ValidationError):
        validate_rna(value)


@pytest.mark.parametrize("value", ["9001Z", "90.01", "90-01Z", "90.01z"])
def test_malformed_naf_codes_are_refused(value):
    with pytest.raises(ValidationError):
        validate_naf_format(value)
