from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coursive.core.demo import refuse_in_production
from coursive.invoicing.demo import demo_invoicing_load


class Command(BaseCommand):
    help = _(
        "Renseigne l'émetteur des factures des deux pôles de démonstration et, sur un pôle sans facture, émet "
        "quelques factures fictives avec leurs paiements. À lancer après demo_load ; sans effet la deuxième fois."
    )

    def handle(self, *args, **options):
        refuse_in_production()
        for line in demo_invoicing_load():
            self.stdout.write(line)
