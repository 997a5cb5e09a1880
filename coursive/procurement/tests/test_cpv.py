from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursive.procurement import cpv
from coursive.procurement.cpv import CpvNomenclature, InvalidCpvCode, Level

CPV_FILE = Path(__file__).resolve().parents[3] / "data" / "cpv_2008_fr_en.csv"


@st.composite
def codes(draw) -> str:
    """A well-formed CPV code: a division, then up to six non-zero digits, then zeros."""
    division = draw(st.integers(min_value=1, max_value=99))
    digits = draw(st.text(alphabet="123456789", max_size=6))
    return f"{division:02d}{digits}".ljust(8, "0")


@pytest.fixture(scope="module")
def nomenclature():
    return CpvNomenclature.from_csv(CPV_FILE)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("79822500-7", "79822500"),
        ("79822500", "79822500"),
        (" 92312000 ", "92312000"),
        ("3000000", "03000000"),
    ],
)
def test_normalise_drops_the_check_digit_and_restores_the_lost_leading_zero(raw, code):
    assert cpv.normalise(raw) == code


@pytest.mark.parametrize("raw", ["", "7982", "798225001", "79822500-77", "ABCDEFGH", "00000000"])
def test_normalise_refuses_what_is_not_a_code(raw):
    with pytest.raises(InvalidCpvCode):
        cpv.normalise(raw)


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("79000000", Level.DIVISION),
        ("79800000", Level.GROUP),
        ("79820000", Level.CLASS),
        ("79822000", Level.CATEGORY),
        ("79822500", Level.SUBCATEGORY),
        ("92312110", Level.SUBCATEGORY),
    ],
)
def test_level_reads_the_hierarchy_from_the_trailing_zeros(code, level):
    assert cpv.level(code) is level


def test_ancestors_go_from_the_division_down_to_the_parent():
    assert cpv.ancestors("79822500") == ["79000000", "79800000", "79820000", "79822000"]
    assert cpv.ancestors("79000000") == []


def test_proximity_of_graphic_design_to_its_category_and_neighbours():
    assert cpv.proximity("79822500", "79822500") == 1.0
    assert cpv.proximity("79822500", "79822000") == pytest.approx(4 / 5)
    assert cpv.proximity("79822500", "79823000") == pytest.approx(3 / 5)
    assert cpv.proximity("79822500", "79000000") == pytest.approx(1 / 5)
    assert cpv.proximity("79822500", "92312000") == 0.0


@given(codes(), codes())
def test_proximity_is_symmetric_and_between_zero_and_one(a, b):
    assert cpv.proximity(a, b) == cpv.proximity(b, a)
    assert 0.0 <= cpv.proximity(a, b) <= 1.0


@given(codes())
def test_proximity_is_one_on_equal_codes(code):
    assert cpv.proximity(code, code) == 1.0


@given(codes(), codes())
def test_proximity_is_zero_across_divisions(a, b):
    if a[:2] != b[:2]:
        assert cpv.proximity(a, b) == 0.0


@given(codes())
def test_proximity_grows_as_the_ancestor_gets_deeper(code):
    scores = [cpv.proximity(code, ancestor) for ancestor in cpv.ancestors(code)]
    assert scores == sorted(scores)
    assert len(set(scores)) == len(scores)


@given(codes(), st.text(alphabet="123456789", max_size=6))
def test_sharing_one_more_digit_brings_codes_of_the_same_depth_closer(code, tail):
    mine, other = cpv.significant(code), code[:2] + tail
    common = len(cpv.significant(cpv.common_ancestor(code, other.ljust(8, "0"))))
    if common < min(len(mine), len(other)):
        closer = other[:common] + mine[common] + other[common + 1 :]
        assert cpv.depth(closer.ljust(8, "0")) == cpv.depth(other.ljust(8, "0"))
        assert cpv.proximity(code, closer.ljust(8, "0")) > cpv.proximity(code, other.ljust(8, "0"))


def test_nomenclature_reads_labels_and_knows_its_codes(nomenclature):
    assert len(nomenclature) == 9454
    assert nomenclature.label("79822500") == "Services de conception graphique"
    assert nomenclature.get("79822500").label_en == "Graphic design services"
    assert nomenclature.is_known("79822500-7")
    assert not nomenclature.is_known("79822501")
    assert not nomenclature.is_known("not a code")


def test_children_are_the_codes_just_below(nomenclature):
    assert "79822500" in nomenclature.children("79822000")
    assert nomenclature.parent("79822500") == "79822000"
    assert len(nomenclature.children(None)) == 45


def test_a_code_whose_parent_is_missing_hangs_from_the_nearest_ancestor():
    nomenclature = CpvNomenclature(
        [("60000000", "Services de transport", ""), ("60112000", "Services de transport routier public", "")]
    )
    assert nomenclature.parent("60112000") == "60000000"
    assert nomenclature.children("60000000") == ["60112000"]
