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

from .models import AwardRecord, AwardType, Nomination
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
    summary = f"Awards: the award types of {len(provinces)} provinces, {added} award entered."
    # aw3: the board's review of the 2020 nominations (after the selection's demo).
    reviewed = seed_review()
    return f"{summary} {reviewed}".strip()


# --- aw3: the board's review of the 2020 nominations ------------------------------------------
#
# Khối thi đua các ban Đảng (Quảng Bình) proposed at its tổng kết 2020 on 11/01/2021 (the
# nominations are the selection's demo): Cờ thi đua của Chính phủ → Ủy ban Kiểm tra Tỉnh ủy,
# Cờ thi đua của UBND tỉnh → Ban Tổ chức Tỉnh ủy, Bằng khen của Chủ tịch UBND tỉnh → Ban Dân
# vận Tỉnh ủy. The board returns Ban Dân vận's dossier once (its achievement report lacked the
# certification of the level above), the secretariat resubmits it, and the board records every
# decision. Numbers and dates of the decisions are examples (marked "ví dụ").

REVIEW_BLOC = "Khối thi đua các ban Đảng"
REVIEW_YEAR = 2020
RETURNED_NOMINEE = "Ban Dân vận Tỉnh ủy"
RETURN_REASON = (
    "Báo cáo thành tích chưa có xác nhận của cấp trình khen (ví dụ): đề nghị bổ sung và nộp lại."
)
DEMO_DECISIONS = {
    "co-thi-dua-chinh-phu": ("Số 512/QĐ-TTg (ví dụ)", datetime.date(2021, 4, 20)),
    "co-thi-dua-tinh": ("Số 215/QĐ-UBND (ví dụ)", datetime.date(2021, 2, 5)),
    "bang-khen-tinh": ("Số 216/QĐ-UBND (ví dụ)", datetime.date(2021, 2, 5)),
}


def _resubmit_for_demo(nomination: Nomination) -> None:
    """The secretariat's resubmission (aw2's services/dossiers.py owns it; at merge the lead may
    call it here): the same nomination, next round, submitted again, in the change log."""
    from django.utils import timezone

    from . import history
    from .models import ChangeAction, NominationStatus

    nomination.round += 1
    nomination.status = NominationStatus.SUBMITTED
    nomination.status_reason = ""
    nomination.submitted_at = timezone.now()
    nomination.version += 1
    Nomination.objects.filter(pk=nomination.pk).update(
        round=nomination.round,
        status=nomination.status,
        status_reason="",
        submitted_at=nomination.submitted_at,
        version=nomination.version,
    )
    history.record(
        SYSTEM,
        ChangeAction.NOMINATION_RESUBMITTED,
        nomination,
        province_id=nomination.bloc_year.bloc.province_id,
        bloc_year_id=nomination.bloc_year_id,
        subject=str(nomination),
        after={"status": nomination.status, "round": nomination.round},
    )


@transaction.atomic
def seed_review() -> str:
    """Idempotent: only nominations still submitted are reviewed."""
    from .models import NominationStatus
    from .services import review

    waiting = list(
        Nomination.objects.filter(
            bloc_year__bloc__name=REVIEW_BLOC,
            year=REVIEW_YEAR,
            status=NominationStatus.SUBMITTED,
        ).select_related("bloc_year__bloc__province", "award_type", "agency")
    )
    decided = 0
    for nomination in waiting:
        if nomination.award_type.key not in DEMO_DECISIONS:
            continue
        if nomination.agency.name == RETURNED_NOMINEE and nomination.round == 1:
            review.start_review(nomination, actor=SYSTEM)
            review.return_nomination(nomination, actor=SYSTEM, reason=RETURN_REASON)
            _resubmit_for_demo(nomination)
        review.start_review(nomination, actor=SYSTEM)
        if nomination.award_type.level == "national":
            review.send_to_council(nomination, actor=SYSTEM)
        number, date = DEMO_DECISIONS[nomination.award_type.key]
        review.decide(
            nomination,
            actor=SYSTEM,
            number=number,
            date=date,
            issuer=nomination.award_type.decider,
        )
        decided += 1
    return f"Awards: {decided} demo nominations decided." if decided else ""
