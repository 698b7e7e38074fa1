"""Document kinds: what each official document is made of.

A kind is one template (extending reports/decree30.html) and one function that builds the
document's data from its subject. Apps declare their kinds in a `documents.py` module, loaded
at start-up (ReportsConfig.ready):

    register(DocumentKind(
        key="bloc_roster",
        label=_("Bloc roster"),
        template="reports/documents/bloc_roster.html",
        get_subject=roster_subject,   # (user, pk, params) -> subject, or 404 / 403; asked
                                      # before the parameters are read: never use them for access
        build=build_roster,           # (subject, params) -> Document
    ))

`build` returns plain data (strings, numbers, dates, lists, dicts, dataclasses), never model
instances: the data is hashed to decide whether an earlier document can be re-used, and the
template sees exactly what was hashed.
"""

import dataclasses
import datetime
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.http import Http404
from django.template.loader import get_template

from core.models import LetterheadStyle

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Letterhead:
    """The top of a document: NĐ 30/2020, Phụ lục I, or the Party's layout (Hướng dẫn
    36-HD/VPTW) when `style` is "party" (reports/letterheads.py builds both)."""

    issuer: str  # e.g. "Khối thi đua số 6": printed in capitals, bold
    place: str  # e.g. "Trà Vinh": the place in the date line
    date: datetime.date  # the day of the event the document records, not of printing
    parent: str = ""  # the issuer's governing body, if any: capitals, regular
    number: str = ""  # "Số: 05/BB-KTĐ6" once the document has a number from the register
    style: str = LetterheadStyle.STATE


@dataclass(frozen=True)
class Signer:
    """The signature block, bottom right: "TM. KHỐI THI ĐUA SỐ 6" / "TRƯỞNG KHỐI" / name. An
    empty name prints a dotted line on which the signer writes it."""

    title: str
    authority: str = ""
    name: str = ""


@dataclass(frozen=True)
class Document:
    letterhead: Letterhead
    doc_type: str  # BIÊN BẢN, BÁO CÁO, DANH SÁCH…: centred capitals under the letterhead
    summary: str  # trích yếu: the line under the type
    title: str  # the file's name and its title in "My documents"
    body: Mapping[str, Any] = field(default_factory=dict)  # what the kind's template reads
    signer: Signer | None = None
    recipients: tuple[str, ...] = ()  # "Nơi nhận": one line each, without the "-" and ";"


@dataclass(frozen=True)
class DocumentKind:
    key: str  # stored in Report.kind: never rename one in use
    label: "StrOrPromise"
    template: str
    get_subject: Callable[[Any, int, Mapping[str, int]], models.Model]
    build: Callable[[Any, Mapping[str, int]], Document]
    province_of: Callable[[Any], int]
    load: Callable[[int], models.Model]  # the subject by id, for the worker (no user)
    # Its parameters and the form field that reads each one, e.g. {"year": YearField()}.
    params: Mapping[str, forms.Field] = field(default_factory=dict)
    # Lists re-made from live data, never numbered nor verified by their SHA-256: a render
    # superseded by a newer one is deleted after REPORT_RETENTION_DAYS (reports/retention.py).
    # Every other kind keeps every render (a printed copy may be checked against it).
    expires: bool = False

    def clean_params(self, raw: Mapping[str, Any]) -> dict[str, int]:
        """The kind's parameters from a form; a missing or bad one is a ValidationError with
        the field's message (e.g. a year out of range). Asked after the subject: whoever may
        not see it gets its 404 or 403, whatever the parameters."""
        return {name: reader.clean(raw.get(name)) for name, reader in self.params.items()}

    def fingerprint(self, subject_id: int, params: Mapping[str, int], document: Document) -> str:
        """SHA-256 of what the PDF is made of: kind, subject, data and template source."""
        payload = json.dumps(
            [self.key, subject_id, dict(params), _plain(document), _template_digest(self.template)],
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()


def estimated_rows(document: Document) -> int:
    """How long a document is, before it is rendered: every item of every list in its body (a
    member, a bloc, a nominee, a paragraph), nested lists included. Render time grows with it
    (bench/pdf.py: about 27 member rows a page); reports/priorities.py queues short
    documents ahead of long ones by it. One rule for every kind: kinds declare nothing."""
    return _items(_plain(document.body))


def _items(value: Any) -> int:
    if isinstance(value, Mapping):
        return sum(_items(v) for v in value.values())
    if isinstance(value, list):
        return len(value) + sum(_items(v) for v in value)
    return 0


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        raise TypeError(f"documents hold plain data, not {type(value).__name__} instances")
    return value


@cache
def _template_digest(name: str) -> str:
    """The template and the decree 30 layout it extends: a change to either is a new document."""
    sources = [
        get_template(template).template.source  # type: ignore[attr-defined]
        for template in (name, "reports/decree30.html")
    ]
    return hashlib.sha256("\0".join(sources).encode()).hexdigest()


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    if kind.key in _KINDS and _KINDS[kind.key] != kind:
        raise ValueError(f"document kind {kind.key!r} is registered twice")
    _KINDS[kind.key] = kind
    return kind


def get_kind(key: str) -> DocumentKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise Http404 from None


def kind_label(key: str) -> "StrOrPromise":
    """The kind's name for people; the key itself for a kind no longer registered."""
    kind = _KINDS.get(key)
    return kind.label if kind else key


def all_kinds() -> list[DocumentKind]:
    return list(_KINDS.values())
