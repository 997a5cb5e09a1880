"""How the procurement pages write amounts, deadlines, CPV labels and links."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from coursive.procurement.templatetags.procurement_format import (
    cpv_label,
    deadline_countdown,
    euros,
    is_web_link,
    procedure_label,
)

NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("1234567"), 2, f"1{NNBSP}234{NNBSP}567,00{NNBSP}€"),
        (Decimal("1234567.456"), 0, f"1{NNBSP}234{NNBSP}567{NNBSP}€"),
        (Decimal("999.995"), 2, f"1{NNBSP}000,00{NNBSP}€"),
        (Decimal("-45000"), 0, f"-45{NNBSP}000{NNBSP}€"),
        (12, 2, f"12,00{NNBSP}€"),
        (None, 2, ""),
    ],
)
def test_euros_are_written_the_french_way_with_narrow_no_break_spaces(value, decimals, expected):
    with translation.override("fr"):
        assert euros(value, decimals) == expected


def test_euros_follow_the_number_format_of_another_language():
    with translation.override("en"):
        assert euros(Decimal("1234567.5")) == f"1,234,567.50{NNBSP}€"


def test_the_countdown_counts_calendar_days_left():
    now = timezone.now()
    end_of_today = timezone.localtime(now).replace(hour=23, minute=59, second=59, microsecond=0)

    with translation.override("fr"):
        assert deadline_countdown(now + timedelta(days=5)) == "plus que 5 jours"
        assert deadline_countdown(now + timedelta(days=1)) == "plus qu'un jour"
        assert deadline_countdown(end_of_today) == "dernier jour"
        assert deadline_countdown(now - timedelta(minutes=1)) == "date limite dépassée"
        assert deadline_countdown(None) == ""


@pytest.mark.django_db
def test_cpv_codes_and_procedures_are_named_in_french():
    assert cpv_label("92312000") == "Services artistiques"
    assert cpv_label("99999999") == ""
    assert procedure_label("adapted") == "Procédure adaptée (MAPA)"
    assert procedure_label("something-else") == "something-else"


@pytest.mark.parametrize(
    ("url", "clickable"),
    [("https://www.boamp.fr/avis/1", True), ("HTTP://example.org", True), ("javascript:alert(1)", False)],
)
def test_only_web_links_from_imported_files_are_clickable(url, clickable):
    assert is_web_link(url) is clickable
