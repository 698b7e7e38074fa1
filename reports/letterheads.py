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

from blocs.models import Bloc, Province
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


def bloc_issuer(bloc: Bloc, year: int) -> Issuer:
    """A bloc under its name (and symbol) of `year`, below the People's Committee that formed
    it, or in the Party's layout below the province's Party committee."""
    names = bloc.names_in(year)
    province = bloc.province
    party = bloc.letterhead == LetterheadStyle.PARTY
    return Issuer(
        style=LetterheadStyle(bloc.letterhead),
        parent=province.party_committee_name if party else province.people_committee_name,
        name=names["name"],
        symbol=issuer_symbol(names.get("code", ""), names["name"]),
        place=province.name,
    )


def board_issuer(province: Province) -> Issuer:
    """The province's emulation board (2025: in many provinces "Phòng Thi đua, Khen thưởng –
    Sở Nội vụ"), under its governing body, as the province's data names them."""
    return Issuer(
        style=LetterheadStyle.STATE,
        parent=province.emulation_office_parent,
        name=province.emulation_office,
        symbol=issuer_symbol(province.emulation_office_code, province.emulation_office),
        place=province.name,
    )


def board_signer(province: Province) -> Signer:
    """The board's signature block: its head's title ("Trưởng ban") and, when recorded, name."""
    return Signer(
        title=province.emulation_office_signer, name=province.emulation_office_signer_name
    )
