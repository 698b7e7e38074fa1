"""Demo meetings, from the news reports of real bloc meetings (shared/domain.md, "Real blocs"):

- Trà Vinh, Khối thi đua số 6: the sơ kết on 10/08/2020 hosted by Sở Khoa học và Công nghệ,
  with its five member agencies present (5/5) and its invitation (giấy mời) recorded;
- Quảng Bình, Khối thi đua các ban Đảng: the sơ kết on 01/07/2016 chaired by Trần Hải Châu,
  Trưởng ban Nội chính Tỉnh ủy, Trưởng khối;
- Điện Biên, Khối Hạ tầng - Kinh tế - Kỹ thuật: the sơ kết on 29/07/2019 with its guests, the
  Phó Trưởng Ban Thi đua - Khen thưởng tỉnh and the Chủ tịch Công đoàn Viên chức tỉnh.

What the reports say is used as they say it. The start times, places, agendas, secretaries,
chairs the reports do not name, the people who attended and the invitations' dates are EXAMPLES,
and say so. Scores and minutes are added to these meetings by the scoring and minutes parts'
demos (they find them with `demo_meeting`).
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from accounts.models import User
from blocs.models import BlocYear, MemberRole, Official
from core.actors import SYSTEM

from .models import Meeting, MeetingKind, Presence
from .services import attendance, invitations, meetings

EXAMPLE = "(ví dụ minh họa)"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def demo_meeting(bloc_name: str, year: int, kind: str = MeetingKind.MIDYEAR) -> Meeting | None:
    """A demo bloc-year's meeting of `kind`, for the other parts' demos."""
    return (
        Meeting.objects.filter(bloc_year__bloc__name=bloc_name, bloc_year__year=year, kind=kind)
        .select_related("bloc_year__bloc__province")
        .first()
    )


def _bloc_year(bloc_name: str, year: int) -> BlocYear | None:
    return (
        BlocYear.objects.filter(bloc__name=bloc_name, year=year)
        .select_related("bloc__province")
        .first()
    )


def _agency(bloc_year: BlocYear, name: str) -> object:
    return bloc_year.memberships.select_related("agency").get(agency__name=name).agency


def _example_chair(bloc_year: BlocYear, agency_name: str, title: str) -> meetings.NewChair:
    """A chair the report does not name: the agency's leader, marked as an example."""
    return meetings.NewChair(
        full_name=f"Lãnh đạo {agency_name} {EXAMPLE}",
        title=title,
        agency=_agency(bloc_year, agency_name),  # type: ignore[arg-type]
    )


def _all_present(meeting: Meeting, actor: object) -> None:
    """Every member present, each represented by its leader (an example)."""
    marks = [
        attendance.Mark(
            agency_id=membership.agency_id,
            presence=Presence.PRESENT,
            attendee_name=f"Lãnh đạo {membership.agency.name} {EXAMPLE}",
            attendee_title="Thủ trưởng đơn vị",
        )
        for membership in meeting.bloc_year.memberships.select_related("agency")
    ]
    attendance.record_attendance(
        meeting, meeting.attendance_version, actor=actor, marks=marks, guests_present=set()
    )


def seed() -> str:
    done = [
        summary
        for summary in (
            seed_tra_vinh(),
            seed_quang_binh(),
            seed_dien_bien(),
            seed_scoring_tra_vinh(),  # mb: scoring
        )
        if summary
    ]
    # mc: the minutes last, after the scores (scoring's demo) they freeze.
    done += [summary for summary in seed_minutes() if summary]
    return " ".join(done)


@transaction.atomic
def seed_tra_vinh() -> str:
    bloc_year = _bloc_year("Khối thi đua số 6", 2020)
    if bloc_year is None or bloc_year.meetings.filter(kind=MeetingKind.MIDYEAR).exists():
        return ""
    secretary = User.objects.get(email="sokhcn@travinh.example")
    host = "Sở Khoa học và Công nghệ"
    meeting = meetings.plan_meeting(
        bloc_year,
        actor=secretary,
        new_chair=_example_chair(bloc_year, host, "Giám đốc Sở Khoa học và Công nghệ, Khối phó"),
        kind=MeetingKind.MIDYEAR,
        starts_at=datetime.datetime(2020, 8, 10, 8, 0, tzinfo=VIETNAM),  # 08:00: an example
        place=f"Hội trường Sở Khoa học và Công nghệ tỉnh Trà Vinh {EXAMPLE}",
        host=_agency(bloc_year, host),
        secretary_name=f"Chuyên viên Sở Khoa học và Công nghệ {EXAMPLE}",
        secretary_title="Chuyên viên phụ trách thi đua, khen thưởng",
        agenda="\n".join(
            [
                f"Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2020 {EXAMPLE}",
                "Các đơn vị chấm điểm, thống nhất kết quả thi đua 6 tháng",
                "Thảo luận phương hướng, nhiệm vụ 6 tháng cuối năm 2020",
                "Phát biểu chỉ đạo của đồng chí Phạm Khải Trung, Chánh Thanh tra tỉnh",
            ]
        ),
    )
    _all_present(meeting, secretary)
    # The invitation of a meeting already held: recorded, numbered, never e-mailed.
    invitations.issue_invitation(meeting, actor=secretary, dated=datetime.date(2020, 8, 3))
    return "Demo meeting ready: Trà Vinh Khối thi đua số 6, sơ kết 10/08/2020 (5/5 present)."


@transaction.atomic
def seed_quang_binh() -> str:
    bloc_year = _bloc_year("Khối thi đua các ban Đảng", 2016)
    if bloc_year is None or bloc_year.meetings.filter(kind=MeetingKind.MIDYEAR).exists():
        return ""
    board = User.objects.get(email="bantdkt@quangbinh.example")
    head = bloc_year.memberships.get(role=MemberRole.HEAD).agency
    meeting = meetings.plan_meeting(
        bloc_year,
        actor=board,
        kind=MeetingKind.MIDYEAR,
        starts_at=datetime.datetime(2016, 7, 1, 8, 0, tzinfo=VIETNAM),  # 08:00: an example
        place=f"Hội trường Ban Nội chính Tỉnh ủy Quảng Bình {EXAMPLE}",
        host=head,
        # The report: chaired by Trần Hải Châu, Trưởng ban Nội chính Tỉnh ủy, Trưởng khối.
        chair=Official.objects.get(province=bloc_year.bloc.province, full_name="Trần Hải Châu"),
        secretary_name=f"Chuyên viên Ban Nội chính Tỉnh ủy {EXAMPLE}",
        secretary_title="Chuyên viên",
        agenda="\n".join(
            [
                f"Sơ kết công tác thi đua 6 tháng đầu năm 2016 {EXAMPLE}",
                "Thảo luận phương hướng, nhiệm vụ 6 tháng cuối năm 2016",
            ]
        ),
    )
    _all_present(meeting, board)
    return "Demo meeting ready: Quảng Bình Khối thi đua các ban Đảng, sơ kết 01/07/2016."


@transaction.atomic
def seed_dien_bien() -> str:
    bloc_year = _bloc_year("Khối Hạ tầng - Kinh tế - Kỹ thuật", 2019)
    if bloc_year is None or bloc_year.meetings.filter(kind=MeetingKind.MIDYEAR).exists():
        return ""
    host = "Sở Tài nguyên và Môi trường"  # the standing agency (cơ quan thường trực khối)
    # Recorded by the province's board; the demo has no user for Điện Biên.
    meeting = meetings.plan_meeting(
        bloc_year,
        actor=SYSTEM,
        new_chair=_example_chair(bloc_year, host, "Giám đốc Sở Tài nguyên và Môi trường"),
        kind=MeetingKind.MIDYEAR,
        starts_at=datetime.datetime(2019, 7, 29, 8, 0, tzinfo=VIETNAM),  # 08:00: an example
        place=f"Hội trường Sở Tài nguyên và Môi trường tỉnh Điện Biên {EXAMPLE}",
        host=_agency(bloc_year, host),
        agenda="\n".join(
            [
                f"Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2019 {EXAMPLE}",
                "Trao Cờ thi đua cho Sở Công Thương",
            ]
        ),
    )
    # The report names the guests by their positions, not their names.
    for name, title, organisation in (
        (
            "Đại diện lãnh đạo Ban Thi đua - Khen thưởng tỉnh",
            "Phó Trưởng Ban Thi đua - Khen thưởng tỉnh",
            "Ban Thi đua - Khen thưởng tỉnh Điện Biên",
        ),
        (
            "Đại diện Công đoàn Viên chức tỉnh",
            "Chủ tịch Công đoàn Viên chức tỉnh",
            "Công đoàn Viên chức tỉnh Điện Biên",
        ),
    ):
        meetings.add_guest(meeting, actor=SYSTEM, name=name, title=title, organisation=organisation)
    return "Demo meeting ready: Điện Biên Khối Hạ tầng - Kinh tế - Kỹ thuật, sơ kết 29/07/2019."


# --- mb: scoring at Trà Vinh Khối 6's sơ kết (10/08/2020) --------------------------------------

# Example points: how far below the maximum each agency scored itself, criterion by criterion
# (in quarter points, cycling), and where the checker (the Khối phó) took points off. Invented
# figures: the report gives only the ranking's outcome, not the points.
SELF_SHORTFALL = {
    "Sở Khoa học và Công nghệ": [0, 0, 1, 0, 0, 2],
    "Sở Nội vụ": [0, 1, 0, 0, 2, 0],
    "Thanh tra tỉnh": [0, 0, 0, 1, 0, 0],
    "Sở Xây dựng": [1, 0, 2, 0, 1, 0],
    "Ban Dân tộc": [0, 2, 0, 1, 0, 3],
}
CHECK_OFF = {"Sở Nội vụ": 2, "Sở Xây dựng": 4, "Ban Dân tộc": 1}  # criterion index, −0,5 point


@transaction.atomic
def seed_scoring_tra_vinh() -> str:
    """The 22 criteria self-scored and checked by the five agencies, agreed, and ranked. The
    pledge comes into force first: the two agencies still to sign sign on paper, as the others
    did at the bloc's conference (an example)."""
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from pledges import demo as pledges_demo
    from pledges.models import PledgeStatus
    from pledges.services import signatures

    from .models import Assessment, AssessmentStatus, ReviewSettings, Score, ScoringRound
    from .services import scoring, scoring_agreeing
    from .services.ranking import criteria_of

    meeting = demo_meeting("Khối thi đua số 6", 2020)
    if meeting is None or ScoringRound.objects.filter(meeting=meeting).exists():
        return ""
    bloc_year = meeting.bloc_year
    pledge = bloc_year.pledges.exclude(status=PledgeStatus.WITHDRAWN).first()
    if pledge is None:
        return ""
    secretary = User.objects.get(email="sokhcn@travinh.example")
    if pledge.status == PledgeStatus.OPEN:
        signed = set(pledge.signatures.filter(voided_at__isnull=True).values_list("agency_id"))
        for membership in bloc_year.memberships.select_related("agency"):
            if (membership.agency_id,) in signed:
                continue
            pledge = signatures.record_paper_signature(
                pledge,
                actor=secretary,
                agency=membership.agency,
                signer_name=f"Lãnh đạo {membership.agency.name} {EXAMPLE}",
                signer_title="Giám đốc"
                if membership.agency.name.startswith("Sở")
                else "Trưởng ban",
                signed_on=pledges_demo.CONFERENCE,
                scan=SimpleUploadedFile(
                    "ban-ky.pdf", pledges_demo.scan_pdf(), content_type="application/pdf"
                ),
            ).pledge
    ReviewSettings.objects.update_or_create(
        bloc_year=bloc_year, defaults={"score_first_half": True}
    )
    round_ = scoring.open_round(meeting, actor=secretary)
    criteria = criteria_of(round_.pledge.snapshot or {})
    submitted = datetime.datetime(2020, 8, 5, 16, 0, tzinfo=VIETNAM)  # an example
    quarter = Decimal("0.25")
    for assessment in round_.assessments.select_related("agency"):
        name = assessment.agency.name
        shortfall = SELF_SHORTFALL.get(name, [0])
        scores = {s.criterion_id: s for s in assessment.scores.all()}
        for index, criterion in enumerate(criteria):
            score = scores[criterion.id]
            own: Decimal = max(
                criterion.max_points - quarter * shortfall[index % len(shortfall)], Decimal(0)
            )
            score.self_points, score.self_version = own, 1
            score.self_note = f"Theo báo cáo 6 tháng của đơn vị {EXAMPLE}" if index == 0 else ""
            checked = own - Decimal("0.5") if CHECK_OFF.get(name) == index else own
            score.checked_points, score.checked_version, score.checked_by = checked, 1, secretary
            if checked != own:
                score.checked_note = f"Minh chứng chưa đầy đủ {EXAMPLE}"
        Score.objects.bulk_update(
            scores.values(),
            ["self_points", "self_version", "self_note", "checked_points", "checked_version",
             "checked_by", "checked_note"],
        )  # fmt: skip
        Assessment.objects.filter(pk=assessment.pk).update(
            status=AssessmentStatus.SUBMITTED, submitted_at=submitted, version=2
        )
    scoring_agreeing.agree_all(round_, actor=secretary)
    ScoringRound.objects.filter(pk=round_.pk).update(
        agreed_at=timezone.make_aware(datetime.datetime(2020, 8, 10, 10, 30), VIETNAM)
    )
    return "Demo scoring ready: Trà Vinh Khối thi đua số 6, sơ kết 10/08/2020 (5 × 22 criteria)."


# --- mc: minutes --------------------------------------------------------------------------------


def _write_minutes(meeting: Meeting, actor: object, **sections: object) -> str:
    """The meeting's minutes written and finalised, unless they already are."""
    from .services import minutes

    if meeting.minutes.filter(finalised_at__isnull=False).exists():
        return ""
    draft = minutes.start_minutes(meeting, actor=actor)
    draft = minutes.update_minutes(draft, draft.version, actor=actor, **sections)
    return minutes.finalise_minutes(draft, draft.version, actor=actor).number


@transaction.atomic
def seed_minutes() -> list[str]:
    done = []
    tra_vinh = demo_meeting("Khối thi đua số 6", 2020)
    if tra_vinh is not None:
        number = _write_minutes(
            tra_vinh,
            User.objects.get(email="sokhcn@travinh.example"),
            discussion="\n".join(
                [
                    f"Các đơn vị thành viên thống nhất kết quả tự chấm và kiểm tra điểm {EXAMPLE}.",
                    f"Đồng chí Phạm Khải Trung, Chánh Thanh tra tỉnh, phát biểu chỉ đạo {EXAMPLE}.",
                ]
            ),
            conclusions=f"Hội nghị thống nhất kết quả chấm điểm, xếp hạng 6 tháng {EXAMPLE}.",
            tasks=f"Tiếp tục thực hiện các nội dung giao ước thi đua năm 2020 {EXAMPLE}.",
            ended_at=datetime.time(11, 0),  # an example
        )
        if number:
            done.append(f"Demo minutes finalised: Trà Vinh Khối thi đua số 6, {number}.")
    quang_binh = demo_meeting("Khối thi đua các ban Đảng", 2016)
    if quang_binh is not None:
        number = _write_minutes(
            quang_binh,
            User.objects.get(email="bantdkt@quangbinh.example"),
            discussion="\n".join(
                [
                    "Các ban Đảng báo cáo kết quả thực hiện nhiệm vụ chính trị và phong trào "
                    f"thi đua 6 tháng đầu năm 2016 {EXAMPLE}.",
                    f"Ý kiến thảo luận về những tồn tại, hạn chế và nguyên nhân {EXAMPLE}.",
                ]
            ),
            conclusions=(
                "Đồng chí Trần Hải Châu, Trưởng ban Nội chính Tỉnh ủy, Trưởng khối, kết luận "
                f"hội nghị {EXAMPLE}."
            ),
            # The report: the bloc set its directions and tasks for the last six months.
            tasks="\n".join(
                [
                    "Phương hướng, nhiệm vụ 6 tháng cuối năm 2016:",
                    "Đẩy mạnh phong trào thi đua gắn với nhiệm vụ chính trị của từng ban "
                    f"{EXAMPLE}.",
                    f"Chuẩn bị tốt hội nghị tổng kết công tác thi đua năm 2016 {EXAMPLE}.",
                ]
            ),
            ended_at=datetime.time(11, 0),  # an example
        )
        if number:
            done.append(f"Demo minutes finalised: Quảng Bình Khối thi đua các ban Đảng, {number}.")
    return done


# --- end mc -------------------------------------------------------------------------------------
