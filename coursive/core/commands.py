"""The options the monthly commands share (cron runs them): `--month AAAA-MM` and `--cluster slug`."""

from datetime import date

from django.core.management.base import CommandError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from coursive.accounts.models import Cluster

from .months import parse_month


def month_option(value: str | None, default: date) -> date:
    """The first day of the month typed, or of `default`'s month."""
    if not value:
        return default.replace(day=1)
    try:
        return parse_month(value)
    except ValueError as error:
        raise CommandError(_("Mois invalide : indiquez AAAA-MM, par exemple 2026-03.")) from error


def clusters_option(slug: str | None) -> QuerySet[Cluster]:
    """The cluster named, or every cluster."""
    if not slug:
        return Cluster.objects.all()
    clusters = Cluster.objects.filter(slug=slug)
    if not clusters.exists():
        raise CommandError(_("Pôle inconnu : %(slug)s.") % {"slug": slug})
    return clusters
