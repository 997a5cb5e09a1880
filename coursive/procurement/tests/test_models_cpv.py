import pytest

from coursive.procurement.models import Cpv, CpvLevel

pytestmark = pytest.mark.django_db


def test_the_whole_cpv_nomenclature_is_loaded_with_both_languages():
    graphic_design = Cpv.objects.get(code8="79822500")

    assert Cpv.objects.count() == 9454
    assert graphic_design.label_fr == "Services de conception graphique"
    assert graphic_design.label_en == "Graphic design services"


def test_each_code_knows_its_level_and_its_nearest_ancestor():
    chain = []
    code = Cpv.objects.get(code8="79822500")
    while code is not None:
        chain.append((code.code8, code.level))
        code = code.parent

    assert chain == [
        ("79822500", CpvLevel.SUBCATEGORY),
        ("79822000", CpvLevel.CATEGORY),
        ("79820000", CpvLevel.CLASS),
        ("79800000", CpvLevel.GROUP),
        ("79000000", CpvLevel.DIVISION),
    ]


def test_only_divisions_have_no_parent():
    orphans = Cpv.objects.filter(parent__isnull=True)

    assert orphans.count() == 45
    assert set(orphans.values_list("level", flat=True)) == {CpvLevel.DIVISION}
    assert Cpv.objects.get(code8="03111000").parent_id == "03110000"
