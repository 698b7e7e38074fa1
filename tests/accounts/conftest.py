import uuid

import pytest
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """allauth keeps rate limits and used TOTP codes in the cache: each test gets its own, so
    that failed logins of one test (or of a parallel worker on a shared Redis) never leak."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"accounts-test-{uuid.uuid4()}",
        }
    }


@pytest.fixture
def login(client):
    """Sign in through allauth's form (not force_login), as a person would."""

    def sign_in(email: str, password: str = PASSWORD):
        return client.post(reverse("account_login"), {"login": email, "password": password})

    return sign_in
