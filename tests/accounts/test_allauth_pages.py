"""allauth's pages render in our layout and in Vietnamese (allauth ships no Vietnamese: our
catalogue is locale/allauth/vi, kept complete by accounts/allauth_catalogue.py)."""

import re
from html.parser import HTMLParser

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from accounts import allauth_catalogue
from tests.factories import PASSWORD

# English that allauth shows when a translation is missing (checked on the visible text).
ENGLISH = (
    "Sign In",
    "Sign Out",
    "Sign Up",
    "Password",
    "Forgot your password?",
    "Email address",
    "Remember Me",
    "Change Password",
    "Two-Factor Authentication",
    "Authenticator App",
    "authenticator app",
    "Authenticator code",
    "Authenticator secret",
    "Recovery Codes",
    "Activate",
    "Deactivate",
    "Confirm",
    "Cancel",
    "Code",
    "Generate",
    "Download",
    "Are you sure",
    "Please",
    "Select an option",
    "This field",
    "Menu:",
)
ENGLISH_WORDS = re.compile(r"\b(" + "|".join(re.escape(e) for e in ENGLISH) + r")\b")


class _VisibleText(HTMLParser):
    """The text a person reads: element text plus placeholders, labels and titles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("placeholder", "title", "alt", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _text(response) -> str:
    parser = _VisibleText()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def _assert_vietnamese(response, expected: str) -> None:
    assert response.status_code == 200, response
    text = _text(response)
    assert expected in text
    assert ENGLISH_WORDS.findall(text) == [], text
    assert 'href="/static/css/app.css"' in response.content.decode()


@pytest.fixture
def reauthenticated(world, client):
    """The board officer, signed in and just re-authenticated (as allauth's MFA pages need)."""
    client.force_login(world.users["board"])
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


@pytest.fixture
def with_totp(world):
    user = world.users["board"]
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    return user


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("account_login", "Đăng nhập"),
        ("account_reset_password", "Quên mật khẩu? Nhập địa chỉ email"),
        ("account_reset_password_done", "Hệ thống đã gửi thư cho bạn"),
        ("account_reset_password_from_key_done", "Đã lưu mật khẩu"),
        ("account_inactive", "Tài khoản bị vô hiệu hóa"),
        ("account_signup", "Không tự đăng ký được"),
    ],
)
def test_entrance_pages_are_in_vietnamese(db, client, url_name, expected):
    _assert_vietnamese(client.get(reverse(url_name)), expected)


def test_an_invalid_password_link_is_explained_in_vietnamese(db, client):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "sai-khoa"})

    _assert_vietnamese(client.get(url), "Liên kết này không còn hiệu lực")


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("account_logout", "Bạn có chắc muốn đăng xuất?"),
        ("account_change_password", "Mật khẩu hiện tại"),
        ("account_reauthenticate", "Nhập mật khẩu của bạn:"),
        ("mfa_index", "Chưa kích hoạt ứng dụng xác thực."),
    ],
)
def test_pages_of_a_signed_in_user_are_in_vietnamese(world, client_for, url_name, expected):
    _assert_vietnamese(client_for("board").get(reverse(url_name)), expected)


def test_totp_activation_page_is_in_vietnamese(reauthenticated):
    response = reauthenticated.get(reverse("mfa_activate_totp"))

    _assert_vietnamese(response, "quét mã QR")
    assert "data:image/svg+xml;base64," in response.content.decode()  # the QR code (img-src data:)


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("mfa_index", "Xác thực bằng ứng dụng xác thực đang được sử dụng."),
        ("mfa_deactivate_totp", "Bạn sắp vô hiệu hóa xác thực bằng ứng dụng xác thực."),
        ("mfa_view_recovery_codes", "mã khôi phục chưa dùng"),
        ("mfa_generate_recovery_codes", "Bạn sắp tạo một bộ mã khôi phục mới"),
        ("mfa_reauthenticate", "Nhập mã từ ứng dụng xác thực:"),
    ],
)
def test_two_factor_pages_are_in_vietnamese(with_totp, reauthenticated, url_name, expected):
    _assert_vietnamese(reauthenticated.get(reverse(url_name)), expected)


def test_the_code_step_of_sign_in_is_in_vietnamese(world, with_totp, client, login):
    assert login("board@example.vn")["Location"] == reverse("mfa_authenticate")

    _assert_vietnamese(client.get(reverse("mfa_authenticate")), "Vui lòng nhập mã")


def test_the_password_reset_email_is_in_vietnamese(world, client, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "Member@example.vn"})

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "[Khối thi đua] Đặt lại mật khẩu"
    assert "Kính gửi" in message.body
    assert "Để đặt lại mật khẩu, hãy mở liên kết dưới đây." in message.body
    assert "/tai-khoan/password/reset/key/" in message.body
    assert ENGLISH_WORDS.findall(message.body) == []


def test_a_reset_request_for_an_unknown_address_does_not_invite_to_sign_up(db, client, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "ai.do@example.vn"})

    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "không có tài khoản nào dùng địa chỉ này" in body
    assert "signup" not in body


def test_every_allauth_string_of_our_pages_is_translated():
    """Fails after an allauth upgrade that adds strings to these pages: run
    `python -m accounts.allauth_catalogue --update`, translate, compile."""
    report = allauth_catalogue.check()

    assert report.missing == []
    assert report.untranslated == []
    assert len(allauth_catalogue.reference_entries()) > 100
