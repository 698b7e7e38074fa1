"""The document number register: every official document a bloc or a province's board issues
gets the next number of its issuer, year and type, once, in the transaction that issues it.

NĐ 30/2020 Art. 15: numbers are given after the document is signed, in the order documents are
issued, and restart every year per issuing body; the symbol is the type's abbreviation and the
issuer's ("05/BB-KTĐ6"). Party bodies write the same parts as "05-BB/KTĐ6" (Hướng dẫn
36-HD/VPTW). An issuer is any record (a bloc, a province for its board): core knows it by its
content type and id, so it imports no app.

Lock order: the counter's row is locked last, after the records the calling service locked
(province → bloc-year → pledge → meeting …), and held only until that transaction ends.
"""

import re
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import DocumentCounter, DocumentNumber, DocumentType, LetterheadStyle

__all__ = [
    "DocumentType",
    "LetterheadStyle",
    "initials",
    "issue_number",
    "issuer_symbol",
    "printed_number",
]


def printed_number(sequence: int, doc_type: str, symbol: str, style: str) -> str:
    """The number line as printed under the issuer: "Số: 05/BB-KTĐ6" in the state style,
    "Số 05-BB/KTĐ6" in the Party style. Numbers below 10 take a leading zero (NĐ 30/2020,
    Phụ lục I, II.3). Every document prints its number through this function."""
    number = f"{sequence:02d}"
    if style == LetterheadStyle.PARTY:
        return f"Số {number}-{doc_type}/{symbol}" if symbol else f"Số {number}-{doc_type}"
    return f"Số: {number}/{doc_type}-{symbol}" if symbol else f"Số: {number}/{doc_type}"


_WORD_BREAKS = re.compile(r"[\s\-–—,.;:()/&+]+")


def initials(name: str) -> str:
    """An abbreviation made of a name's initials, as Vietnamese bodies form theirs: "Khối thi
    đua số 6" → "KTĐ6", "Ban Thi đua - Khen thưởng" → "BTĐKT" ("số" is left out; numbers are
    kept whole)."""
    parts = []
    for word in _WORD_BREAKS.split(unicodedata.normalize("NFC", name)):
        if not word or word.casefold() == "số":
            continue
        parts.append(word if word.isdigit() else word[0].upper())
    return "".join(parts)[:30]


def issuer_symbol(code: str, name: str) -> str:
    """The issuer's abbreviation in its numbers: its own symbol (Bloc.code), or, when it has
    none, the initials of its name, so that issuing a document never fails for want of one."""
    return code.strip() or initials(name)


def issue_number(
    issuer: models.Model,
    *,
    year: int,
    doc_type: DocumentType | str,
    symbol: str,
    subject: models.Model | None = None,
) -> DocumentNumber:
    """The issuer's next number of `doc_type` in `year`, recorded with the abbreviation printed
    in it and the record it was given to. Call it inside the transaction that issues the
    document: if that rolls back, so does the number, and a committed number is never given
    again (the database refuses a second row with the same issuer, year, type and number)."""
    doc_type = DocumentType(doc_type)
    key = {
        "issuer_type": ContentType.objects.get_for_model(issuer),
        "issuer_id": issuer.pk,
        "year": year,
        "doc_type": doc_type,
    }
    with transaction.atomic():
        # The issuer's first document of the year creates its counter; one created at the same
        # moment by another transaction is waited for and kept (INSERT … ON CONFLICT DO NOTHING).
        DocumentCounter.objects.bulk_create([DocumentCounter(**key)], ignore_conflicts=True)
        counter = DocumentCounter.objects.select_for_update().get(**key)
        counter.last += 1
        counter.save(update_fields=["last"])
        return DocumentNumber.objects.create(
            **key,
            sequence=counter.last,
            issuer_symbol=symbol,
            subject_type=ContentType.objects.get_for_model(subject) if subject else None,
            subject_id=subject.pk if subject else None,
        )
