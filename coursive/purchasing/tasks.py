"""Background work of group purchasing: thin wrappers around services, idempotent."""

from django_tasks import task

from . import services


@task()
def campaigns_close_due_task() -> int:
    """Closes the campaigns whose deadline has passed; run again, it closes nothing twice."""
    return len(services.campaigns_close_due().closed)
