"""Numbers typed the French way, and a service's refusal shown where it belongs on the form."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from coursive.core.forms import FrenchDecimalField, ServiceForm


class AmountForm(ServiceForm):
    amount = FrenchDecimalField(max_digits=12, decimal_places=2)
    label = forms.CharField()


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("1 500,50", "1500.50"),
        ("120\u202f000", "120000"),
        ("2\u00a0375\u00a0000", "2375000"),
        ("12.5", "12.5"),
    ],
)
def test_amounts_are_read_with_a_decimal_comma_and_spaces_between_thousands(typed, amount):
    form = AmountForm({"amount": typed, "label": "x"})

    assert form.is_valid() and form.cleaned_data["amount"] == Decimal(amount)


def test_what_is_not_a_number_is_refused():
    assert "amount" in AmountForm({"amount": "douze", "label": "x"}).errors


def test_a_service_error_on_a_field_of_the_form_is_shown_under_it():
    form = AmountForm({"amount": "10", "label": "x"})
    form.is_valid()

    form.add_service_error(ValidationError({"amount": "Trop cher.", "siret": "SIRET inconnu."}))

    assert form.errors["amount"] == ["Trop cher."]
    assert form.errors[NON_FIELD_ERRORS] == ["SIRET inconnu."]


def test_a_service_error_without_a_field_is_shown_above_the_form():
    form = AmountForm({"amount": "10", "label": "x"})
    form.is_valid()

    form.add_service_error(ValidationError("Campagne close."))

    assert form.non_field_errors() == ["Campagne close."] and not form.is_valid()
