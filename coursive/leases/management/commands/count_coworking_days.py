"""`manage.py count_coworking_days`: the day passes used, taken from yesterday's coworking-desk bookings."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.accounts.models import Cluster
from coursive.leases.services.coworking import coworking_consumption_sync


class Command(BaseCommand):
    help = _(
        "Décompte des carnets de coworking les journées réservées sur les postes de coworking, jusqu'à "
        "aujourd'hui. À lancer chaque soir, par exemple : 0 22 * * * cd /srv/coursive && .venv/bin/python manage.py "
        "count_coworking_days. Une journée n'est jamais décomptée deux fois."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        total = sum(
            coworking_consumption_sync(cluster=cluster, until=today) for cluster in Cluster.objects.all()
        )
        self.stdout.write(_("%(count)d journée(s) de coworking décomptée(s).") % {"count": total})
