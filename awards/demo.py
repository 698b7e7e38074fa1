"""Awards' demo data (shared/domain.md, "Real blocs"): every demo province has its award types,
and Sở Công Thương of Điện Biên has the emulation flag presented to it at Khối Hạ tầng - Kinh tế -
Kỹ thuật's sơ kết on 29/07/2019 in its history, entered by the board.

The report says that the Phó Ban TĐKT tỉnh presented "an emulation flag"; it gives neither the
decision nor the year of the achievement. The decision's number and date and the year (2018,
the year before a flag presented in mid-2019) are examples, and the record's note says so.
"""

import datetime
from decimal import Decimal

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
    # The selection's nominations first, then the board's review of them.
    done = (_seed_types_and_history(), seed_party_bloc_2020(), seed_review())
    return " ".join(summary for summary in done if summary)


def _seed_types_and_history() -> str:
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


def _resubmit_for_demo(nomination: Nomination) -> Nomination:
    """The secretariat corrects the returned dossier as the board asked (the báo cáo thành tích
    again, now certified by the level above: a file of round 2, the first round's stays on
    record) and resubmits it as its next round, a week after the return (an example date). The
    board's officer stands in for the bloc's secretariat, as in the rest of this bloc's demo
    (the board entered what the news report tells)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import User

    from .services import dossiers

    board = User.objects.get(email="bantdkt@quangbinh.example")
    dossiers.add_file(
        nomination,
        actor=board,
        item="bao_cao_thanh_tich",
        upload=SimpleUploadedFile(
            "bao-cao-thanh-tich-co-xac-nhan.pdf",
            _demo_pdf("Bao cao thanh tich nam 2020, co xac nhan cua cap trinh khen (vi du)"),
            content_type="application/pdf",
        ),
    )
    again = datetime.datetime(2021, 1, 27, 9, 0, tzinfo=datetime.UTC)
    return dossiers.submit(nomination, actor=board, now=again)


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
            nomination = _resubmit_for_demo(nomination)
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


# --- aw2: the selection at Khối thi đua các ban Đảng's tổng kết 2020 ----------------------------

PARTY_BLOC = "Khối thi đua các ban Đảng"
PARTY_EXAMPLE = (
    "Ví dụ: kết quả xếp hạng do Ban Thi đua - Khen thưởng nhập theo bản tin về hội nghị tổng "
    "kết năm 2020 (11/01/2021) của Khối thi đua các ban Đảng, cơ quan của Tỉnh ủy."
)
# The news report: Cờ thi đua của Chính phủ → Ủy ban Kiểm tra Tỉnh ủy, Cờ thi đua của UBND
# tỉnh → Ban Tổ chức Tỉnh ủy, Bằng khen của Chủ tịch UBND tỉnh → Ban Dân vận Tỉnh ủy.
PARTY_RANKS = [
    ("Ủy ban Kiểm tra Tỉnh ủy", 1),
    ("Ban Tổ chức Tỉnh ủy", 2),
    ("Ban Dân vận Tỉnh ủy", 3),
]


def _demo_pdf(text: str) -> bytes:
    """A small well-formed one-page PDF standing for a scanned báo cáo thành tích."""
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
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def seed_party_bloc_2020() -> str:
    """Quảng Bình's Khối thi đua các ban Đảng stands in for the bloc of the report (which names
    no province): its 2020 year, the tổng kết on 11/01/2021, two paper ballots (the provincial
    flag and certificate first, then the Government flag, whose quota counts the province's
    provincial flags), and the three dossiers submitted. The rankings, the vote counts, the
    rule settings and the báo cáo thành tích are examples."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import User
    from blocs.models import Bloc, BlocYear
    from blocs.services import start_new_year
    from meetings.models import MeetingKind
    from meetings.services.meetings import plan_meeting

    from .models import Nomination, NominationStatus, QuotaRule
    from .services import ballots, dossiers, selection
    from .services.award_types import _top_band, update_award_type
    from .services.records import enter_result

    bloc = Bloc.objects.filter(province__code="quang-binh", name=PARTY_BLOC).first()
    board = User.objects.filter(email="bantdkt@quangbinh.example").first()
    if bloc is None or board is None:
        return ""
    if BlocYear.objects.filter(bloc=bloc, year=2020).exists():
        return ""
    province = bloc.province
    tz = datetime.timezone(datetime.timedelta(hours=7))
    bloc_year = start_new_year(bloc, 2020, actor=SYSTEM).bloc_year
    agencies = {m.agency.name: m.agency for m in bloc_year.memberships.select_related("agency")}
    band = _top_band(province.pk)
    for name, rank in PARTY_RANKS:
        for year, year_rank in ((2019, None), (2020, rank)):
            enter_result(
                agencies[name],
                actor=SYSTEM,
                year=year,
                band=band,
                rank=year_rank,
                source=PARTY_EXAMPLE,
            )
    types = {t.key: t for t in AwardType.objects.filter(province=province)}
    # Example settings of Quảng Bình's board: a bloc may propose its two leading units for the
    # provincial flag, and the Government flag's cap is all of the provincial flags.
    update_award_type(
        types["co-thi-dua-tinh"],
        types["co-thi-dua-tinh"].version,
        actor=SYSTEM,
        max_rank=2,
        quota_rule=QuotaRule.NONE,
    )
    update_award_type(
        types["co-thi-dua-chinh-phu"],
        types["co-thi-dua-chinh-phu"].version,
        actor=SYSTEM,
        quota_percent=Decimal(100),
    )
    meeting = plan_meeting(
        bloc_year,
        actor=board,
        kind=MeetingKind.YEAREND,
        starts_at=datetime.datetime(2021, 1, 11, 8, 0, tzinfo=tz),  # 08:00: an example
        place="Hội trường Tỉnh ủy (ví dụ)",
        host=bloc_year.memberships.get(role="head").agency,
        agenda="\n".join(
            [
                "Tổng kết công tác thi đua, khen thưởng năm 2020",
                "Bình xét, bỏ phiếu kín đề nghị khen thưởng",
                "Ký kết giao ước thi đua năm 2021",
                "Suy tôn Trưởng khối, Khối phó năm 2021",
            ]
        ),
    )
    members = bloc_year.memberships.count()

    def vote(picks: list[tuple[str, str]], yes: list[int]) -> None:
        ballot = selection.create_ballot(
            meeting,
            actor=board,
            kind="paper",
            picks=[(agencies[name].pk, types[key].pk) for name, key in picks],
        )
        lines = list(ballot.lines.order_by("position"))
        ballots.record_paper_count(
            ballot,
            actor=board,
            issued=members,
            returned=members,
            valid=members,
            yes={line.pk: count for line, count in zip(lines, yes, strict=True)},
        )

    vote(
        [("Ban Tổ chức Tỉnh ủy", "co-thi-dua-tinh"), ("Ban Dân vận Tỉnh ủy", "bang-khen-tinh")],
        [members, members - 1],
    )
    vote([("Ủy ban Kiểm tra Tỉnh ủy", "co-thi-dua-chinh-phu")], [members])
    # f2: the tổng kết's minutes, finalised the day of the meeting, include both ballots'
    # results (meetings' minutes_parts), and the dossiers' "minutes" item points at them.
    from meetings.demo import _write_minutes

    _write_minutes(
        meeting,
        board,
        discussion=(
            "Các đơn vị thảo luận, bình xét các tập thể đề nghị khen thưởng năm 2020 (ví dụ)."
        ),
        conclusions=(
            "Hội nghị thống nhất đề nghị khen thưởng theo kết quả bỏ phiếu kín: Cờ thi đua của "
            "Chính phủ cho Ủy ban Kiểm tra Tỉnh ủy, Cờ thi đua của UBND tỉnh cho Ban Tổ chức "
            "Tỉnh ủy, Bằng khen của Chủ tịch UBND tỉnh cho Ban Dân vận Tỉnh ủy (ví dụ)."
        ),
        tasks=(
            "Các ban hoàn thiện hồ sơ đề nghị khen thưởng, gửi Ban Thi đua - Khen thưởng (ví dụ)."
        ),
        ended_at=datetime.time(11, 30),  # an example
    )
    submitted = datetime.datetime(2021, 1, 20, 9, 0, tzinfo=tz)
    for nomination in Nomination.objects.filter(
        bloc_year=bloc_year, status=NominationStatus.DRAFT
    ).select_related("agency", "award_type", "meeting", "bloc_year__bloc"):
        dossiers.generate_documents(nomination, actor=board, dated=datetime.date(2021, 1, 18))
        dossiers.add_file(
            nomination,
            actor=board,
            item="bao_cao_thanh_tich",
            upload=SimpleUploadedFile(
                "bao-cao-thanh-tich.pdf",
                _demo_pdf("Bao cao thanh tich nam 2020 (vi du)"),
                content_type="application/pdf",
            ),
        )
        dossiers.submit(nomination, actor=board, now=submitted)
    return (
        "Demo selection ready: Quảng Bình Khối thi đua các ban Đảng, tổng kết 11/01/2021, "
        "3 nominations submitted."
    )
