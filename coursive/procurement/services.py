"""Writes around notice imports: a coordinator's upload becomes an import run, executed in the background."""

from functools import partial

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.accounts.models import Cluster, User

from . import tasks
from .importer import ImportSummary, import_notices
from .models import ImportRun, ImportStatus

SUMMARY_FIELDS = ["records_seen", "created", "updated", "unchanged", "error_count", "errors", "warnings"]


@transaction.atomic
def import_run_create(*, cluster: Cluster, uploaded_by: User, upload: UploadedFile) -> ImportRun:
    """Stores the file under MEDIA_ROOT/imports/ and queues its import once the run is committed."""
    run = ImportRun(cluster=cluster, uploaded_by=uploaded_by, file_name=upload.name[:255])
    run.file.save(upload.name, upload, save=False)
    run.save()
    transaction.on_commit(partial(tasks.import_run_execute.enqueue, run_id=run.pk))
    return run


def import_run_execute(*, run_id: int) -> ImportRun | None:
    """Imports the run's file. Only a queued run is executed, so a task delivered twice does nothing."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    run = ImportRun.objects.get(pk=run_id)
    try:
        summary = import_notices([run.file.path], run=run)
    except Exception:
        # The coordinator sees that the import stopped; the traceback goes to the task's result and logs.
        _finish(
            run, status=ImportStatus.FAILED, failure=_("L'import s'est arrêté sur une erreur inattendue.")
        )
        raise
    _record_summary(run, summary)
    if run.status == ImportStatus.DONE:
        # New and updated notices may match saved searches: the watch runs as a task of its own.
        transaction.on_commit(tasks.alerts_generate_task.enqueue)
    return run


def _record_summary(run: ImportRun, summary: ImportSummary) -> None:
    run.records_seen = summary.records_seen
    run.created = summary.created
    run.updated = summary.updated
    run.unchanged = summary.unchanged
    run.error_count = summary.error_count
    run.errors = summary.issues_as_json()
    run.warnings = summary.warnings
    if summary.nothing_read:
        failure = _("Aucun avis n'a pu être lu dans ce fichier.")
        _finish(run, status=ImportStatus.FAILED, failure=failure, fields=SUMMARY_FIELDS)
    else:
        _finish(run, status=ImportStatus.DONE, fields=SUMMARY_FIELDS)


def _finish(
    run: ImportRun, *, status: str, failure: str = "", fields: list[str] | tuple[str, ...] = ()
) -> None:
    """Saves only the named fields: the counts in memory may be older than those saved during the import."""
    run.status = status
    run.failure = failure
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "failure", "finished_at", "updated_at", *fields])
