"""How the procurement pages write deadlines, CPV labels and links."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from coursive.procurement.templatetags.procurement_format import (
    cpv_label,
    deadline_countdown,
    is_web_link,
    procedure_label,
)


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
