"""Matching names of agencies and blocs as people type them.

Officials write an agency's name in full or shortened, and the reports of real bloc meetings mix
both in one list (shared/domain.md, "Real blocs": "Văn phòng Đoàn ĐBQH tỉnh, Văn phòng HĐND tỉnh,
Văn phòng UBND tỉnh, Sở KH&CN, Sở TN&MT"). `match_key` spells the common abbreviations out so
that "VP UBND tỉnh" and "Văn phòng Ủy ban nhân dân tỉnh" meet; it also ignores case, spacing,
punctuation, composed or decomposed marks and where the tone mark sits (hoà = hòa, thuỷ = thủy).
"""

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable

from .text import name_key

# The abbreviations of administrative names, as written in documents and reports: one place for
# the whole project. A compound one (KH&CN) is also recognised written KH-CN or KHCN.
ABBREVIATIONS = {
    "VP": "văn phòng",
    "UBND": "ủy ban nhân dân",
    "HĐND": "hội đồng nhân dân",
    "ĐBQH": "đại biểu quốc hội",
    "MTTQ": "mặt trận tổ quốc",
    "HTX": "hợp tác xã",
    "TW": "trung ương",
    "TU": "tỉnh ủy",
    "KH&CN": "khoa học và công nghệ",
    "TN&MT": "tài nguyên và môi trường",
    "KH&ĐT": "kế hoạch và đầu tư",
    "KT-XH": "kinh tế xã hội",
    "NN&PTNT": "nông nghiệp và phát triển nông thôn",
    "LĐ-TB&XH": "lao động thương binh và xã hội",
    "GD&ĐT": "giáo dục và đào tạo",
    "VH-TT&DL": "văn hóa thể thao và du lịch",
    "GTVT": "giao thông vận tải",
    "TT&TT": "thông tin và truyền thông",
}

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (combining marks)
# The old placement (hoà, khoẻ, thuỷ) moved to the first vowel (hòa, khỏe, thủy); applied to
# both sides of a comparison, so it never needs to know which placement is right.
_OLD_TONE_PLACEMENT = re.compile(f"(o)([ae])([{_TONES}])|(u)(y)([{_TONES}])")
_SEPARATORS = re.compile(r"\s*([&\-–—])\s*")  # "KH & CN", "KT – XH" are one word
_PUNCTUATION = re.compile(r"[^\w&]+")


def _variants(abbreviation: str) -> set[str]:
    key = name_key(abbreviation)
    return {key, key.replace("&", "-"), key.replace("-", "&"), re.sub("[&-]", "", key)}


def _tone_marks_first(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)

    def move(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1) + match.group(3) + match.group(2)
        return match.group(4) + match.group(6) + match.group(5)

    return unicodedata.normalize("NFC", _OLD_TONE_PLACEMENT.sub(move, decomposed))


_EXPANSIONS = {
    variant: _tone_marks_first(expansion)
    for abbreviation, expansion in ABBREVIATIONS.items()
    for variant in _variants(abbreviation)
}


def _separator(match: re.Match[str]) -> str:
    return "&" if match.group(1) == "&" else "-"


def match_key(name: str | None) -> str:
    """The form of a name used to find what a person meant: name_key's (NFC, case-folded, single
    spaces), with abbreviations spelled out, "&" read as "và", punctuation as spaces and tone
    marks placed alike. "VP UBND tỉnh" and "Văn phòng Ủy ban nhân dân tỉnh" give the same key."""
    text = _SEPARATORS.sub(_separator, _tone_marks_first(name_key(name)))
    words = [_EXPANSIONS.get(word, word) for word in text.split(" ")]
    text = " ".join(words).replace("&", " và ")
    return " ".join(_PUNCTUATION.sub(" ", text).split())


def index_by_names[T](items: Iterable[T], *names: Callable[[T], str]) -> dict[str, list[T]]:
    """Items by the match_key of every name they go by (full name, short name, code)."""
    index: dict[str, list[T]] = {}
    for item in items:
        for name in names:
            key = match_key(name(item))
            if key:
                found = index.setdefault(key, [])
                if item not in found:
                    found.append(item)
    return index


def closest[T](typed: str, index: dict[str, list[T]], *, limit: int = 3) -> list[T]:
    """The items whose names come closest to `typed`, best first: for "Có phải: …?" when
    nothing matches."""
    keys = difflib.get_close_matches(match_key(typed), list(index), n=limit * 2, cutoff=0.6)
    found: list[T] = []
    for key in keys:
        for item in index[key]:
            if item not in found:
                found.append(item)
    return found[:limit]
