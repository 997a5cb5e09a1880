"""`manage.py invoice_bookings [--month AAAA-MM] [--cluster slug]`: the month's bookings as draft invoices."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.core.commands import clusters_option, month_option
from coursive.core.months import previous_month
from coursive.premises.billing import bookings_invoice_month


class Command(BaseCommand):
    help = _(
        "Crée, pour chaque structure membre, la facture brouillon de ses réservations terminées du mois et de "
        "ses frais d'annulation tardive. À lancer le 1er du mois pour le mois précédent (le défaut), par "
        "exemple depuis cron : 30 6 1 * * cd /srv/coursive && .venv/bin/python manage.py invoice_bookings. "
        "Une réservation déjà facturée ne l'est pas une seconde fois."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help=_("Le mois, AAAA-MM (par défaut le mois précédent)."))
        parser.add_argument("--cluster", help=_("L'identifiant d'un pôle (par défaut tous)."))

    def handle(self, *args, month=None, cluster=None, **options):
        month = month_option(month, default=previous_month(timezone.localdate()))
        clusters = clusters_option(cluster)
        failed = []
        for each in clusters:
            try:
                invoices = bookings_invoice_month(cluster=each, year=month.year, month=month.month)
            except ValidationError as error:
                failed.append(each.name)
                self.stderr.write(f"{each.name} : {' '.join(error.messages)}")
                continue
            self.stdout.write(
                _("%(cluster)s : %(count)d factures brouillons de réservations (%(month)s).")
                % {"cluster": each.name, "count": len(invoices), "month": f"{month:%m/%Y}"}
            )
        if failed:
            raise CommandError(_("Rien n'a été facturé pour : %(names)s.") % {"names": ", ".join(failed)})
