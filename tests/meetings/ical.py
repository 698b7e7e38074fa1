"""A strict reader of the calendar files we send (RFC 5545): CRLF line ends, lines of at most
75 octets folded with a leading space, NAME[;PARAM=VALUE]:VALUE content lines, BEGIN/END
components properly nested, TEXT values unescaped (\\\\ \\; \\, \\n). It refuses what a strict
calendar client would refuse, so a test using it fails on a malformed file."""

from dataclasses import dataclass, field


class Malformed(ValueError):
    pass


@dataclass
class Component:
    name: str
    properties: dict[str, list[tuple[dict[str, str], str]]] = field(default_factory=dict)
    children: list["Component"] = field(default_factory=list)

    def value(self, name: str) -> str:
        (entry,) = self.properties[name]
        return entry[1]

    def params(self, name: str) -> dict[str, str]:
        (entry,) = self.properties[name]
        return entry[0]

    def text(self, name: str) -> str:
        return unescape(self.value(name))

    def find(self, name: str) -> list["Component"]:
        return [child for child in self.children if child.name == name]


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char != "\\":
            if char in ";,":
                raise Malformed(f"unescaped {char!r} in a TEXT value: {value!r}")
            out.append(char)
            continue
        following = next(chars, "")
        if following in ("n", "N"):
            out.append("\n")
        elif following in ("\\", ";", ","):
            out.append(following)
        else:
            raise Malformed(f"bad escape \\{following} in {value!r}")
    return "".join(out)


def _unfold(data: bytes) -> list[str]:
    if not data.endswith(b"\r\n"):
        raise Malformed("the file does not end with CRLF")
    raw_lines = data.split(b"\r\n")[:-1]
    lines: list[bytes] = []
    for raw in raw_lines:
        if b"\n" in raw or b"\r" in raw:
            raise Malformed("a bare LF or CR inside a line")
        if len(raw) > 75:
            raise Malformed(f"a line of {len(raw)} octets (75 at most): {raw[:40]!r}…")
        if raw.startswith((b" ", b"\t")):
            if not lines:
                raise Malformed("a continuation line first")
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    # Decoded only once unfolded: a fold that split a UTF-8 character would fail here.
    try:
        return [line.decode("utf-8") for line in lines]
    except UnicodeDecodeError as error:
        raise Malformed(f"not UTF-8 once unfolded: {error}") from None


def _split(line: str) -> tuple[str, dict[str, str], str]:
    # The value starts after the first colon outside a quoted parameter value.
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[:index], line[index + 1 :]
            break
    else:
        raise Malformed(f"no value in {line!r}")
    name, *params = head.split(";")
    if not name or not all(c.isalnum() or c == "-" for c in name):
        raise Malformed(f"bad property name {name!r}")
    parsed = {}
    for param in params:
        key, sep, val = param.partition("=")
        if not sep or not key:
            raise Malformed(f"bad parameter {param!r}")
        parsed[key.upper()] = val
    return name.upper(), parsed, value


def parse(data: bytes) -> Component:
    stack: list[Component] = []
    root: Component | None = None
    for line in _unfold(data):
        name, params, value = _split(line)
        if name == "BEGIN":
            component = Component(value.upper())
            if stack:
                stack[-1].children.append(component)
            elif root is not None:
                raise Malformed("two top-level components")
            else:
                root = component
            stack.append(component)
        elif name == "END":
            if not stack or stack[-1].name != value.upper():
                raise Malformed(f"END:{value} does not close {stack[-1].name if stack else None}")
            stack.pop()
        else:
            if not stack:
                raise Malformed(f"{name} outside a component")
            stack[-1].properties.setdefault(name, []).append((params, value))
    if stack or root is None or root.name != "VCALENDAR":
        raise Malformed("not one complete VCALENDAR")
    return root
