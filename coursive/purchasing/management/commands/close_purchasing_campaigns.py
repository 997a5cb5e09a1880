"""`manage.py close_purchasing_campaigns`: closes the group purchases whose deadline has passed."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coursive.purchasing.services import campaigns_close_due


class Command(BaseCommand):
    help = _(
        "Clôt les campagnes d'achat groupé dont la date limite des besoins est passée : palier atteint, "
        "quotes-parts, bon de commande et factures des structures en brouillon. À lancer régulièrement, par "
        "exemple toutes les heures depuis cron : "
        "0 * * * * cd /srv/coursive && .venv/bin/python manage.py close_purchasing_campaigns. "
        "Sans effet sur une campagne déjà close."
    )

    def handle(self, *args, **options):
        report = campaigns_close_due()
        for campaign in report.closed:
            self.stdout.write(
                _("Campagne « %(title)s » (%(cluster)s) : %(status)s.")
                % {
                    "title": campaign.title,
                    "cluster": campaign.cluster,
                    "status": campaign.get_status_display(),
                }
            )
        for campaign, reason in report.refused:
            self.stderr.write(
                _("Campagne « %(title)s » (%(cluster)s) laissée ouverte : %(reason)s")
                % {"title": campaign.title, "cluster": campaign.cluster, "reason": reason}
            )
        if not report.closed and not report.refused:
            self.stdout.write(_("Aucune campagne à clore."))
