"""`manage.py demo_lending`: the lending side of the demo, after `demo_load` (and `demo_premises` when present)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coursive.accounts.models import Cluster
from coursive.core.demo import refuse_in_production
from coursive.directory.models import Organisation
from coursive.lending.demo import lending_demo_load


class Command(BaseCommand):
    help = _(
        "Enregistre, dans le pôle de démonstration de Dijon, des prêts de matériel : un rendu à l'heure, un rendu "
        "en retard avec un constat de dégâts, un véhicule encore sorti et en retard, une caméra prêtée par un "
        "membre, et l'entretien de la console son. À lancer après « manage.py demo_load » et « manage.py "
        "demo_premises » ; sans effet quand le pôle a déjà des prêts."
    )

    def handle(self, *args, **options):
        refuse_in_production()
        try:
            demo = lending_demo_load()
        except (Cluster.DoesNotExist, Organisation.DoesNotExist) as error:
            raise CommandError(
                _("Pôle de démonstration absent : lancez d'abord « manage.py demo_load ».")
            ) from error
        self.stdout.write(
            _(
                "Prêts : %(loans)d prêts enregistrés ; %(items)d matériels créés faute de démonstration des lieux."
            )
            % {"loans": demo.loans, "items": demo.created_items}
        )
