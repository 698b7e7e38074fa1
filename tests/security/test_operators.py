"""Operators (superusers, every province) enrol TOTP like board staff, and cannot skip the code
through the admin's own login form; a deactivated account's sessions end for good."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import User
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


def _admin_urls(world) -> list[str]:
    return [
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[world.users["member"].pk]),
    ]


def test_operator_without_totp_is_sent_to_enrolment_from_the_admin_and_the_app(
    world, client_for, require_2fa
):
    client = client_for("superuser")

    for url in [*_admin_urls(world), reverse("blocs:dashboard")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url
    # The enrolment pages stay open.
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_logout")).status_code == 200


def test_staff_who_may_open_the_admin_enrol_too(world, client, require_2fa):
    staff = UserFactory(email="staff@example.vn", is_staff=True)
    client.force_login(staff)

    assert client.get(reverse("admin:index"))["Location"] == reverse("mfa_activate_totp")


def test_operator_with_totp_reaches_the_admin(world, client_for, require_2fa):
    TOTP.activate(world.users["superuser"], generate_totp_secret())
    client = client_for("superuser")

    for url in [*_admin_urls(world), reverse("blocs:dashboard")]:
        assert client.get(url).status_code == 200, url


def test_without_the_setting_operators_are_not_sent_to_enrolment(world, client_for, settings):
    settings.REQUIRE_2FA = False

    assert client_for("superuser").get(reverse("admin:index")).status_code == 200


def test_the_admin_login_form_cannot_skip_the_totp_code(world, client):
    """Whatever the setting: an enrolled operator signing in at /admin/login/ with the password
    alone must not get in (Django's form knows nothing of the second factor)."""
    TOTP.activate(world.users["superuser"], generate_totp_secret())

    posted = client.post(
        reverse("admin:login"), {"username": "admin@example.vn", "password": PASSWORD}
    )

    assert client.get(reverse("admin:index")).status_code == 302
    assert "_auth_user_id" not in client.session
    # The admin sends operators to the site's login, which asks for the code.
    assert posted.status_code == 302
    assert posted["Location"].startswith(reverse("account_login"))
    signed_in = client.post(posted["Location"], {"login": "admin@example.vn", "password": PASSWORD})
    assert signed_in["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302


# --- Deactivation ends sessions ----------------------------------------------------------------


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(reverse("blocs:dashboard")).status_code == 200
    return client


def test_reactivating_an_account_does_not_revive_its_sessions(world):
    member, board = world.users["member"], world.users["board"]
    laptop, phone = _signed_in(member), _signed_in(member)
    board_client = _signed_in(board)

    services.deactivate_user(member, actor=board)
    services.reactivate_user(member, actor=board)

    for client in (laptop, phone):
        response = client.get(reverse("blocs:dashboard"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert board_client.get(reverse("blocs:dashboard")).status_code == 200
    # Signing in again works.
    assert _signed_in(User.objects.get(pk=member.pk))


def _admin_form(user: User, **changes) -> dict:
    """The admin's change form for a user as an operator would post it, with `changes`."""
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "role": user.role,
        "province": user.province_id or "",
        "agency": user.agency_id or "",
        "official": user.official_id or "",
        "can_sign": "on" if user.can_sign else "",
        "is_active": "on" if user.is_active else "",
        "invited_by": "",
        **changes,
    }
    return {name: value for name, value in data.items() if value != ""}


def test_deactivating_in_the_admin_ends_the_sessions_for_good(world):
    member = world.users["member"]
    session = _signed_in(member)
    operator = _signed_in(world.users["superuser"])
    url = reverse("admin:accounts_user_change", args=[member.pk])

    off = operator.post(url, _admin_form(member, is_active=""))
    member.refresh_from_db()
    on = operator.post(url, _admin_form(member, is_active="on"))

    assert (off.status_code, on.status_code) == (302, 302)
    assert User.objects.get(pk=member.pk).is_active
    assert session.get(reverse("blocs:dashboard")).status_code == 302


def test_saving_an_active_account_keeps_its_sessions(world):
    member = world.users["member"]
    session = _signed_in(member)
    operator = _signed_in(world.users["superuser"])

    response = operator.post(
        reverse("admin:accounts_user_change", args=[member.pk]),
        _admin_form(member, job_title="Chánh Thanh tra"),
    )

    assert response.status_code == 302
    assert session.get(reverse("blocs:dashboard")).status_code == 200


def test_sessions_of_accounts_never_deactivated_survive_the_upgrade(world):
    """Until an account is first deactivated its session hash is Django's: sessions opened
    before the session generation existed stay valid."""
    member = world.users["member"]

    assert member.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(member)
