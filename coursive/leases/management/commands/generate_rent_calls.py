"""`manage.py generate_rent_calls [--month AAAA-MM] [--cluster slug] [--invoice]`: the monthly rent calls."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.core.commands import clusters_option, month_option
from coursive.leases.services.calls import rent_calls_generate, rent_calls_invoice
from coursive.leases.services.coworking import coworking_consumption_sync


class Command(BaseCommand):
    help = _(
        "Génère les appels de loyer du mois pour chaque bail et chaque formule de coworking, au prorata des jours "
        "pour un mois incomplet, après avoir décompté les journées de coworking réservées. À lancer le 1er du "
        "mois, par exemple depuis cron : 0 6 1 * * cd /srv/coursive && .venv/bin/python manage.py "
        "generate_rent_calls. Sans effet sur un bail déjà appelé ce mois-là."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help=_("Le mois, AAAA-MM (par défaut le mois en cours)."))
        parser.add_argument("--cluster", help=_("L'identifiant d'un pôle (par défaut tous)."))
        parser.add_argument(
            "--invoice", action="store_true", help=_("Crée aussi les factures brouillons des appels du mois.")
        )

    def handle(self, *args, month=None, cluster=None, invoice=False, **options):
        month = month_option(month, default=timezone.localdate())
        clusters = clusters_option(cluster)
        for each in clusters:
            days = coworking_consumption_sync(cluster=each, until=timezone.localdate())
            created = rent_calls_generate(cluster=each, month=month)
            invoiced = rent_calls_invoice(cluster=each, month=month) if invoice else 0
            self.stdout.write(
                _(
                    "%(cluster)s : %(calls)d appels de loyer créés, %(invoices)d factures brouillons, %(days)d journées de coworking décomptées."
                )
                % {"cluster": each.name, "calls": len(created), "invoices": invoiced, "days": days}
            )
