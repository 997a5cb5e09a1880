from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.core import backup


class Command(BaseCommand):
    help = _(
        "Remplace la base SQLite par une sauvegarde vérifiée (arrêtez l'application pendant la "
        "restauration) ; la base actuelle est d'abord copiée dans BACKUP_DIR. Avec PostgreSQL : %(commands)s"
    ) % {"commands": backup.POSTGRESQL_COMMANDS}

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help=_("La sauvegarde à restaurer."))
        parser.add_argument("--yes", action="store_true", help=_("Ne pas demander de confirmation."))

    def handle(self, *args, path: Path, yes: bool = False, **options):
        try:
            target = backup.database_file()
            backup.check_restorable(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        if not yes and not self._confirmed(path, target):
            raise CommandError(_("Restauration annulée : la base n'a pas été modifiée."))
        # Our own connection must not keep the old file open while it is replaced.
        connections.close_all()
        if target.exists():
            self._keep_a_copy(target)
        try:
            backup.sqlite_restore(source=path, target=target)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Base %(target)s restaurée depuis %(path)s.") % {"target": target, "path": path})

    def _keep_a_copy(self, target: Path) -> None:
        """A restore is often the answer to a damaged database, so a failed copy of it only warns: the
        operator has already confirmed that the current database will be replaced."""
        safety = backup.backup_path(
            settings.BACKUP_DIR, now=timezone.localtime(), label="coursive-avant-restauration"
        )
        try:
            backup.sqlite_backup(source=target, target=safety)
        except backup.BackupError as error:
            self.stderr.write(_("La base actuelle n'a pas pu être copiée : %(error)s") % {"error": error})
            return
        self.stdout.write(_("Base actuelle copiée dans %(path)s.") % {"path": safety})

    def _confirmed(self, path: Path, target: Path) -> bool:
        question = _("La base %(target)s va être remplacée par %(path)s. Tapez « oui » pour confirmer : ")
        try:
            answer = input(question % {"target": target, "path": path})
        except EOFError:
            return False
        return answer.strip().lower() == "oui"
