"""The data of bench/national.py (issue 14): the synthetic province's reviews and awards, and
33 more provinces of its size beside it, each built in its own transaction, each of its years
only if it has no scoring yet (a second run does nothing; an interrupted one resumes).
"""

import datetime
import time
from decimal import Decimal
from zoneinfo import ZoneInfo

from scoring import snapshot as sixty_criteria  # 6 groups of 9, 3 bonus, 3 deduction: 60
from synthetic import BOARD_EMAIL, PROVINCE_CODE, YEARS, ensure_province, nfc

CODE = "bench-national-{:02d}"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SCORE_COLUMNS = (
    "assessment_id, criterion_id, self_points, self_note, self_version, checked_points, "
    "checked_note, checked_version, agreed_points, agreed_reason, agreed_version, updated_at"
)


def emails(code: str) -> dict[str, str]:
    """The users of a province, by role (the synthetic province's board keeps its address)."""
    board = BOARD_EMAIL if code == PROVINCE_CODE else f"{code}-board@example.vn"
    return {
        "board": board,
        "secretariat": f"{code}-head@example.vn",
        "agency": f"{code}-member@example.vn",
        "overseer": f"{code}-overseer@example.vn",
    }


# --- Building ---------------------------------------------------------------------------------


def build(provinces: int, scored_years: list[int]) -> None:
    from django.db import connection, transaction
    from synthetic import _create_province

    from blocs.models import Province

    started = time.perf_counter()
    codes = [PROVINCE_CODE] + [CODE.format(n) for n in range(1, provinces)]
    for n, code in enumerate(codes):
        t = time.perf_counter()
        if code == PROVINCE_CODE:
            province, _created = ensure_province()
        with transaction.atomic():
            province = Province.objects.filter(code=code).first() or _create_province(
                code, f"Tỉnh Thử nghiệm Quốc gia {n:02d}", emails(code)["board"]
            )
            built = _review_data(province, scored_years)
        if built:
            print(f"  {code}: {', '.join(map(str, built))} in {time.perf_counter() - t:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  built in {time.perf_counter() - started:.1f} s (ANALYZE included)")


def _review_data(province, years: list[int]) -> list[int]:
    """The reviews and awards of the province's `years` that have no scoring yet."""
    from meetings.models import ScoringRound

    done = set(
        ScoringRound.objects.filter(meeting__bloc_year__bloc__province=province).values_list(
            "meeting__bloc_year__year", flat=True
        )
    )
    todo = [year for year in years if year not in done]
    for year in todo:
        _year(province, year, last=year == YEARS[-1])
    _finalise_minutes(province, [year for year in years if year != YEARS[-1]])
    if not done:
        _users(province)
    return todo


def _year(province, year: int, *, last: bool) -> None:
    from blocs.models import BlocYear, Membership
    from meetings.models import (
        Assessment,
        AssessmentStatus,
        CheckingMode,
        Meeting,
        MeetingKind,
        Period,
        ScoringRound,
    )
    from pledges.models import Pledge, PledgeStatus

    content = sixty_criteria()
    criteria = [c for s in content["sections"] for c in s["criteria"]]
    bloc_years = list(BlocYear.objects.filter(bloc__province=province, year=year).order_by("pk"))
    members: dict[int, list[int]] = {}
    for bloc_year_id, agency_id in (
        Membership.objects.filter(bloc_year__in=bloc_years)
        .order_by("bloc_year", "pk")
        .values_list("bloc_year_id", "agency_id")
    ):
        members.setdefault(bloc_year_id, []).append(agency_id)
    opened = datetime.datetime(year, 2, 1, 8, 0, tzinfo=VIETNAM)
    pledges = Pledge.objects.bulk_create(
        Pledge(bloc_year=by, title=nfc(f"Giao ước thi đua năm {year}"),
               status=PledgeStatus.IN_FORCE, snapshot=content, snapshot_sha256="c" * 64,
               opened_at=opened, in_force_at=opened)
        for by in bloc_years
    )  # fmt: skip
    when = {
        MeetingKind.MIDYEAR: datetime.datetime(year, 7, 15, 8, 0, tzinfo=VIETNAM),
        MeetingKind.YEAREND: datetime.datetime(year + 1, 1, 10, 8, 0, tzinfo=VIETNAM),
    }
    meetings = Meeting.objects.bulk_create(
        Meeting(bloc_year=by, kind=kind, starts_at=starts, place=nfc("Hội trường"))
        for by in bloc_years
        for kind, starts in when.items()
    )
    pledge_of = {p.bloc_year_id: p for p in pledges}
    agreed = datetime.datetime(year + 1, 1, 10, 11, 0, tzinfo=VIETNAM)
    rounds = ScoringRound.objects.bulk_create(
        ScoringRound(meeting=m, pledge=pledge_of[m.bloc_year_id],
                     period=Period.FIRST_HALF if m.kind == MeetingKind.MIDYEAR
                     else Period.FULL_YEAR,
                     checking=CheckingMode.SECRETARIAT, agreed_at=agreed)
        for m in meetings
    )  # fmt: skip
    bloc_year_of = {m.pk: m.bloc_year_id for m in meetings}
    assessments = Assessment.objects.bulk_create(
        (
            Assessment(round=r, agency_id=agency_id, status=AssessmentStatus.SUBMITTED,
                       submitted_at=opened)
            for r in rounds
            for agency_id in members[bloc_year_of[r.meeting_id]]
        ),
        batch_size=5000,
    )  # fmt: skip
    _copy_scores(assessments, criteria)
    yearends = [m for m in meetings if m.kind == MeetingKind.YEAREND]
    _awards(province, year, yearends, members, last=last)


def _finalise_minutes(province, years: list[int]) -> None:
    """The past years' meetings have their minutes finalised, as they would (their scores are
    then frozen); the last year's are still open. Those that lack them get them."""
    from meetings.models import Meeting, Minutes

    meetings = Meeting.objects.filter(
        bloc_year__bloc__province=province, bloc_year__year__in=years, minutes__isnull=True
    ).order_by("pk")
    Minutes.objects.bulk_create(
        Minutes(meeting=m, number=f"{n + 1:02d}/BB-KTĐ", content={},
                finalised_at=m.starts_at + datetime.timedelta(hours=4))
        for n, m in enumerate(meetings)
    )  # fmt: skip


def _copy_scores(assessments, criteria: list[dict]) -> None:
    """Every criterion's self, checked and agreed points, through COPY (millions of rows)."""
    from django.db import connection

    now = datetime.datetime.now(tz=datetime.UTC)
    with connection.cursor() as cursor:
        copy_sql = f"COPY meetings_score ({SCORE_COLUMNS}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for i, assessment in enumerate(assessments):
                for c, criterion in enumerate(criteria):
                    top = Decimal(criterion["max_points"])
                    points = top - Decimal((i + c) % 5) * top / 10
                    copy.write_row(
                        (assessment.pk, criterion["id"], points, "", 1, points, "", 1, points,
                         "", 1, now)
                    )  # fmt: skip


def _awards(province, year: int, yearends, members, *, last: bool) -> None:
    """Three nominations per tổng kết: decided (decision and award record) for a past year,
    in every step of the board's review for the last year."""
    from awards.models import (
        AwardRecord,
        AwardType,
        Decision,
        Nomination,
        NominationStatus,
        RecordSource,
    )
    from awards.services.award_types import ensure_award_types

    ensure_award_types(province)  # (a province made before the awards app lacks them)
    types = list(
        AwardType.objects.filter(province=province, recipient="collective").order_by("position")
    )
    steps = [
        NominationStatus.SUBMITTED,
        NominationStatus.UNDER_REVIEW,
        NominationStatus.RETURNED,
        NominationStatus.SENT_TO_COUNCIL,
        NominationStatus.DECIDED,
        NominationStatus.REJECTED,
    ]
    submitted = datetime.datetime(year + 1, 1, 20, 9, 0, tzinfo=VIETNAM)
    nominations = []
    for b, meeting in enumerate(yearends):
        for n, agency_id in enumerate(members[meeting.bloc_year_id][:3]):
            status = steps[(b + n) % len(steps)] if last else NominationStatus.DECIDED
            nominations.append(
                Nomination(bloc_year_id=meeting.bloc_year_id, meeting=meeting, province=province,
                           award_type=types[n % len(types)], agency_id=agency_id, year=year,
                           status=status, submitted_at=submitted,
                           status_reason=nfc("Thiếu hồ sơ")
                           if status in ("returned", "rejected") else "")
            )  # fmt: skip
    Nomination.objects.bulk_create(nominations)
    decided = [n for n in nominations if n.status == NominationStatus.DECIDED]
    decisions = Decision.objects.bulk_create(
        Decision(nomination=n, award_type=n.award_type, number=nfc(f"Số {n.pk}/QĐ-UBND"),
                 date=datetime.date(year + 1, 3, 1), issuer=nfc("UBND tỉnh"))
        for n in decided
    )  # fmt: skip
    AwardRecord.objects.bulk_create(
        AwardRecord(agency_id=d.nomination.agency_id, province=province, award_type=d.award_type,
                    award_name=d.award_type.name, award_key=d.award_type.name.casefold(),
                    year=year, decision=d, decision_number=d.number, decision_date=d.date,
                    issuer=d.issuer, source=RecordSource.DECISION)
        for d in decisions
    )  # fmt: skip


def _users(province) -> None:
    """The first bloc's secretariat (its head agency's officer), a member's officer and its
    overseer, for the pages of each user type."""
    from accounts.models import Role, User
    from blocs.models import BlocYear, MemberRole

    bloc_year = (
        BlocYear.objects.filter(bloc__province=province, year=YEARS[-1])
        .select_related("overseer")
        .order_by("bloc__sort_key")
        .first()
    )
    assert bloc_year is not None
    roster = {m.role: m.agency_id for m in bloc_year.memberships.order_by("-pk")}
    addresses = emails(province.code)
    users = [
        User(email=addresses["secretariat"], role=Role.AGENCY, province=province,
             agency_id=roster[MemberRole.HEAD], full_name=nfc("Trưởng khối (thử nghiệm)")),
        User(email=addresses["agency"], role=Role.AGENCY, province=province,
             agency_id=roster[MemberRole.MEMBER], full_name=nfc("Thành viên (thử nghiệm)")),
        User(email=addresses["overseer"], role=Role.OVERSEER, province=province,
             official=bloc_year.overseer, full_name=nfc("Người chỉ đạo (thử nghiệm)")),
    ]  # fmt: skip
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users, ignore_conflicts=True)


def describe() -> str:
    from blocs.models import Membership, Province
    from meetings.models import Score

    with_scores = Score.objects.count()
    return (
        f"{Province.objects.count()} provinces, {Membership.objects.count():,} memberships, "
        f"{with_scores:,} score rows"
    )
