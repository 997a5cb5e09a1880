from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coursive.directory.demo import demo_load
from coursive.directory.models import Organisation


class Command(BaseCommand):
    help = _(
        "Crée ou remet en état les deux pôles de démonstration (Dijon et Saint-Étienne), leurs structures "
        "fictives et un compte pour chaque rôle. Sans effet quand la démonstration est déjà à jour."
    )

    def handle(self, *args, **options):
        # The demo logins share a published password: they must never exist on a real instance.
        if settings.PRODUCTION:
            raise CommandError(
                _(
                    "Refusé : COURSIVE_ENV=production. Les comptes de démonstration ont un mot de passe public."
                )
            )
        for cluster in demo_load():
            count = Organisation.objects.for_cluster(cluster).count()
            self.stdout.write(
                _("%(cluster)s : %(count)d structures de démonstration à jour.")
                % {"cluster": cluster.name, "count": count}
            )
