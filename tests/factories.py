"""factory_boy factories for the tests. Names are Vietnamese, as users type them."""

import datetime
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from accounts.models import Role, User
from blocs.models import Agency, Bloc, BlocYear, MemberRole, Membership, Official, Province

PASSWORD = "mat-khau-thu-nghiem-1"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Tỉnh số {n}")
    code = factory.Sequence(lambda n: f"tinh-{n}")


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Sở Ngành số {n}")
    short_name = factory.Sequence(lambda n: f"SN{n}")


class OfficialFactory(DjangoModelFactory):
    class Meta:
        model = Official

    province = factory.SubFactory(ProvinceFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    title = "Ủy viên Hội đồng Thi đua - Khen thưởng tỉnh"


class BlocFactory(DjangoModelFactory):
    class Meta:
        model = Bloc

    province = factory.SubFactory(ProvinceFactory)
    # Not "Khối thi đua số {n}": tests name their own blocs so, and the sequence would collide.
    name = factory.Sequence(lambda n: f"Khối thi đua mẫu {n}")
    code = factory.Sequence(lambda n: f"KTĐ{n}")


class BlocYearFactory(DjangoModelFactory):
    class Meta:
        model = BlocYear

    bloc = factory.SubFactory(BlocFactory)
    year = 2020


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    bloc_year = factory.SubFactory(BlocYearFactory)
    agency = factory.SubFactory(
        AgencyFactory, province=factory.SelfAttribute("..bloc_year.bloc.province")
    )
    role = MemberRole.MEMBER


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"nguoidung{n}@example.vn")
    full_name = factory.Sequence(lambda n: f"Trần Thị {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class BoardStaffFactory(UserFactory):
    role = Role.BOARD
    province = factory.SubFactory(ProvinceFactory)


class AgencyOfficerFactory(UserFactory):
    role = Role.AGENCY
    agency = factory.SubFactory(AgencyFactory)
    province = factory.SelfAttribute("agency.province")


class OverseerFactory(UserFactory):
    role = Role.OVERSEER
    official = factory.SubFactory(OfficialFactory)
    province = factory.SelfAttribute("official.province")


# --- Meetings (MeetingFactory etc.: the reviews' parts build on these) --------------------------


class PledgeFactory(DjangoModelFactory):
    """A draft pledge: enough for a scoring round to point at (tests of pledges use services)."""

    class Meta:
        model = "pledges.Pledge"

    bloc_year = factory.SubFactory(BlocYearFactory)
    title = factory.LazyAttribute(lambda o: f"Giao ước thi đua năm {o.bloc_year.year}")


class MeetingFactory(DjangoModelFactory):
    """The bloc-year's sơ kết, at 08:00 on 10/08 of its year (Trà Vinh Khối 6's in 2020)."""

    class Meta:
        model = "meetings.Meeting"

    bloc_year = factory.SubFactory(BlocYearFactory)
    kind = "midyear"
    starts_at = factory.LazyAttribute(
        lambda o: datetime.datetime(o.bloc_year.year, 8, 10, 8, 0, tzinfo=VIETNAM)
    )
    place = "Hội trường Sở Khoa học và Công nghệ"


class GuestFactory(DjangoModelFactory):
    class Meta:
        model = "meetings.Guest"

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Khách mời {n}")
    title = "Phó Trưởng Ban Thi đua - Khen thưởng tỉnh"
    position = factory.Sequence(lambda n: n + 1)


class ScoringRoundFactory(DjangoModelFactory):
    class Meta:
        model = "meetings.ScoringRound"

    meeting = factory.SubFactory(MeetingFactory)
    pledge = factory.SubFactory(
        PledgeFactory, bloc_year=factory.SelfAttribute("..meeting.bloc_year")
    )
    period = "first_half"
    checking = "secretariat"


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = "meetings.Assessment"

    round = factory.SubFactory(ScoringRoundFactory)
    agency = factory.SubFactory(AgencyFactory)
    status = "draft"


class FinalMinutesFactory(DjangoModelFactory):
    """Minutes finalised with a number (what the minutes part does through its service)."""

    class Meta:
        model = "meetings.Minutes"

    meeting = factory.SubFactory(MeetingFactory)
    number = "Số: 01/BB-KTĐ6"
    content = factory.LazyFunction(dict)
    finalised_at = factory.LazyFunction(lambda: datetime.datetime.now(tz=VIETNAM))


class InvitationFactory(DjangoModelFactory):
    """An invitation recorded without e-mails (what the invitation service issues for a meeting
    already held), its content frozen as the service does."""

    class Meta:
        model = "meetings.Invitation"

    meeting = factory.SubFactory(MeetingFactory)
    number = "Số: 01/GM-KTĐ6"
    dated = factory.LazyAttribute(lambda o: o.meeting.starts_at.date())
    emailed = False
    content = factory.LazyAttribute(lambda o: _invitation_content(o.meeting, o.number, o.dated))


def _invitation_content(meeting, number, dated):
    from meetings.services.invitations import build_content
    from reports.letterheads import bloc_issuer

    issuer = bloc_issuer(meeting.bloc_year, on=dated)
    return build_content(meeting, issuer, number, dated, "", 0)


# --- mc: scored rounds for the minutes, the score table and the review report --------------------


def scoring_snapshot(criteria: int = 22, *, sections: int = 2, bonus: bool = True) -> dict:
    """A pledge's frozen criteria (snapshot format 2): `criteria` standard criteria of 5 points
    spread over `sections` groups, then a bonus and a deduction criterion of 2 points."""
    groups = []
    next_id = 9000
    per = -(-criteria // sections)
    roman = ["I", "II", "III", "IV", "V", "VI"]
    for index in range(sections):
        count = min(per, criteria - index * per)
        rows = []
        for number in range(1, count + 1):
            next_id += 1
            rows.append(
                {
                    "id": next_id,
                    "number": str(number),
                    "text": f"Tiêu chí {index + 1}.{number} (ví dụ)",
                    "max_points": "5",
                    "kind": "standard",
                    "guidance": "",
                }
            )
        groups.append(
            {
                "id": index + 1,
                "number": roman[index],
                "title": f"Nhóm {index + 1}",
                "kind": "scored",
                "criteria": rows,
            }
        )
    if bonus:
        groups.append(
            {
                "id": 99,
                "number": roman[sections],
                "title": "Điểm thưởng, điểm trừ",
                "kind": "adjustment",
                "criteria": [
                    {
                        "id": 8001,
                        "number": "1",
                        "text": "Điểm thưởng",
                        "max_points": "2",
                        "kind": "bonus",
                        "guidance": "",
                    },
                    {
                        "id": 8002,
                        "number": "2",
                        "text": "Điểm trừ",
                        "max_points": "2",
                        "kind": "deduction",
                        "guidance": "",
                    },
                ],
            }
        )
    return {"format": 2, "sections": groups}


def scored_round(meeting, agencies, *, criteria: int = 22, points=None, sections: int = 2):
    """A round of `meeting` over a pledge with `scoring_snapshot(criteria)`, each agency's
    assessment submitted with self, checked and agreed points on every criterion. `points(i, c)`
    gives agency i's points on criterion c (default: 5 − i·0,25 on the first criterion, else
    4,5)."""
    from decimal import Decimal

    from meetings.models import Score

    snapshot = scoring_snapshot(criteria, sections=sections)
    pledge = PledgeFactory(bloc_year=meeting.bloc_year, snapshot=snapshot)
    scoring = ScoringRoundFactory(meeting=meeting, pledge=pledge)
    ids = [c["id"] for s in snapshot["sections"] for c in s["criteria"]]
    scores = []
    for i, agency in enumerate(agencies):
        assessment = AssessmentFactory(round=scoring, agency=agency, status="submitted")
        for c, criterion_id in enumerate(ids):
            if points is not None:
                value = Decimal(str(points(i, c)))
            elif criterion_id in (8001, 8002):
                value = Decimal(1) if criterion_id == 8001 else Decimal(0)
            else:
                value = Decimal(5) - Decimal("0.25") * i if c == 0 else Decimal("4.5")
            scores.append(
                Score(
                    assessment=assessment,
                    criterion_id=criterion_id,
                    self_points=value,
                    checked_points=value,
                    agreed_points=value,
                )
            )
    Score.objects.bulk_create(scores)
    return scoring
