"""The frozen text of a pledge: what every signature covers, as plain data, and its SHA-256.

It is built once, when the pledge opens for signing; the page, the signing screen, the PDF and
the verification page show only it.
"""

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import selectors
from ..models import Pledge

SNAPSHOT_FORMAT = 1


def build_snapshot(pledge: Pledge) -> dict[str, Any]:
    """Everything a signature covers, as plain data: the bloc and year, the revision, the text,
    and every section and criterion with its maximum and kind."""
    bloc_year = pledge.bloc_year
    if pledge.criteria_set is None:
        raise ValidationError(_("Choose a criteria set before opening the pledge."))
    outline = selectors.outline(pledge.criteria_set)
    return {
        "format": SNAPSHOT_FORMAT,
        "province": bloc_year.bloc.province.name,
        "bloc": bloc_year.bloc.name_in(bloc_year.year),
        "year": bloc_year.year,
        "revision": pledge.revision,
        "title": pledge.title,
        "preamble": pledge.preamble,
        "commitments": [line.strip() for line in pledge.commitments.splitlines() if line.strip()],
        "criteria_set": pledge.criteria_set.title,
        "sections": [
            {
                "number": item.number,
                "title": item.section.title,
                "kind": item.section.kind,
                "criteria": [
                    {
                        "number": f"{index}",
                        "text": c.text,
                        "max_points": str(c.max_points),
                        "kind": c.kind,
                        "guidance": c.guidance,
                    }
                    for index, c in enumerate(item.criteria, start=1)
                ],
            }
            for item in outline.sections
        ],
        "totals": {
            "standard": str(outline.totals.standard),
            "bonus": str(outline.totals.bonus),
            "deduction": str(outline.totals.deduction),
        },
    }


def snapshot_hash(snapshot: dict[str, Any]) -> str:
    """SHA-256 of the snapshot's canonical JSON (sorted keys, UTF-8, no spaces): anyone holding
    the same data computes the same hash."""
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
