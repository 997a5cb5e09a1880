"""Background work of the invoicing app: thin wrappers around services, enqueued after commit."""

from django_tasks import task

from . import payment_services


@task()
def reminder_send_task(reminder_id: int) -> bool:
    """Idempotent: a reminder already sent is not sent again."""
    return payment_services.reminder_send(reminder_id=reminder_id)
