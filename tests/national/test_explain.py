"""No page depends on other provinces' data (issue 14 §2): every query a key page runs on a
table that holds the rows of every province filters by province, or by a key that implies it,
through an index. Each page is requested as its user over three provinces of data, its queries
recorded with their parameters, and each query's plan read with sequential scans disabled: a
`Seq Scan` left in the plan means that no index could serve it, and the query reads the whole
country's rows (PostgreSQL only)."""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from blocs.models import Agency, BlocYear, MemberRole
from meetings.models import Assessment, Meeting, MeetingKind, Score
from tests.factories import (
    AgencyOfficerFactory,
    AssessmentFactory,
    BlocFactory,
    BlocYearFactory,
    BoardStaffFactory,
    MeetingFactory,
    MembershipFactory,
    OfficialFactory,
    OverseerFactory,
    ProvinceFactory,
    ScoringRoundFactory,
    scored_round,
)

pytestmark = pytest.mark.django_db

YEAR = 2024
PROVINCES = 3
BLOCS = 2
MEMBERS = 4

# Tables without a province's rows, or so small and global that reading them whole is what an
# index would do anyway: each with why.
GLOBAL_TABLES = {
    "django_content_type": "one row per model, the same for every province",
    "django_session": "read by its primary key only",
    "auth_permission": "one row per model permission, global",
    "auth_group": "global groups",
    "blocs_province": "the tenant table itself: 34 rows",
}


@dataclass
class Nation:
    users: dict[str, User]
    bloc_year: BlocYear
    agency: Agency
    midyear: Meeting
    yearend: Meeting
    assessment: Assessment
    nomination_pk: int


def _province(n: int) -> dict:
    """A province of BLOCS blocs of MEMBERS agencies in YEAR, each with a scored sơ kết and
    tổng kết and a nomination (a decided one in the first bloc)."""
    from awards.models import (
        AwardRecord,
        AwardType,
        Decision,
        Nomination,
        NominationStatus,
        RecordSource,
    )

    province = ProvinceFactory(name=f"Tỉnh Quốc gia {n}", code=f"quoc-gia-{n}")
    official = OfficialFactory(province=province)
    made: dict = {"province": province, "official": official, "blocs": []}
    for b in range(BLOCS):
        bloc = BlocFactory(province=province, name=f"Khối quốc gia {n}-{b}")
        bloc_year = BlocYearFactory(bloc=bloc, year=YEAR, overseer=official)
        roles = [MemberRole.HEAD, MemberRole.DEPUTY] + [MemberRole.MEMBER] * (MEMBERS - 2)
        agencies = [
            MembershipFactory(bloc_year=bloc_year, role=role, agency__province=province).agency
            for role in roles
        ]
        # Last year too, so that "agencies still free this year" has other years to skip.
        previous = BlocYearFactory(bloc=bloc, year=YEAR - 1)
        for agency in agencies:
            MembershipFactory(bloc_year=previous, agency=agency)
        midyear = MeetingFactory(bloc_year=bloc_year)
        yearend = MeetingFactory(
            bloc_year=bloc_year,
            kind=MeetingKind.YEAREND,
            starts_at=timezone.make_aware(datetime.datetime(YEAR + 1, 1, 10, 8)),
        )
        pledge = scored_round(midyear, agencies, criteria=6).pledge
        _scored_again(yearend, pledge, agencies)
        award = AwardType.objects.get(province=province, key="co-thi-dua-tinh")
        nomination = Nomination.objects.create(
            bloc_year=bloc_year,
            meeting=yearend,
            award_type=award,
            agency=agencies[0],
            status=NominationStatus.DECIDED if b == 0 else NominationStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
        if b == 0:
            decision = Decision.objects.create(
                nomination=nomination,
                award_type=award,
                number=f"Số {n}/QĐ-UBND",
                date=datetime.date(YEAR + 1, 3, 1),
                issuer="UBND tỉnh",
            )
            AwardRecord.objects.create(
                agency=agencies[0],
                award_type=award,
                award_name=award.name,
                award_key=award.name.casefold(),
                year=YEAR,
                decision=decision,
                decision_number=decision.number,
                decision_date=decision.date,
                issuer=decision.issuer,
                source=RecordSource.DECISION,
            )
        made["blocs"].append((bloc_year, agencies, midyear, yearend, nomination))
    # An agency in no bloc this year: the bloc-year page offers it.
    MembershipFactory(bloc_year=made["blocs"][0][0].bloc.years.get(year=YEAR - 1))
    return made


def _scored_again(meeting: Meeting, pledge, agencies: list[Agency]) -> None:
    """The tổng kết's round over the same pledge as the sơ kết's, every score agreed."""
    scoring = ScoringRoundFactory(meeting=meeting, pledge=pledge, period="full_year")
    ids = [c["id"] for s in pledge.snapshot["sections"] for c in s["criteria"]]
    scores = []
    for i, agency in enumerate(agencies):
        assessment = AssessmentFactory(round=scoring, agency=agency, status="submitted")
        points = Decimal(5) - Decimal("0.5") * i
        scores += [
            Score(assessment=assessment, criterion_id=c, self_points=points, agreed_points=points)
            for c in ids
        ]
    Score.objects.bulk_create(scores)


@pytest.fixture
def nation(postgresql_only) -> Nation:
    provinces = [_province(n) for n in range(PROVINCES)]
    ours = provinces[0]
    bloc_year, agencies, midyear, yearend, nomination = ours["blocs"][0]
    member = agencies[-1]
    assessment = Assessment.objects.get(round__meeting=midyear, agency=member)
    Score.objects.filter(assessment=assessment).update(agreed_points=Decimal(4))
    users = {
        "board": BoardStaffFactory(province=ours["province"]),
        "secretariat": AgencyOfficerFactory(agency=agencies[0]),
        "agency": AgencyOfficerFactory(agency=member),
        "overseer": OverseerFactory(official=ours["official"]),
    }
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Nation(users, bloc_year, member, midyear, yearend, assessment, nomination.pk)


def _pages(nation: Nation) -> list[tuple[str, str, str]]:
    """(who, page name, url) for the key pages of every kind of user."""
    bloc_year, year = nation.bloc_year, nation.bloc_year.year
    dashboard = f"{reverse('blocs:dashboard')}?nam={year}"
    bloc_year_url = bloc_year.get_absolute_url()
    midyear, yearend = nation.midyear, nation.yearend
    return [
        ("board", "dashboard", dashboard),
        ("board", "bloc list", f"{reverse('blocs:bloc_list')}?nam={year}"),
        ("board", "bloc-year", bloc_year_url),
        ("board", "add members", reverse("blocs:members_add", args=[bloc_year.bloc_id, year])),
        ("board", "agency list", reverse("blocs:agency_list")),
        ("board", "agency", reverse("blocs:agency_detail", args=[nation.agency.pk])),
        ("board", "award inbox", reverse("awards:board")),
        ("board", "award statistics", f"{reverse('awards:statistics')}?year={year}"),
        ("board", "nomination", reverse("awards:board_nomination", args=[nation.nomination_pk])),
        ("secretariat", "dashboard", dashboard),
        ("secretariat", "bloc-year", bloc_year_url),
        ("secretariat", "meeting", midyear.get_absolute_url()),
        ("secretariat", "scoring grid", reverse("meetings:grid", args=[midyear.pk])),
        ("secretariat", "ranking", reverse("meetings:ranking", args=[yearend.pk])),
        ("agency", "dashboard", dashboard),
        ("agency", "self-assessment", nation.assessment.get_absolute_url()),
        ("overseer", "dashboard", dashboard),
        ("overseer", "bloc-year", bloc_year_url),
        ("overseer", "meeting", yearend.get_absolute_url()),
    ]


def _record(queries: list):
    def wrapper(execute, sql, params, many, context):
        queries.append((sql, params))
        return execute(sql, params, many, context)

    return wrapper


def _seq_scans(plan: dict) -> list[str]:
    """The relations a plan reads with a sequential scan, at any depth."""
    found = [plan["Relation Name"]] if plan.get("Node Type") == "Seq Scan" else []
    for child in plan.get("Plans", ()):
        found += _seq_scans(child)
    return found


def _explained(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "WITH"))


def _plan(cursor, sql: str, params) -> dict:
    cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
    plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def test_the_check_sees_a_query_no_index_serves(nation):
    """The yardstick itself: scores by their note, which no index holds, are a Seq Scan even
    with sequential scans disabled; by their assessment, an index scan."""
    unindexed = Score.objects.filter(self_note="x").values("pk").query.sql_with_params()
    indexed = Score.objects.filter(assessment=nation.assessment).values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        assert _seq_scans(_plan(cursor, *unindexed)) == ["meetings_score"]
        assert _seq_scans(_plan(cursor, *indexed.query.sql_with_params())) == []


def test_no_key_page_reads_a_national_table_whole(nation, client):
    explained = 0
    offenders = []
    for who, name, url in _pages(nation):
        client.force_login(nation.users[who])
        queries: list = []
        with connection.execute_wrapper(_record(queries)):
            response = client.get(url)
        assert response.status_code == 200, (who, name, url, response.status_code)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            for sql, params in queries:
                if not _explained(sql):
                    continue
                explained += 1
                tables = set(_seq_scans(_plan(cursor, sql, params))) - GLOBAL_TABLES.keys()
                if tables:
                    offenders.append(f"{who} / {name}: {sorted(tables)}\n    {sql[:600]}")
    assert not offenders, "sequential scans of national tables:\n" + "\n".join(offenders)
    assert explained > 5 * len(_pages(nation))  # every page's queries were read
