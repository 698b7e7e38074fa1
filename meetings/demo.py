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
        summary for summary in (seed_tra_vinh(), seed_quang_binh(), seed_dien_bien()) if summary
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
