"""Board staff must enrol a TOTP authenticator before using the site (REQUIRE_2FA,
accounts/middleware.py); others may, but need not. Operators: tests/security/test_operators.py."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD

from .totp import current_code


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True
    # One period of tolerance: a code computed at the end of a 30 s period still counts.
    settings.MFA_TOTP_TOLERANCE = 1


def test_board_staff_without_totp_are_sent_to_enrolment(world, client_for, require_2fa):
    client = client_for("board")

    for url in (reverse("blocs:dashboard"), reverse("accounts:user_list")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    # The account pages stay open: they can enrol, change their password, sign out.
    assert client.get(reverse("account_logout")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


@pytest.mark.parametrize("role", ["secretariat", "member", "overseer"])
def test_other_users_are_not_sent_to_enrolment(world, client_for, require_2fa, role):
    assert client_for(role).get(reverse("blocs:dashboard")).status_code == 200


def test_without_the_setting_board_staff_are_not_sent_to_enrolment(world, client_for, settings):
    settings.REQUIRE_2FA = False

    assert client_for("board").get(reverse("blocs:dashboard")).status_code == 200


def test_board_officer_enrols_with_a_real_code_then_reaches_the_dashboard(
    world, client, login, require_2fa
):
    board = world.users["board"]
    assert login("board@example.vn").status_code == 302
    # Sent to enrolment, which first asks for the password again (allauth protects MFA changes).
    chain = client.get(reverse("blocs:dashboard"), follow=True).redirect_chain
    assert chain[0][0] == reverse("mfa_activate_totp")
    assert chain[-1][0].startswith(reverse("account_reauthenticate"))
    reauthenticated = client.post(chain[-1][0], {"password": PASSWORD})
    assert reauthenticated["Location"] == reverse("mfa_activate_totp")

    page = client.get(reverse("mfa_activate_totp"))
    assert "Kích hoạt ứng dụng xác thực" in page.content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert "Mã không đúng." in wrong.content.decode()
    activated = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=board, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("blocs:dashboard")).status_code == 200

    # The next sign-in asks for a code.
    client.post(reverse("account_logout"))
    response = login("board@example.vn")
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("blocs:dashboard")).status_code == 302
    cache.clear()  # a code is accepted once: forget that it was just used
    stage = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert stage.status_code == 302
    assert client.get(reverse("blocs:dashboard")).status_code == 200
