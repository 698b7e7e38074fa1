"""Background work for accounts: thin tasks that load by id and call a service."""

from celery import shared_task

from core.background import EMAIL_TASK_OPTIONS

from .models import User
from .services import send_invitation_email


@shared_task(**EMAIL_TASK_OPTIONS)
def send_invitation(user_id: int, base_url: str) -> bool:
    """E-mail the set-your-password link. A user who has chosen a password meanwhile, has been
    deactivated or deleted gets nothing, so a retried or duplicated task is harmless."""
    user = User.objects.select_related("invited_by", "province").filter(pk=user_id).first()
    if user is None:
        return False
    return send_invitation_email(user, base_url)
