"""`manage.py demo_responses`: the joint-response side of the demo, after `demo_load` and `demo_notices`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coursive.responses.demo import responses_demo_load


class Command(BaseCommand):
    help = _(
        "Dépose des documents fictifs dans les coffres-forts des structures de démonstration (certains bientôt "
        "périmés) et crée deux réponses passées (une gagnée, une perdue) de membres de démonstration sur des "
        "avis réels. À lancer après « demo_load » et « demo_notices » ; sans effet quand tout est déjà là."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                _("Refusé : COURSIVE_ENV=production. Ces données sont réservées à la démonstration.")
            )
        demo = responses_demo_load()
        self.stdout.write(
            _("Réponses : %(documents)d documents de démonstration ajoutés ; %(responses)d réponses passées.")
            % {"documents": demo.documents, "responses": demo.responses}
        )
