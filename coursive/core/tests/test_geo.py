"""Tests for coursive.core.geo (pure Python, no Django needed)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursive.core.geo import (
    DEPARTEMENTS,
    REGIONS,
    Departement,
    departement_for_postcode,
    is_valid_postcode,
    region_for_departement,
)

BAD_POSTCODES = ["2100", "ABCDE", "", "99000", "210000", " 21000", "21 00", "٢١٠٠٠", "00000", "20700"]


def test_there_are_101_departements():
    assert len(DEPARTEMENTS) == 101


def test_there_are_18_regions():
    assert len(REGIONS) == 18


def test_every_departement_belongs_to_an_existing_region():
    assert {d.region_code for d in DEPARTEMENTS.values()} == set(REGIONS)


def test_departements_are_keyed_by_their_own_code():
    assert all(code == d.code for code, d in DEPARTEMENTS.items())


def test_corsica_is_2a_and_2b_not_20():
    assert "20" not in DEPARTEMENTS
    assert DEPARTEMENTS["2A"].name == "Corse-du-Sud"
    assert DEPARTEMENTS["2B"].name == "Haute-Corse"


def test_overseas_departements_use_three_digit_codes():
    assert {code for code in DEPARTEMENTS if len(code) == 3} == {"971", "972", "973", "974", "976"}


def test_names_keep_accents_and_hyphens():
    assert DEPARTEMENTS["21"].name == "Côte-d'Or"
    assert DEPARTEMENTS["42"].name == "Loire"
    assert DEPARTEMENTS["93"].name == "Seine-Saint-Denis"
    assert REGIONS["27"] == "Bourgogne-Franche-Comté"
    assert REGIONS["84"] == "Auvergne-Rhône-Alpes"


def test_departement_is_immutable():
    with pytest.raises(AttributeError):
        DEPARTEMENTS["21"].name = "Autre"  # type: ignore[misc]
    assert isinstance(DEPARTEMENTS["21"], Departement)


@pytest.mark.parametrize(
    ("postcode", "departement", "region"),
    [
        ("21000", "21", "27"),  # Dijon
        ("42000", "42", "84"),  # Saint-Étienne
        ("20000", "2A", "94"),  # Ajaccio
        ("20200", "2B", "94"),  # Bastia
        ("97200", "972", "02"),  # Fort-de-France
        ("75001", "75", "11"),  # Paris
        ("01000", "01", "84"),  # Bourg-en-Bresse
        ("97600", "976", "06"),  # Mamoudzou
    ],
)
def test_postcode_maps_to_departement_and_region(postcode, departement, region):
    assert departement_for_postcode(postcode) == departement
    assert region_for_departement(departement) == region
    assert is_valid_postcode(postcode)


@pytest.mark.parametrize(("postcode", "expected"), [("20199", "2A"), ("20699", "2B"), ("20620", "2B")])
def test_corsican_postcode_boundaries(postcode, expected):
    assert departement_for_postcode(postcode) == expected


@pytest.mark.parametrize("postcode", ["97500", "97700", "97800", "98000", "98800"])
def test_overseas_postcodes_outside_the_departements_are_unknown(postcode):
    assert departement_for_postcode(postcode) is None


@pytest.mark.parametrize("postcode", BAD_POSTCODES)
def test_bad_postcode_maps_to_nothing(postcode):
    assert departement_for_postcode(postcode) is None
    assert is_valid_postcode(postcode) is False


@pytest.mark.parametrize("code", ["20", "975", "", "2a", "99"])
def test_unknown_departement_has_no_region(code):
    assert region_for_departement(code) is None


@given(st.from_regex(r"[0-9]{5}", fullmatch=True))
def test_any_five_digit_string_maps_to_none_or_a_known_departement(postcode):
    result = departement_for_postcode(postcode)
    assert result is None or result in DEPARTEMENTS
    assert is_valid_postcode(postcode) is (result is not None)


@given(st.text())
def test_arbitrary_text_never_raises(text):
    assert departement_for_postcode(text) is None or is_valid_postcode(text)
