import pytest
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.fixture
def login(client):
    """Sign in through allauth's form (not force_login), as a person would."""

    def sign_in(email: str, password: str = PASSWORD):
        return client.post(reverse("account_login"), {"login": email, "password": password})

    return sign_in
