"""Vietnamese alphabetical order (domain.md, "Vietnamese order") as one sort key.

Names sort by the Vietnamese alphabet, a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư
v (w) x y (z), letters first and tones second (a à á ả ã ạ), and numbers inside names in natural
order ("Khối thi đua số 2" before "số 10"). Code-point order, or a database's default collation,
puts "Ủy ban…" after "Văn phòng…" and "Viện…" before "Văn phòng…".

`vn_sort_key(text)` is a plain string that sorts in that order byte by byte. It is stored beside
the name (`SortKeyField`) so that SQLite and PostgreSQL order rows the same way, and Python sorts
(documents, rosters) use the same function. Its characters are only 0-9 and a-z, which every
collation (C, glibc's en_US.UTF-8, ICU) orders the same way, so no collation has to be declared.

The key has three parts, separated by "0" (lower than anything inside a part):
1. primary: each letter as one character by the Vietnamese alphabet, "1" for a word break (spaces
   and punctuation, runs collapsed), and each number as "2", its length and its digits (so 2 < 10);
2. secondary: the tone of each syllable (a run of letters), 0 (none) to 5 (nặng), compared only when
   the letters are equal. One tone per syllable, wherever it sits: "Hòa" and "Hoà", "Ủy" and "Uỷ"
   (old and new tone placement) sort alike;
3. tertiary: whatever the first two left out, so that different names never tie: on which letter
   of its syllable each tone sits, then punctuation, leading zeros, marks foreign to Vietnamese and
   letters of other scripts as code points.
Case and Unicode normalisation (NFC or NFD input) do not matter.
"""

import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_CODES = "3456789abcdefghijklmnopqrstuvwxyz"  # "0", "1" and "2" are taken (see above)
LETTER_CODE = dict(zip(ALPHABET, _CODES, strict=True))

SEPARATOR, WORD_BREAK, NUMBER = "0", "1", "2"
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"

# Marks that make another letter of the alphabet from a base letter (in NFD form).
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_LETTER_WITH_MARK = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
# The five tones in dictionary order: huyền, sắc, hỏi, ngã, nặng (no mark, ngang, is 0).
TONE = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
# Letters that do not decompose: đ, and the Icelandic eth that old font conversions put for it.
_OWN_LETTERS = {"đ": "đ", "ð": "đ"}


def _code_point(char: str) -> str:
    """Four base-36 digits: enough for every code point (36**4 > 0x10FFFF)."""
    number = ord(char)
    digits = ""
    for _ in range(4):
        number, digit = divmod(number, 36)
        digits = _BASE36[digit] + digits
    return digits


def vn_sort_key(text: str | None) -> str:
    """The key that sorts `text` in Vietnamese alphabetical order (see the module's docstring)."""
    text = unicodedata.normalize("NFC", text or "").strip().casefold()
    chars = unicodedata.normalize("NFD", text)
    primary: list[str] = []
    tones: list[str] = []
    tone_places: list[str] = []
    rest: list[str] = []
    gap: list[str] = []  # the characters between two words (a word break)
    tone: int | None = None  # the tone of the syllable being read; None outside a syllable
    letters = 0  # letters read in the syllable

    def next_word() -> None:
        # A break goes only between two words, never at either end; a gap other than one space
        # ("KH&CN", " - ") is remembered at the end.
        if gap and primary:
            primary.append(WORD_BREAK)
        if gap != [" "]:
            rest.extend(gap)
        gap.clear()

    i, end = 0, len(chars)
    while i < end:
        char = chars[i]
        base = _OWN_LETTERS.get(char) or (char if "a" <= char <= "z" else None)
        if base is not None:
            next_word()
            if char not in LETTER_CODE:
                rest.append(char)  # ð for đ: the same letter, told apart only at the end
            i += 1
            letter = base
            while i < end and unicodedata.combining(chars[i]):
                mark = chars[i]
                i += 1
                if (letter, mark) in _LETTER_WITH_MARK:
                    letter = _LETTER_WITH_MARK[(letter, mark)]
                elif mark in TONE and not tone:
                    tone = TONE[mark]
                    tone_places.append(_BASE36[min(letters, 35)])
                else:
                    rest.append(mark)
            primary.append(LETTER_CODE[letter])
            tone = tone or 0
            letters += 1
            continue
        if tone is not None:
            tones.append(str(tone))
            tone, letters = None, 0
        if "0" <= char <= "9":
            next_word()
            start = i
            while i < end and "0" <= chars[i] <= "9":
                i += 1
            digits = chars[start:i].lstrip("0") or "0"
            rest.extend("0" * (i - start - len(digits)))
            primary.append(NUMBER + _BASE36[min(len(digits), 35)] + digits)
            continue
        # Anything else separates words: spaces, punctuation, letters of other scripts.
        gap.append(char)
        i += 1
    if tone is not None:
        tones.append(str(tone))
    rest.extend(gap)  # punctuation at the end ("Sở Nội vụ.")
    tertiary = "".join(tone_places) + "".join(_code_point(char) for char in rest)
    return SEPARATOR.join(("".join(primary), "".join(tones), tertiary))


def vn_sorted[T](items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """`items` in Vietnamese order of `name(item)` (stable: equal names keep their order)."""
    return sorted(items, key=lambda item: vn_sort_key(name(item)))


class SortKeyField(models.TextField):
    """`vn_sort_key` of another field, kept up to date on every save (and bulk_create), so that
    `order_by("sort_key")` gives the Vietnamese order on every database. A save with
    `update_fields` must name it too when it names its source (`with_sort_keys`). If the key
    function ever changes, a data migration recomputes the stored keys (`fill_sort_keys`)."""

    def __init__(self, *args: Any, source: str = "name", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = vn_sort_key(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def with_sort_keys(model: type[models.Model], update_fields: Iterable[str]) -> set[str]:
    """`update_fields` and the sort keys of the names among them, for a model's save() (a save
    that lists only "full_name" would otherwise leave its key behind)."""
    names = set(update_fields)
    for field in model._meta.concrete_fields:
        if isinstance(field, SortKeyField) and field.source in names:
            names.add(field.name)
    return names


def fill_sort_keys(model: Any, *fields: str) -> None:
    """Compute the stored sort keys `fields` of every row of `model` (a migration's historical
    model: its SortKeyFields are ours, and bulk_update does not call pre_save)."""
    keys = [model._meta.get_field(name) for name in fields]
    rows = list(model._base_manager.only("pk", *(key.source for key in keys)))
    for row in rows:
        for key in keys:
            setattr(row, key.attname, vn_sort_key(getattr(row, key.source)))
    model._base_manager.bulk_update(rows, list(fields), batch_size=500)
