"""The console e-mail backend of `make run`, printing mail as its reader would see it."""

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
