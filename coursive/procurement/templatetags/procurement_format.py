"""How the procurement pages write CPV codes, procedures, places and deadlines (amounts: the core `money`
library)."""

from datetime import date, datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from coursive.core import geo
from coursive.procurement.matching_selectors import cpv_nomenclature
from coursive.procurement.models import NoticeStatus
from coursive.procurement.notice_selectors import PROCEDURE_LABELS
from coursive.procurement.nuts import departements_for_nuts

register = template.Library()


@register.filter
def cpv_label(code: str) -> str:
    """The French label of a CPV code, or "" for a code the nomenclature does not hold."""
    return cpv_nomenclature().label(code) if code else ""


@register.filter
def procedure_label(code: str) -> str:
    return str(PROCEDURE_LABELS.get(code, code))


@register.filter
def status_label(status: str) -> str:
    return NoticeStatus(status).label if status in NoticeStatus.values else status


@register.filter
def nuts_place(code: str) -> str:
    """A NUTS code with the départements it covers: « FRC11 (Côte-d'Or) »."""
    names = [geo.DEPARTEMENTS[dep].name for dep in departements_for_nuts(code) if dep in geo.DEPARTEMENTS]
    return f"{code} ({', '.join(names)})" if names else code


@register.filter
def is_web_link(url: str) -> bool:
    """Links come from imported files: only http(s) ones are made clickable, never « javascript: »."""
    return url.lower().startswith(("https://", "http://"))


@register.filter
def before_shift(value: date | datetime | None, shift_days: int):
    """The date a real notice gave, before the demonstration moved it by `shift_days`."""
    return value - timedelta(days=shift_days) if value else value


@register.filter
def deadline_countdown(deadline: datetime | None) -> str:
    """How long is left to answer, counted in calendar days in the local time zone."""
    if deadline is None:
        return ""
    now = timezone.now()
    if deadline <= now:
        return gettext("date limite dépassée")
    days = (timezone.localdate(deadline) - timezone.localdate(now)).days
    if days == 0:
        return gettext("dernier jour")
    if days == 1:
        return gettext("plus qu'un jour")
    return ngettext("plus que %(count)d jour", "plus que %(count)d jours", days) % {"count": days}
