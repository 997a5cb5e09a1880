"""Background work of the premises app: thin wrappers around services, enqueued after commit."""

from datetime import datetime

from django_tasks import task

from . import services


@task()
def waiting_list_notify_task(resource_id: int, starts_at: str, ends_at: str) -> int:
    """Idempotent: each waiting-list entry is marked notified in the transaction that e-mails it."""
    return services.waiting_list_notify(
        resource_id=resource_id,
        starts_at=datetime.fromisoformat(starts_at),
        ends_at=datetime.fromisoformat(ends_at),
    )


@task()
def booking_decision_notify_task(booking_id: int) -> bool:
    """Idempotent: the booking is marked notified in the transaction that e-mails the decision."""
    return services.booking_decision_notify(booking_id=booking_id)
