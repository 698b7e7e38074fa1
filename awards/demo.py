"""Awards' demo data (shared/domain.md, "Real blocs"): every demo province has its award types,
and Sở Công Thương of Điện Biên has the emulation flag presented to it at Khối Hạ tầng - Kinh tế -
Kỹ thuật's sơ kết on 29/07/2019 in its history, entered by the board.

The report says that the Phó Ban TĐKT tỉnh presented "an emulation flag"; it gives neither the
decision nor the year of the achievement. The decision's number and date and the year (2018,
the year before a flag presented in mid-2019) are examples, and the record's note says so.
"""

import datetime

from django.db import transaction

from blocs.models import Agency, Province
from core.actors import SYSTEM

from .models import AwardRecord, AwardType
from .services.award_types import ensure_award_types
from .services.records import enter_award

FLAG_NOTE = (
    "Trao tại hội nghị sơ kết 6 tháng đầu năm 2019 của Khối Hạ tầng - Kinh tế - Kỹ thuật "
    "(29/07/2019). Số, ngày quyết định và năm thành tích là ví dụ: bản tin không nêu."
)


@transaction.atomic
def seed() -> str:
    provinces = list(Province.objects.all())
    for province in provinces:
        ensure_award_types(province)
    added = 0
    agency = Agency.objects.filter(
        province__code="dien-bien", name__iexact="Sở Công Thương"
    ).first()
    if agency is not None:
        flag = AwardType.objects.get(province=agency.province, key="co-thi-dua-tinh")
        if not AwardRecord.objects.filter(agency=agency, award_type=flag, year=2018).exists():
            enter_award(
                agency,
                actor=SYSTEM,
                award_type=flag,
                year=2018,
                decision_number="Số 250/QĐ-UBND (ví dụ)",
                decision_date=datetime.date(2019, 3, 15),
                issuer=agency.province.people_committee_name,
                note=FLAG_NOTE,
            )
            added += 1
    return f"Awards: the award types of {len(provinces)} provinces, {added} award entered."
