"""With the cache's Redis unreachable, sign-in and signing cannot count attempts: they refuse
with 503 and a Vietnamese message (never a 500, never uncounted tries); pages that do not need
the cache keep working."""

import pytest
from django.urls import reverse

from pledges.models import Signature
from tests.factories import PASSWORD

UNREACHABLE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = UNREACHABLE


def assert_briefly_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    content = response.content.decode()
    assert "Tạm thời gián đoạn" in content
    assert "Vui lòng thử lại sau ít phút" in content


def test_sign_in_is_refused_with_503_and_a_message(world, client, redis_down):
    assert client.get(reverse("account_login")).status_code == 200

    response = client.post(
        reverse("account_login"), {"login": "member@example.vn", "password": PASSWORD}
    )

    assert_briefly_unavailable(response)
    assert "_auth_user_id" not in client.session


def test_signing_is_refused_with_503_and_signs_nothing(world, open_pledge, client_for, redis_down):
    client = client_for("secretariat")
    assert client.get(reverse("pledges:sign", args=[open_pledge.pk])).status_code == 200

    response = client.post(
        reverse("pledges:sign", args=[open_pledge.pk]),
        {
            "signer_title": "Giám đốc",
            "password": PASSWORD,
            "agree": "on",
            "sha256": open_pledge.snapshot_sha256,
        },
    )

    assert_briefly_unavailable(response)
    assert not Signature.objects.exists()


def test_a_signed_in_user_keeps_reading_pages(world, open_pledge, client_for, redis_down):
    client = client_for("secretariat")

    assert client.get(reverse("blocs:dashboard")).status_code == 200
    assert client.get(open_pledge.get_absolute_url()).status_code == 200
