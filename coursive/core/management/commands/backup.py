from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.core import backup


class Command(BaseCommand):
    help = _(
        "Copie cohérente de la base SQLite pendant que l'application tourne, vérifiée par "
        "PRAGMA integrity_check ; affiche le chemin de la copie. Avec PostgreSQL : %(commands)s"
    ) % {"commands": backup.POSTGRESQL_COMMANDS}

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help=_("Fichier à écrire (par défaut BACKUP_DIR/coursive-AAAAMMJJ-HHMMSS.sqlite3)."),
        )

    def handle(self, *args, output: Path | None = None, **options):
        target = output or backup.backup_path(settings.BACKUP_DIR, now=timezone.localtime())
        try:
            path = backup.sqlite_backup(source=backup.database_file(), target=target)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
