"""The client's address comes from X-Forwarded-For only as far as our own proxies vouch for it
(TRUSTED_PROXY_COUNT), and only if it is an IP address: on signatures and in sign-in limits."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.client_address import client_ip
from pledges.models import Signature
from tests.factories import PASSWORD

PROXY = "10.0.0.2"  # REMOTE_ADDR: the connection comes from our reverse proxy


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        # No proxy: the header is whatever the client wrote.
        (0, "203.0.113.66, 127.0.0.1", PROXY),
        # One proxy: it appended the address it saw; the entries left of it are the client's.
        (1, "203.0.113.66, 127.0.0.1", "127.0.0.1"),
        (2, "203.0.113.66, 198.51.100.4, 127.0.0.1", "198.51.100.4"),
        # Fewer entries than proxies: not through them all; the connection's address is true.
        (2, "198.51.100.4", PROXY),
        (1, "", PROXY),
        # Garbage where our proxy writes: never recorded.
        (1, "not-an-ip<script>", PROXY),
        (1, "203.0.113.66, 999.1.1.1", PROXY),
        # What proxies write, normalised.
        (1, " 2001:DB8::1 ", "2001:db8::1"),
        (1, "198.51.100.4:41234", "198.51.100.4"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "fe80::1%eth0", "fe80::1"),
    ],
)
def test_client_address_trusts_only_the_proxies_entries(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def test_no_address_at_all_is_none(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="nonsense")

    assert client_ip(request) is None


def _sign(client, pledge, forwarded: str):
    return client.post(
        reverse("pledges:sign", args=[pledge.pk]),
        {
            "signer_title": "Giám đốc",
            "password": PASSWORD,
            "agree": "on",
            "sha256": pledge.snapshot_sha256,
        },
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.parametrize(("proxies", "recorded"), [(0, PROXY), (1, "127.0.0.1")])
def test_a_signature_records_the_address_the_proxy_saw_not_the_one_the_client_wrote(
    world, open_pledge, client_for, settings, proxies, recorded
):
    settings.TRUSTED_PROXY_COUNT = proxies

    response = _sign(client_for("secretariat"), open_pledge, "203.0.113.66, 127.0.0.1")

    assert response.status_code == 302
    assert Signature.objects.get(pledge=open_pledge).ip == recorded


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_forwarded_address_that_is_not_one_signs_without_a_500(
    world, open_pledge, client_for, settings, proxies
):
    settings.TRUSTED_PROXY_COUNT = proxies

    response = _sign(client_for("secretariat"), open_pledge, "not-an-ip<script>")

    assert response.status_code == 302
    assert Signature.objects.get(pledge=open_pledge).ip == PROXY


def _login(client, email: str, password: str, client_address: str):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def _locked_out(response) -> bool:
    return response.status_code == 429 or "Đăng nhập sai quá nhiều lần" in (
        response.content.decode()
    )


def test_wrong_logins_from_one_client_do_not_block_another_behind_the_same_proxy(
    world, client, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    # Ten wrong logins a minute from one address (allauth's "10/m/ip"), on ten accounts so that
    # no account's own limit is reached first.
    for n in range(10):
        response = _login(client, f"khong-co-{n}@example.vn", "sai-mat-khau", "198.51.100.1")
        assert not _locked_out(response)

    assert _locked_out(_login(client, "member@example.vn", PASSWORD, "198.51.100.1"))
    # Another client behind the same proxy signs in.
    response = _login(client, "member@example.vn", PASSWORD, "198.51.100.2")
    assert response.status_code == 302


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_limit(world, client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(10):
        _login(client, f"khong-co-{n}@example.vn", "sai-mat-khau", f"198.51.100.{n}")

    assert _locked_out(_login(client, "member@example.vn", PASSWORD, "198.51.100.99"))
