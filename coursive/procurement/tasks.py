"""Background work of the procurement app: thin wrappers around services, enqueued after commit."""

from django_tasks import task

from . import services


@task()
def import_run_execute(run_id: int) -> None:
    services.import_run_execute(run_id=run_id)
