import os

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coursive.directory.demo import demo_logins
from coursive.directory.demo_data import DEMO_PASSWORD


class Command(BaseCommand):
    help = _("Affiche les comptes de démonstration, leur mot de passe commun et l'adresse du site.")

    def handle(self, *args, **options):
        logins = demo_logins()
        if not logins:
            self.stdout.write(_("Aucun compte de démonstration : lancez d'abord « manage.py demo_load »."))
            return
        header = (_("E-mail"), _("Rôle"), _("Pôle"), _("Structure"))
        rows = [header, *[(login.email, login.role, login.cluster, login.organisation) for login in logins]]
        widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows
        ]
        lines.insert(1, "  ".join("-" * width for width in widths))
        self.stdout.write(_("Comptes de démonstration :") + "\n")
        self.stdout.write("\n".join(line.rstrip() for line in lines) + "\n")
        self.stdout.write(
            _("Mot de passe de tous ces comptes : %(password)s (démonstration uniquement).")
            % {"password": DEMO_PASSWORD}
        )
        url = f"http://127.0.0.1:{os.environ.get('PORT') or 8000}/"
        self.stdout.write(_("Ouvrez %(url)s et connectez-vous avec l'un de ces comptes.") % {"url": url})
