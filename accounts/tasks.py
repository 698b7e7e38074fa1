"""Background work for accounts: thin tasks that load by id and call a service."""

from celery import shared_task

from .models import User
from .services import send_invitation_email


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    # SMTP failures are OSError (smtplib.SMTPException included): retry with growing pauses.
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_kwargs={"max_retries": 6},
)
def send_invitation(user_id: int, base_url: str) -> bool:
    """E-mail the set-your-password link. A user who has chosen a password meanwhile, has been
    deactivated or deleted gets nothing, so a retried or duplicated task is harmless."""
    user = User.objects.select_related("invited_by", "province").filter(pk=user_id).first()
    if user is None:
        return False
    return send_invitation_email(user, base_url)
