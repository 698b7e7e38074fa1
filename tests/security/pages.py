"""The forms of a page as a browser sees them: their action, method and the values it would send."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    multipart: bool
    # name -> value as the browser would send it (checked boxes, selected options, text)
    values: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None

    @property
    def _form(self) -> Form | None:
        return self.forms[-1] if self.forms else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(
                Form(
                    action=a.get("action", ""),
                    method=a.get("method", "get").lower(),
                    multipart=a.get("enctype", "") == "multipart/form-data",
                )
            )
            return
        form, name = self._form, a.get("name")
        if form is None:
            return
        if tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
                form.values.setdefault(self._select, value)
            if "selected" in a:
                form.values[self._select] = value
            return
        if not name:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file":
                form.files.append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in a or (kind == "radio" and name not in form.values):
                    form.values[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "reset", "image"):
                form.values[name] = a.get("value", "")
        elif tag == "select":
            self._select, self._select_first = name, None
        elif tag == "textarea":
            self._textarea = name
            form.values[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form is not None:
            self._form.values[self._textarea] += data


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms
