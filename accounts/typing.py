from core.typing import AuthenticatedRequest as CoreRequest

from .models import User


class AuthenticatedRequest(CoreRequest):
    """The request of a view behind @login_required: `request.user` is a real User."""

    user: User
