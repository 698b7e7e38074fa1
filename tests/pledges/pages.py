"""Helpers of the pledge page tests: page text without the catalogue, messages, totals, forms."""

import html
import re

from django.contrib.messages import get_messages
from django.utils import translation

from pledges.models import CriteriaSet, Criterion, Pledge, Section, SectionKind
from tests.factories import PASSWORD

HTMX = {"HTTP_HX_REQUEST": "true"}


def text_of(msgid: str, **values: object) -> str:
    """A message as the page shows it: translated as the request is (vi), HTML-escaped."""
    with translation.override("vi"):
        message = translation.gettext(msgid)
    return html.escape(message % values if values else message)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def total(content: str, kind: str = "standard") -> str:
    match = re.search(rf'data-total="{kind}">([^<]*)<', content)
    assert match, f"no {kind} total in the response"
    return match.group(1)


def sections_of(criteria_set: CriteriaSet) -> tuple[Section, Section]:
    standard = criteria_set.sections.get(kind=SectionKind.STANDARD)
    adjustment = criteria_set.sections.get(kind=SectionKind.ADJUSTMENT)
    return standard, adjustment


def contents(criteria_set: CriteriaSet) -> list[tuple]:
    """Everything a change could touch, to compare before and after a refused one."""
    return list(
        Criterion.objects.filter(section__criteria_set=criteria_set)
        .order_by("section__position", "position")
        .values_list("section__title", "section__position", "text", "position", "max_points")
    ) + list(criteria_set.sections.values_list("title", "kind", "position", "version"))


def add_criterion_data(section: Section, max_points: str = "2,5", text: str = "Chuyển đổi số"):
    prefix = f"add-{section.pk}"
    return {
        f"{prefix}-text": text,
        f"{prefix}-max_points": max_points,
        f"{prefix}-kind": "standard" if section.kind == SectionKind.STANDARD else "bonus",
        f"{prefix}-guidance": "Kế hoạch và báo cáo",
    }


def edit_criterion_data(criterion: Criterion, **values: object):
    prefix = f"criterion-{criterion.pk}"
    data = {
        "text": criterion.text,
        "max_points": str(criterion.max_points).replace(".", ","),
        "kind": criterion.kind,
        "guidance": criterion.guidance,
        "expected_version": criterion.version,
        **values,
    }
    return {f"{prefix}-{name}": value for name, value in data.items()}


def minimal_pdf(text: str = "Bien ban ky giao uoc") -> bytes:
    """A small but well-formed one-page PDF (header, objects, cross-reference table)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def sign_data(pledge: Pledge, **overrides: object) -> dict:
    return {
        "signer_title": "Giám đốc",
        "password": PASSWORD,
        "agree": "on",
        "sha256": pledge.snapshot_sha256,
        **overrides,
    }
