"""`manage.py demo_purchasing`: the group-purchasing side of the demo, after `demo_load` and `demo_invoicing`."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coursive.core.demo import refuse_in_production
from coursive.purchasing.demo import purchasing_demo_load


class Command(BaseCommand):
    help = _(
        "Charge dans le pôle de démonstration de Dijon une campagne d'achat groupé close (papier recyclé, "
        "avec quotes-parts et factures en brouillon) et une campagne ouverte (gobelets réutilisables). "
        "À lancer après « manage.py demo_load » ; sans effet quand tout est déjà chargé."
    )

    def handle(self, *args, **options):
        refuse_in_production()
        try:
            paper, cups = purchasing_demo_load()
        except ObjectDoesNotExist as error:
            raise CommandError(
                _("Pôle ou structures de démonstration absents : lancez d'abord « manage.py demo_load ».")
            ) from error
        self.stdout.write(
            _(
                "Achats groupés : « %(paper)s » (%(status)s, %(shares)d quotes-parts) et « %(cups)s » (ouverte)."
            )
            % {
                "paper": paper.title,
                "status": paper.get_status_display(),
                "shares": paper.allocations.count(),
                "cups": cups.title,
            }
        )
