"""The NUTS to département table readers use for places of performance."""

import pytest

from coursive.core.geo import DEPARTEMENTS
from coursive.procurement.nuts import NUTS_2013, NUTS_2021, departements_for_nuts


@pytest.mark.parametrize("table", [NUTS_2021, NUTS_2013])
def test_each_version_of_the_classification_covers_the_101_departements_once(table):
    assert sorted(table.values()) == sorted(DEPARTEMENTS)


@pytest.mark.parametrize(
    ("code", "departements"),
    [
        ("FRC11", ["21"]),  # Côte-d'Or, NUTS 2021
        ("FRK25", ["42"]),  # Loire
        ("FRM01", ["2A"]),
        ("FRY50", ["976"]),
        ("FR261", ["21"]),  # Côte-d'Or, NUTS 2013 as BOAMP wrote it in 2016
        ("FR825", ["83"]),
        ("frk26", ["69"]),
        ("FRC1", ["21", "58", "71", "89"]),  # Bourgogne
        ("FRC", ["21", "25", "39", "58", "70", "71", "89", "90"]),  # Bourgogne-Franche-Comté
        ("FR", []),  # the whole country says nothing local
        ("DE212", []),
        ("FRZZZ", []),
    ],
)
def test_a_nuts_code_gives_the_departements_it_covers(code, departements):
    assert departements_for_nuts(code) == departements
