"""Background work of the lending app: thin wrappers around services, enqueued after commit."""

from datetime import date

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import services


@task()
def loan_late_notify_task(loan_id: int, today: str, base_url: str = "") -> int:
    """Idempotent: the loan is marked notified in the transaction that sends its e-mail."""
    return services.loan_late_notify(
        loan_id=loan_id, today=date.fromisoformat(today), base_url=base_url or settings.SITE_URL
    )


@task()
def loans_late_notify_task(base_url: str = "") -> int:
    """The daily round, for a scheduler that runs tasks rather than commands."""
    return services.loans_late_notify(today=timezone.localdate(), base_url=base_url or settings.SITE_URL)
