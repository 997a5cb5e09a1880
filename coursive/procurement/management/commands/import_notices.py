"""`manage.py import_notices FILE…`: imports notice files of any supported format, with a progress line."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coursive.procurement.importer import ImportSummary, import_notices
from coursive.procurement.watch_services import alerts_generate


class ProgressLine:
    """Rewrites one line of the terminal with the counts so far, at most a few times a second."""

    INTERVAL = 0.25

    def __init__(self, stream):
        self.stream = stream
        self.last = 0.0

    def __call__(self, summary: ImportSummary) -> None:
        now = time.monotonic()
        if now - self.last >= self.INTERVAL:
            self.last = now
            self.stream.write("\r" + counts_line(summary), ending="")
            self.stream.flush()

    def close(self, summary: ImportSummary) -> None:
        self.stream.write("\r" + counts_line(summary))


def counts_line(summary) -> str:
    return _(
        "%(seen)s lus · %(created)s créés · %(updated)s mis à jour · %(unchanged)s inchangés · %(errors)s écartés"
    ) % {
        "seen": summary.records_seen,
        "created": summary.created,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "errors": summary.error_count,
    }


class Command(BaseCommand):
    help = _(
        "Importe des fichiers d'avis (TED eForms ou ancien XML, BOAMP XML, DECP JSON) ; le format de chacun est "
        "détecté. Un avis déjà importé est mis à jour ; un enregistrement illisible est signalé et écarté."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--no-progress", action="store_true", help=_("Sans ligne de progression."))

    def handle(self, *args, files: list[Path], no_progress: bool, **options):
        # A line rewritten in place only makes sense on a terminal, not in a log file.
        progress = ProgressLine(self.stderr) if self.stderr.isatty() and not no_progress else None
        summary = import_notices(files, progress=progress)
        if progress is not None:
            progress.close(summary)
        self._report(summary)
        # Malformed records are expected in real data: only a run where nothing at all could be read fails.
        if summary.nothing_read:
            raise CommandError(_("Aucun avis n'a pu être lu."))
        alerts = alerts_generate()
        message = ngettext("%(count)s alerte de veille créée.", "%(count)s alertes de veille créées.", alerts)
        self.stdout.write(message % {"count": alerts})

    def _report(self, summary: ImportSummary) -> None:
        for file in summary.files:
            self.stdout.write(f"{file.name} [{file.format or '?'}] : {counts_line(file)}")
        for issue in summary.errors:
            self.stdout.write(f"  {issue.position} {issue.official_id} : {issue.reason}")
        if summary.error_count > len(summary.errors):
            self.stdout.write(
                _("  … et %(more)s autres.") % {"more": summary.error_count - len(summary.errors)}
            )
        for warning in summary.warnings:
            self.stdout.write(_("  avertissement : %(warning)s") % {"warning": warning})
