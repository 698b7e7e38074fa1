"""Who issues a document, as printed at its top: a bloc (in the state's layout or, for a bloc of
Party agencies, the Party's) or the province's emulation board.

An Issuer is plain data: a signed record freezes it (pledges' snapshot) so that a later change
to the province's parent body or the bloc's style never changes a document already signed.
"""

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from blocs.models import BlocYear, Province
from core.models import DocumentNumber, LetterheadStyle
from core.numbering import issuer_symbol

from .kinds import Letterhead, Signer


@dataclass(frozen=True)
class Issuer:
    style: str  # LetterheadStyle
    parent: str  # "UBND tỉnh Trà Vinh", "Đảng bộ tỉnh Quảng Bình", "Sở Nội vụ"
    name: str  # "Khối thi đua số 6" (that year's name), "Ban Thi đua - Khen thưởng"
    symbol: str  # "KTĐ6": the abbreviation in its document numbers
    place: str  # "Trà Vinh": the place in the date line

    def letterhead(self, date: datetime.date, number: DocumentNumber | None = None) -> Letterhead:
        return Letterhead(
            issuer=self.name,
            place=self.place,
            date=date,
            parent=self.parent,
            number=number.printed(self.style) if number else "",
            style=self.style,
        )

    def frozen(self) -> dict[str, str]:
        return {key: str(value) for key, value in dataclasses.asdict(self).items()}

    @classmethod
    def from_frozen(cls, data: Mapping[str, Any]) -> "Issuer":
        return cls(**{f.name: str(data.get(f.name, "")) for f in dataclasses.fields(cls)})


def bloc_issuer(bloc_year: BlocYear, *, on: datetime.date | None = None) -> Issuer:
    """A bloc under its name (and symbol) of its year, below the People's Committee that formed
    it, or in the Party's layout below the Party committee.

    The province is the one the bloc belonged to that year, under that year's names: a year
    before a merger prints the merged province (blocs.merger). A document dated `on` (an event:
    a pledge opened, a meeting held) is headed by the province in charge that day."""
    bloc = bloc_year.bloc
    names = bloc.names_in(bloc_year.year)
    if on is None:
        province = bloc_year.province.in_year(bloc_year.year)
    else:
        province = bloc_year.province.successor_on(on).in_year(on.year)
    party = bloc.letterhead == LetterheadStyle.PARTY
    return Issuer(
        style=LetterheadStyle(bloc.letterhead),
        parent=province.party_committee_name if party else province.people_committee_name,
        name=names["name"],
        symbol=issuer_symbol(names.get("code", ""), names["name"]),
        place=province.name,
    )


def board_issuer(province: Province, year: int) -> Issuer:
    """The province's emulation board (2025: in many provinces "Phòng Thi đua, Khen thưởng –
    Sở Nội vụ"), under its governing body, as the province named them in `year`.

    A merged province's board issued its documents until the merger, with its own register of
    numbers; documents dated later are the new province's board's (Province.successor_on)."""
    names = province.in_year(year)
    return Issuer(
        style=LetterheadStyle.STATE,
        parent=names.emulation_office_parent,
        name=names.emulation_office,
        symbol=issuer_symbol(names.emulation_office_code, names.emulation_office),
        place=names.name,
    )


def board_signer(province: Province, year: int) -> Signer:
    """The board's signature block: its head's title ("Trưởng ban") and, when recorded, name,
    as in `year`."""
    names = province.in_year(year)
    return Signer(title=names.emulation_office_signer, name=names.emulation_office_signer_name)
