"""What a newcomer reads in the terminal of `make run`: e-mails whose links can be followed, and a
403 in one line, not a traceback."""

import io
import logging
import re

from django.urls import reverse

from accounts.services import send_invitation_email
from config import settings as config_settings
from core.log import ClientErrorsInOneLine
from tests.factories import UserFactory

BASE_URL = "http://127.0.0.1:8101"


def test_make_run_prints_mail_with_the_readable_console_backend():
    # make run leaves EMAIL_URL unset: consolemail:// (the test runner swaps MAILERS for its
    # outbox, so read the settings module itself).
    assert config_settings.MAILERS["default"]["BACKEND"] == "core.mail.ReadableConsoleBackend"


def test_an_invitation_printed_in_the_terminal_shows_its_link_and_its_vietnamese(
    db, settings, capsys
):
    settings.MAILERS = {"default": {"BACKEND": "core.mail.ReadableConsoleBackend"}}
    user = UserFactory(password=None, full_name="Nguyễn Thị Hoà")
    user.set_unusable_password()
    user.save()

    assert send_invitation_email(user, BASE_URL)

    printed = capsys.readouterr().out
    link = re.search(r"^http://127\.0\.0\.1:8101/tai-khoan/password/reset/key/\S+/$", printed, re.M)
    assert link, printed
    assert "Subject: [Khối thi đua]" in printed
    assert f"To: {user.email}" in printed
    assert "Nguyễn Thị Hoà" in printed
    assert "base64" not in printed


def test_html_mail_prints_its_plain_text_and_names_its_attachments(settings, capsys):
    from django.core.mail import EmailMultiAlternatives

    settings.MAILERS = {"default": {"BACKEND": "core.mail.ReadableConsoleBackend"}}
    message = EmailMultiAlternatives(
        "Nhắc ký giao ước", "Mở trang: http://127.0.0.1:8101/giao-uoc/1/", to=["a@example.vn"]
    )
    message.attach_alternative("<p>Mở trang</p>", "text/html")
    message.attach("giao-uoc.pdf", b"%PDF-1.4", "application/pdf")
    message.send()

    printed = capsys.readouterr().out
    assert "Mở trang: http://127.0.0.1:8101/giao-uoc/1/" in printed
    assert "<p>" not in printed
    assert "[attachment: giao-uoc.pdf]" in printed


def _console_handlers() -> list[logging.StreamHandler]:
    return [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler)
        and any(isinstance(f, ClientErrorsInOneLine) for f in handler.filters)
    ]


def test_a_403_is_logged_in_one_line_without_a_traceback(client_for, world):
    (handler,) = _console_handlers()
    # Django's own handlers (a second console one when DEBUG) would print it again, traceback
    # included.
    assert logging.getLogger("django").handlers == []
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        response = client_for("member").get(reverse("accounts:user_list"))
    finally:
        handler.setStream(previous)

    assert response.status_code == 403
    assert stream.getvalue() == "Forbidden (Permission denied): /nguoi-dung/\n"


def test_a_server_error_keeps_its_traceback():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ClientErrorsInOneLine())
    logger = logging.getLogger("tests.terminal")
    logger.addHandler(handler)
    try:
        try:
            raise RuntimeError("lỗi thử nghiệm")
        except RuntimeError:
            logger.exception("Internal Server Error: /", extra={"status_code": 500})
    finally:
        logger.removeHandler(handler)

    assert "Traceback" in stream.getvalue()
    assert "RuntimeError: lỗi thử nghiệm" in stream.getvalue()
