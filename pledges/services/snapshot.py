"""The frozen text of a pledge: what every signature covers, as plain data, and its SHA-256.

It is built once, when the pledge opens for signing; the page, the signing screen, the PDF and
the verification page show only it.

Formats (the "format" key): 1, the text, sections and criteria; 2 (since issue 11) adds the id
of every section and criterion (scoring refers to them) and the letterhead, frozen like the
text. A snapshot is never rewritten: format-1 snapshots keep their hash and are printed as they
always were (the bloc's letterhead of the day, in the state's layout).
"""

import datetime
import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.models import LetterheadStyle
from reports.letterheads import Issuer, bloc_issuer

from .. import selectors
from ..models import Pledge

SNAPSHOT_FORMAT = 2


def build_snapshot(pledge: Pledge, opened_on: datetime.date | None = None) -> dict[str, Any]:
    """Everything a signature covers, as plain data: the bloc and year, the revision, the text,
    every section and criterion (with its id, maximum and kind), and the letterhead: the
    bloc's under its names of the year, below the province in charge on the day it opened (a
    round opened after a merger is headed by the new province)."""
    bloc_year = pledge.bloc_year
    issuer = bloc_issuer(bloc_year, on=opened_on)
    if pledge.criteria_set is None:
        raise ValidationError(_("Choose a criteria set before opening the pledge."))
    outline = selectors.outline(pledge.criteria_set)
    return {
        "format": SNAPSHOT_FORMAT,
        "province": issuer.place,
        "bloc": bloc_year.bloc.name_in(bloc_year.year),
        "year": bloc_year.year,
        "revision": pledge.revision,
        "title": pledge.title,
        "preamble": pledge.preamble,
        "commitments": [line.strip() for line in pledge.commitments.splitlines() if line.strip()],
        "criteria_set": pledge.criteria_set.title,
        "letterhead": issuer.frozen(),
        "sections": [
            {
                "id": item.section.pk,
                "number": item.number,
                "title": item.section.title,
                "kind": item.section.kind,
                "criteria": [
                    {
                        "id": c.pk,
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


def frozen_issuer(pledge: Pledge) -> Issuer:
    """Who issues the pledge, as its documents print it: the letterhead frozen in the snapshot
    (format 2). A format-1 snapshot froze none; its documents print, as they always did, the
    bloc and province names it froze under the People's Committee of its year (the province the
    bloc belonged to then, should it have merged since), in the state's layout."""
    snapshot = pledge.snapshot or {}
    if "letterhead" in snapshot:
        return Issuer.from_frozen(snapshot["letterhead"])
    bloc_year = pledge.bloc_year
    live = bloc_issuer(bloc_year)
    return Issuer(
        style=LetterheadStyle.STATE,
        parent=bloc_year.province_names.people_committee_name,
        name=snapshot.get("bloc", live.name),
        symbol=live.symbol,
        place=snapshot.get("province", live.place),
    )
