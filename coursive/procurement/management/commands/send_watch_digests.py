"""`manage.py send_watch_digests --base-url https://…`: the daily e-mail digest of the procurement watch."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coursive.procurement.watch_services import watch_digests_send_all


class Command(BaseCommand):
    help = _(
        "Envoie à chaque structure le résumé des nouvelles alertes de sa veille des marchés. À lancer une fois "
        "par jour, par exemple depuis cron à 7 h 00 : "
        "0 7 * * * cd /srv/coursive && .venv/bin/python manage.py send_watch_digests --base-url https://… "
        "Une alerte déjà envoyée ne l'est jamais deux fois ; sans nouvelle alerte, rien n'est envoyé."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help=_("L'adresse du site, pour les liens des e-mails (par défaut le réglage SITE_URL)."),
        )

    def handle(self, *args, base_url: str, **options):
        sent = watch_digests_send_all(now=timezone.now(), base_url=base_url)
        message = ngettext("%(count)s e-mail de veille envoyé.", "%(count)s e-mails de veille envoyés.", sent)
        self.stdout.write(message % {"count": sent})
