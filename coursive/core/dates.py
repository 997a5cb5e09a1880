"""Dates people type: kept within the years the software can compute with."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Far enough for any lease, loan or servicing plan; beyond, date arithmetic (a month or a year later) would
# overflow Python's calendar.
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)


def check_days_in_range(**days: date | None) -> None:
    """Refuses, field by field, the given days outside EARLIEST..LATEST; an empty one passes."""
    errors = {
        name: _("Date hors des limites : choisissez-la entre 1900 et 2199.")
        for name, day in days.items()
        if day is not None and not EARLIEST <= day <= LATEST
    }
    if errors:
        raise ValidationError(errors)
