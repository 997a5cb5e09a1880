"""Background work of the workspace: thin wrappers around the notifications, enqueued after commit."""

from django_tasks import task

from . import notifications


@task()
def invitation_notify_task(participant_id: int) -> int:
    return notifications.invitation_email_send(participant_id=participant_id)


@task()
def answer_notify_task(participant_id: int) -> int:
    return notifications.answer_email_send(participant_id=participant_id)
