from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coursive.invoicing.demo import demo_invoicing_load


class Command(BaseCommand):
    help = _(
        "Renseigne l'émetteur des factures des deux pôles de démonstration et, sur un pôle sans facture, émet "
        "quelques factures fictives avec leurs paiements. À lancer après demo_load ; sans effet la deuxième fois."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                _("Refusé : COURSIVE_ENV=production. Les factures de démonstration sont fictives.")
            )
        for line in demo_invoicing_load():
            self.stdout.write(line)
