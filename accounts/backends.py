"""Django's and allauth's authentication backends, loading the user's province with the user:
every page's layout names it, which would otherwise cost every request a query of its own."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend


class WithProvince:
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.select_related("province").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(WithProvince, DjangoModelBackend):
    pass


class AuthenticationBackend(WithProvince, AllauthBackend):
    pass
