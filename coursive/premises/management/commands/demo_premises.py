from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coursive.core.demo import refuse_in_production
from coursive.premises.demo import demo_premises_load


class Command(BaseCommand):
    help = _(
        "Installe le bâtiment de démonstration de chaque pôle de démonstration (bureaux, salles, studios, "
        "coworking, cuisine, véhicule, matériel) avec ses règles et quelques semaines de réservations. "
        "À lancer après demo_load ; sans effet quand tout est déjà en place."
    )

    def handle(self, *args, **options):
        refuse_in_production()
        loaded = demo_premises_load()
        if not loaded:
            raise CommandError(_("Aucun pôle de démonstration : lancez d'abord « manage.py demo_load »."))
        for cluster, resources, bookings in loaded:
            self.stdout.write(
                _("%(cluster)s : %(resources)d ressources, %(bookings)d réservations.")
                % {"cluster": cluster.name, "resources": resources, "bookings": bookings}
            )
