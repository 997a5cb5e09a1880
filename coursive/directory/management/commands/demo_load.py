from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coursive.core.demo import refuse_in_production
from coursive.directory.demo import demo_load
from coursive.directory.models import Organisation


class Command(BaseCommand):
    help = _(
        "Crée ou remet en état les deux pôles de démonstration (Dijon et Saint-Étienne), leurs structures "
        "fictives et un compte pour chaque rôle. Sans effet quand la démonstration est déjà à jour."
    )

    def handle(self, *args, **options):
        refuse_in_production()
        for cluster in demo_load():
            count = Organisation.objects.for_cluster(cluster).count()
            self.stdout.write(
                _("%(cluster)s : %(count)d structures de démonstration à jour.")
                % {"cluster": cluster.name, "count": count}
            )
