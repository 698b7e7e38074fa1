"""Background work for meetings: thin tasks that call a service (style.md 4)."""

from celery import shared_task

from core.background import EMAIL_TASK_OPTIONS

from .services import invitations, reminders


@shared_task(**EMAIL_TASK_OPTIONS)
def send_invitation(invitation_id: int) -> int:
    return invitations.send_invitation_emails(invitation_id)


@shared_task(**EMAIL_TASK_OPTIONS)
def send_assessment_reminders() -> int:
    return reminders.send_assessment_reminders()
