"""`manage.py notify_late_loans`: the daily e-mail about equipment not returned on time."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coursive.lending.services import loans_late_notify


class Command(BaseCommand):
    help = _(
        "Prévient l'emprunteur et le prêteur de chaque matériel rendu en retard. À lancer une fois par jour, "
        "par exemple depuis cron : 0 8 * * * cd /srv/coursive && .venv/bin/python manage.py notify_late_loans. "
        "Un retard n'est signalé qu'une fois."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url", default=settings.SITE_URL, help=_("L'adresse du site, pour les liens.")
        )

    def handle(self, *args, base_url: str, **options):
        sent = loans_late_notify(today=timezone.localdate(), base_url=base_url)
        message = ngettext(
            "%(count)s retard à signaler, e-mail en file.",
            "%(count)s retards à signaler, e-mails en file.",
            sent,
        )
        self.stdout.write(message % {"count": sent})
