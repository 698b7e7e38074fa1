"""The sign-in page: in Vietnamese, in our layout, under the Content Security Policy, and
limited after repeated failures (allauth's rate limits, config/settings.py)."""

from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import PASSWORD

User = get_user_model()


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inline: list[dict] = []
        self.styled: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.styled.append(tag)
        # JSON data blocks are not executed, so CSP does not apply to them.
        if (
            tag == "script"
            and not attributes.get("src")
            and attributes.get("type") != "application/json"
        ):
            self.inline.append(attributes)
        if any(name.startswith("on") for name in attributes):
            self.inline.append(attributes)


def test_the_sign_in_page_is_in_vietnamese(client):
    response = client.get(reverse("account_login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Đăng nhập · Khối thi đua</title>" in html
    assert "Mật khẩu" in html
    assert "Quên mật khẩu?" in html
    for english in ("Sign In", "Password", "Forgot your password?", "sign up", "Remember Me"):
        assert english not in html
    assert 'href="/static/css/app.css"' in html  # our layout, not allauth's bare page


def test_the_sign_in_page_sends_a_content_security_policy_and_has_no_inline_script(client):
    response = client.get(reverse("account_login"))

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    parser = _Scripts()
    parser.feed(response.content.decode())
    assert parser.inline == []
    assert parser.styled == []


def test_wrong_password_is_answered_in_vietnamese(world, login):
    response = login("board@example.vn", "sai-mat-khau")

    assert response.status_code == 200
    assert "Địa chỉ email hoặc mật khẩu không đúng." in response.content.decode()


def test_sign_in_works_with_the_email_in_any_case(world, client, login):
    response = login("BOARD@Example.VN")

    assert response.status_code == 302
    assert response["Location"] == reverse("blocs:dashboard")
    assert client.get(response["Location"]).status_code == 200


def test_five_failed_sign_ins_lock_the_account_for_a_while(world, client, login):
    for _attempt in range(5):
        assert "không đúng" in login("member@example.vn", "sai-mat-khau").content.decode()

    # The sixth attempt is refused even with the right password.
    response = login("member@example.vn", PASSWORD)

    assert response.status_code == 200
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert client.get(reverse("blocs:dashboard")).status_code == 302
    # Another account from the same address is not locked.
    assert login("head@example.vn").status_code == 302


def test_too_many_requests_get_a_vietnamese_page(world, client, login, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    for _attempt in range(2):
        login("member@example.vn", "sai-mat-khau")

    response = login("member@example.vn", PASSWORD)

    assert response.status_code == 429
    assert "Thao tác quá nhiều lần" in response.content.decode()


def test_sign_up_is_closed(db, client):
    response = client.get(reverse("account_signup"))

    assert "Hệ thống không cho phép tự đăng ký" in response.content.decode()
    client.post(
        reverse("account_signup"),
        {"email": "tu.dang.ky@example.vn", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert not User.objects.filter(email="tu.dang.ky@example.vn").exists()
