"""The check every `demo_*` command makes before writing anything."""

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def refuse_in_production() -> None:
    """Demo data must never reach a real instance: its logins share a published password, its invoices and
    organisations are fictitious, its notices have shifted dates, and all would mix with the real records."""
    if settings.PRODUCTION:
        raise CommandError(
            _(
                "Refusé : COURSIVE_ENV=production. Les données de démonstration n'ont pas leur place sur une "
                "instance réelle."
            )
        )
