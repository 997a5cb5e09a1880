"""Form pieces every app uses: numbers typed the French way, the browser's date and month pickers, and a
service's refusal shown on the form."""

import re

from django import forms
from django.core.exceptions import ValidationError

# Spaces people type or paste between thousands: plain, no-break and narrow no-break ones.
THOUSANDS_SPACES = re.compile(r"[\s\u202f\u00a0]")


class FrenchDecimalField(forms.DecimalField):
    """A number as French people write it: « 120 000 », « 1 500,50 »."""

    def to_python(self, value):
        if isinstance(value, str):
            value = THOUSANDS_SPACES.sub("", value).replace(",", ".")
        return super().to_python(value)


class DateInput(forms.DateInput):
    """The browser's date picker. It reads and sends ISO dates only, whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MonthInput(forms.DateInput):
    """The browser's month picker; its field needs `input_formats=["%Y-%m"]` to read what it sends."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m")


class ServiceErrorsMixin:
    """For forms whose clean values go to a service: `add_service_error()` shows the service's
    ValidationError, each message by its field when the form has that field, above the form otherwise."""

    def add_service_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.error_dict.items():
            self.add_error(name if name in self.fields else None, messages)


class ServiceForm(ServiceErrorsMixin, forms.Form):
    pass
