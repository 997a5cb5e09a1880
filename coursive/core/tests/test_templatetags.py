"""The `euros` filter every page and PDF writes amounts with."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

NNBSP, NBSP = "\u202f", "\u00a0"


def render(source: str, **context) -> str:
    return Template("{% load money %}" + source).render(Context(context))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_amounts_are_french_whatever_the_language(language):
    with translation.override(language):
        assert render("{{ amount|euros }}", amount=Decimal("1234567.5")) == f"1{NNBSP}234{NNBSP}567,50{NBSP}€"


def test_the_argument_says_how_many_decimals():
    assert render("{{ amount|euros:0 }}", amount=Decimal("45000.50")) == f"45{NNBSP}001{NBSP}€"
    assert render('{{ amount|euros:"4" }}', amount=Decimal("3.8")) == f"3,8000{NBSP}€"


def test_integers_floats_and_texts_are_amounts_too():
    assert render("{{ a|euros }} {{ b|euros }} {{ c|euros }}", a=12, b=0.1, c="7.5") == (
        f"12,00{NBSP}€ 0,10{NBSP}€ 7,50{NBSP}€"
    )


def test_an_unknown_amount_writes_nothing_so_the_page_says_how_to_show_it():
    assert (
        render('{{ amount|euros }}|{{ amount|euros:0|default:"non publié" }}', amount=None) == "|non publié"
    )
    assert render("{{ amount|euros }}", amount="") == ""


def test_a_unit_price_is_written_with_its_decimals_and_a_missing_one_as_a_dash():
    assert (
        render("{{ p|unit_price }} / {{ q|unit_price }}", p=Decimal("0.0125"), q=None) == f"0,0125{NBSP}€ / —"
    )
