"""`manage.py demo_notices`: the procurement side of the demo, after `manage.py demo_load`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coursive.core.demo import refuse_in_production
from coursive.directory.models import Organisation
from coursive.procurement.demo import procurement_demo_load


class Command(BaseCommand):
    help = _(
        "Importe les avis de marchés réels de data/procurement/, décale les dates de leurs appels d'offres pour "
        "qu'ils soient ouverts (chaque avis décalé le signale) et donne aux structures de démonstration leurs "
        "profils marchés publics. À lancer après « manage.py demo_load » ; sans effet quand tout est à jour."
    )

    def handle(self, *args, **options):
        refuse_in_production()
        try:
            demo = procurement_demo_load()
        except Organisation.DoesNotExist as error:
            raise CommandError(
                _("Structures de démonstration absentes : lancez d'abord « manage.py demo_load ».")
            ) from error
        self.stdout.write(
            _(
                "Marchés publics : %(notices)d avis réels (%(created)d nouveaux), dont %(shifted)d appels aux "
                "dates décalées pour la démonstration ; %(profiles)d profils de démonstration à jour."
            )
            % {
                "notices": demo.notices,
                "created": demo.import_summary.created,
                "shifted": demo.shifted,
                "profiles": demo.profiles,
            }
        )
