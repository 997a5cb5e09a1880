from datetime import date

import pytest
from django.core.management.base import CommandError

from coursive.core.commands import clusters_option, month_option

pytestmark = pytest.mark.django_db


def test_the_month_typed_or_the_default_month_starts_on_its_first_day():
    assert month_option("2026-03", default=date(2026, 11, 26)) == date(2026, 3, 1)
    assert month_option(None, default=date(2026, 11, 26)) == date(2026, 11, 1)


def test_a_month_in_another_form_is_refused_with_the_expected_form():
    with pytest.raises(CommandError, match="AAAA-MM"):
        month_option("03/2026", default=date(2026, 11, 26))


def test_a_named_cluster_or_all_of_them(cluster, other_cluster):
    assert list(clusters_option(cluster.slug)) == [cluster]
    assert set(clusters_option(None)) == {cluster, other_cluster}
    with pytest.raises(CommandError, match="Pôle inconnu : nulle-part"):
        clusters_option("nulle-part")
