"""French is the source language: its small catalogue only gives the texts about a count French plural rules."""

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from coursive.procurement.wording import Plural, say_count


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 document émis."), (1, "1 document émis."), (2, "2 documents émis.")]
)
def test_zero_takes_the_singular_in_french(count, expected):
    with translation.override("fr"):
        text = ngettext("%(count)d document émis.", "%(count)d documents émis.", count) % {"count": count}

    assert text == expected


def test_the_pure_engines_counted_texts_follow_the_french_rule_through_django():
    reference = Plural("{count} référence", "{count} références")

    with translation.override("fr"):
        assert say_count(translation, reference, 0) == "0 référence"
        assert say_count(translation, reference, 3) == "3 références"
    with translation.override("en"):
        assert say_count(translation, reference, 0) == "0 references"
