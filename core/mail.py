"""The console e-mail backend of `make run`, printing mail as its reader would see it."""

from collections.abc import Iterable
from typing import Any

from django.core.mail.backends.console import EmailBackend


class ReadableConsoleBackend(EmailBackend):
    """Django's console backend prints the MIME source: a Vietnamese body with a long line (every
    invitation link) is base64 there, and nobody can follow the link. This one prints the
    headers decoded and the text itself, then names the attachments."""

    def write_message(self, message: Any) -> None:
        mime = message.message()
        lines = [f"{name}: {mime[name]}" for name in ("From", "To", "Cc", "Subject") if mime[name]]
        body = mime.get_body(preferencelist=("plain", "html"))
        lines += ["", body.get_content().rstrip("\n") if body is not None else ""]
        lines += [f"[attachment: {part.get_filename()}]" for part in mime.iter_attachments()]
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")


# How long a sent mark keeps a retried task from e-mailing an address again.
SENT_MARK_SECONDS = 60 * 60 * 24 * 30


def send_once_each(mark: str, emails: Iterable[str], subject: str, body: str) -> int:
    """E-mail `subject` and `body` to each address that has not had the message marked `mark`
    (a retried task sends nobody twice: a mark in the cache per message and address, taken
    before sending and given back when sending fails). Returns how many were sent."""
    from django.core.cache import cache
    from django.core.mail import EmailMessage

    sent = 0
    for email in emails:
        key = f"{mark}:{email}"
        if not cache.add(key, 1, timeout=SENT_MARK_SECONDS):
            continue
        try:
            EmailMessage(subject, body, to=[email]).send()
        except Exception:
            cache.delete(key)
            raise
        sent += 1
    return sent
