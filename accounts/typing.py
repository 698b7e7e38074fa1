from django.http import HttpRequest

from .models import User


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind @login_required: `request.user` is a real User."""

    user: User
