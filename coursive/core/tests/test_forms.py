"""Numbers typed the French way, date and month pickers, and a service's refusal shown where it belongs on the
form."""

from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from coursive.core.forms import DateInput, FrenchDecimalField, MonthInput, ServiceForm


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


class PeriodForm(forms.Form):
    starts_on = forms.DateField(widget=DateInput)
    ends_on = forms.DateField(widget=DateInput)
    month = forms.DateField(input_formats=["%Y-%m"], widget=MonthInput)


def test_the_pickers_show_iso_values_whatever_the_language(settings):
    settings.LANGUAGE_CODE = "fr"
    form = PeriodForm(initial={"starts_on": date(2026, 3, 9), "month": date(2026, 3, 1)})

    html = str(form["starts_on"]) + str(form["month"])

    assert 'type="date"' in html and 'value="2026-03-09"' in html
    assert 'type="month"' in html and 'value="2026-03"' in html


def test_what_the_pickers_send_is_read_back_as_dates():
    form = PeriodForm({"starts_on": "2026-03-09", "ends_on": "2026-03-31", "month": "2026-03"})

    assert form.is_valid()
    assert form.cleaned_data == {
        "starts_on": date(2026, 3, 9),
        "ends_on": date(2026, 3, 31),
        "month": date(2026, 3, 1),
    }


def test_each_field_has_its_own_picker():
    form = PeriodForm()
    form.fields["starts_on"].widget.attrs["min"] = "2026-01-01"

    assert "min" not in form.fields["ends_on"].widget.attrs
