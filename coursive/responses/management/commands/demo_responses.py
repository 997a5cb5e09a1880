"""`manage.py demo_responses`: the joint-response side of the demo, after `demo_load` and `demo_notices`."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coursive.core.demo import refuse_in_production
from coursive.responses.demo import responses_demo_load


class Command(BaseCommand):
    help = _(
        "Dépose des documents fictifs dans les coffres-forts des structures de démonstration (certains bientôt "
        "périmés) et crée deux réponses passées (une gagnée, une perdue) de membres de démonstration sur des "
        "avis réels. À lancer après « demo_load » et « demo_notices » ; sans effet quand tout est déjà là."
    )

    def handle(self, *args, **options):
        refuse_in_production()
        demo = responses_demo_load()
        self.stdout.write(
            _("Réponses : %(documents)d documents de démonstration ajoutés ; %(responses)d réponses passées.")
            % {"documents": demo.documents, "responses": demo.responses}
        )
