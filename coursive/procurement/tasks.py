"""Background work of the procurement app: thin wrappers around services, enqueued after commit."""

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import services, watch_services


@task()
def import_run_execute(run_id: int) -> None:
    services.import_run_execute(run_id=run_id)


@task()
def alerts_generate_task(search_ids: list[int] | None = None) -> int:
    """Idempotent: a notice alerts a saved search once, so a task delivered twice creates nothing more."""
    return watch_services.alerts_generate(search_ids=search_ids)


@task()
def watch_digests_send_all(base_url: str = "") -> int:
    """The daily digest; idempotent, as each alert is marked sent in the transaction that e-mails it."""
    return watch_services.watch_digests_send_all(now=timezone.now(), base_url=base_url or settings.SITE_URL)
