"""`manage.py demo_leases`: the leases side of the demo, after `demo_load` (and `demo_premises` when present)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coursive.accounts.models import Cluster
from coursive.core.demo import refuse_in_production
from coursive.directory.models import Organisation
from coursive.leases.demo import leases_demo_load


class Command(BaseCommand):
    help = _(
        "Publie la grille des loyers du pôle de démonstration de Dijon, loue trois bureaux à des structures, "
        "ouvre deux formules de coworking et génère les appels de loyer jusqu'au mois en cours. À lancer après "
        "« manage.py demo_load » et « manage.py demo_premises » ; sans effet quand tout est à jour."
    )

    def handle(self, *args, **options):
        refuse_in_production()
        try:
            demo = leases_demo_load()
        except (Cluster.DoesNotExist, Organisation.DoesNotExist) as error:
            raise CommandError(
                _("Pôle de démonstration absent : lancez d'abord « manage.py demo_load ».")
            ) from error
        self.stdout.write(
            _(
                "Baux : %(leases)d nouveaux baux, %(plans)d nouvelles formules de coworking, %(calls)d appels de "
                "loyer générés ; %(offices)d bureaux créés faute de démonstration des lieux."
            )
            % {
                "leases": demo.created_leases,
                "plans": demo.created_plans,
                "calls": demo.rent_calls,
                "offices": demo.created_offices,
            }
        )
