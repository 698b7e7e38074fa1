"""Background work for awards: thin tasks that call a service (style.md 4)."""

from celery import shared_task

from core.background import EMAIL_TASK_OPTIONS

from .services import review_emails


@shared_task(**EMAIL_TASK_OPTIONS)
def send_review_email(change_id: int) -> int:
    return review_emails.send_review_emails(change_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_national_package(nomination_id: int) -> str | None:
    from .services import package

    return package.build_package(nomination_id)


# f2: the board's e-mail when a nomination is submitted or resubmitted (services/notices.py).
@shared_task(**EMAIL_TASK_OPTIONS)
def send_submission_email(change_id: int) -> int:
    from .services import notices

    return notices.send_submission_emails(change_id)
