"""Award statistics: the counts by bloc and type, nominations against decisions, the agency's
trend, the SVG charts (no script, no style: CSP), the .xlsx export, the PDF, query budgets."""

import datetime
import io
import re
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import charts
from awards.models import AwardType, NominationStatus
from awards.services import review, statistics, statistics_scores
from awards.services.records import enter_award
from reports.kinds import get_kind
from reports.services import render_document
from tests.awards.conftest import submitted_nomination
from tests.factories import AgencyFactory, BlocFactory, BlocYearFactory, MembershipFactory

S = NominationStatus


def _decided(world, agency, key="co-thi-dua-tinh", number="Số 1/QĐ-UBND"):
    nomination = submitted_nomination(world.bloc_year, agency, key)
    board = world.users["board"]
    review.start_review(nomination, actor=board)
    review.decide(
        nomination,
        actor=board,
        number=number,
        date=datetime.date(2021, 2, 1),
        issuer="Chủ tịch UBND tỉnh Trà Vinh",
    )
    return nomination


def test_awards_by_bloc_and_type_and_nominations_against_decisions(world):
    _decided(world, world.head)
    _decided(world, world.deputy, "bang-khen-tinh", "Số 2/QĐ-UBND")
    submitted_nomination(world.bloc_year, world.member, "bang-khen-tinh")
    rejected = submitted_nomination(world.bloc_year, world.member, "co-thi-dua-tinh")
    review.reject_nomination(rejected, actor=world.users["board"], reason="Không đủ")
    enter_award(
        world.other_agency,
        actor=world.users["board"],
        award_type=None,
        award_name="Cờ thi đua của Bộ Y tế",
        year=2020,
        decision_number="Số 9/QĐ-BYT",
        decision_date=datetime.date(2021, 1, 5),
        issuer="Bộ Y tế",
    )
    stats = statistics.province_statistics(world.province, 2020)
    by_name = {row.name: row for row in stats.blocs}
    keys = [c.key for c in stats.columns]
    flag = str(AwardType.objects.get(province=world.province, key="co-thi-dua-tinh").pk)
    assert by_name["Khối thi đua số 6"].counts[keys.index(flag)] == 1
    assert by_name["Khối thi đua số 6"].total == 2
    assert by_name["Khối thi đua số 1"].counts[keys.index("other")] == 1
    assert stats.total == 3
    rows = {row.label: row for row in stats.nominations}
    assert rows["Cờ UBND"].nominated == 2
    assert rows["Cờ UBND"].decided == 1
    assert rows["Cờ UBND"].rejected == 1
    assert sum(r.pending for r in stats.nominations) == 1
    assert stats.years[-1] == 2020
    assert len(stats.years) == 10
    assert sum(sum(r.counts) for r in stats.per_year) == 3


def test_another_province_never_counts(world):
    foreign = AwardType.objects.get(province=world.foreign_province, key="co-thi-dua-tinh")
    enter_award(
        world.foreign_agency,
        actor=world.users["foreign_board"],
        award_type=foreign,
        year=2020,
        decision_number="Số 1",
        decision_date=datetime.date(2021, 1, 5),
        issuer="UBND",
    )
    assert statistics.province_statistics(world.province, 2020).total == 0


def test_inline_charts_carry_no_script_and_no_style(world):
    _decided(world, world.head)
    stats = statistics.province_statistics(world.province, 2020)
    for chart in (
        statistics.by_bloc_chart(stats),
        statistics.nominations_chart(stats),
        statistics.years_chart(stats),
    ):
        svg = charts.inline(chart, "chart-x", "Biểu đồ")
        assert svg.startswith("<svg")
        assert "<script" not in svg
        assert "<style" not in svg
        assert not re.search(r"\sstyle=", svg)
        assert 'aria-label="Biểu đồ"' in svg


def test_the_static_stylesheet_is_in_step_with_the_charts():
    from pathlib import Path

    from django.conf import settings

    path = Path(settings.BASE_DIR) / "static" / "css" / "charts.css"
    assert path.read_text() == charts.stylesheet(), "regenerate static/css/charts.css"


def test_the_statistics_page_and_its_query_budget(world, client_for):
    client = client_for("board")
    url = reverse("awards:statistics") + "?year=2020"
    _decided(world, world.head)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 3
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>")[0]
    for i in range(8):
        bloc = BlocFactory(province=world.province, name=f"Khối thêm {i}")
        bloc_year = BlocYearFactory(bloc=bloc, year=2020)
        agency = AgencyFactory(province=world.province)
        MembershipFactory(bloc_year=bloc_year, agency=agency)
        enter_award(
            agency,
            actor=world.users["board"],
            award_type=None,
            award_name="Bằng khen của Bộ",
            year=2015 + i % 6,
            decision_number=f"Số {i}",
            decision_date=datetime.date(2021, 1, 5),
            issuer="Bộ",
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize("year", ["abc", "0", "99999", ""])
def test_a_bad_year_shows_last_year(world, client_for, year):
    response = client_for("board").get(reverse("awards:statistics"), {"year": year})
    assert response.status_code == 200


def test_the_xlsx_export_holds_values_not_formulas(world, client_for):
    _decided(world, world.head)
    enter_award(
        world.member,
        actor=world.users["board"],
        award_type=None,
        award_name="=HYPERLINK(1)",
        year=2020,
        decision_number="Số 3",
        decision_date=datetime.date(2021, 1, 5),
        issuer="Bộ",
    )
    response = client_for("board").get(reverse("awards:statistics_xlsx") + "?year=2020")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert "Khối thi đua số 6" in values
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


def test_the_statistics_pdf_has_the_tables_and_charts(world, tmp_path):
    _decided(world, world.head)
    kind = get_kind("award_statistics")
    document = kind.build(world.province, {"year": 2020})
    pdf = render_document(kind, document)
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "Khối thi đua số 6" in flat, text
    assert "Cờ UBND" in flat
    assert "Đề nghị và quyết định khen thưởng" in flat


def test_the_agency_trend(ranked, client_for):
    world = ranked
    points = statistics_scores.agency_trend(world.head, [2018, 2019, 2020])
    assert [(p.year, p.rank) for p in points] == [(2019, 2), (2020, 1)]
    assert points[1].total == 97
    response = client_for("member").get(reverse("awards:agency_trend", args=[world.head.pk]))
    assert response.status_code == 200
    assert "<svg" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [("board", {200, 302}), ("member", {403}), ("foreign_board", {404}), ("no_role", {404})],
)
def test_the_statistics_pdf_is_the_board_s(world, client_for, role, expected):
    url = reverse("reports:request", kwargs={"kind": "award_statistics", "pk": world.province.pk})
    assert client_for(role).post(url, {"year": "2020"}).status_code in expected


def test_the_package_documents_are_never_served_through_reports(world, client_for):
    url = reverse("reports:request", kwargs={"kind": "award_package_part", "pk": 1})
    assert client_for("board").post(url).status_code == 404


def test_blocs_compared_by_their_year_end_scores(ranked, client_for):
    rows = statistics_scores.bloc_scores(ranked.province, 2020)
    assert [(r.name, r.members, r.best, r.lowest) for r in rows] == [
        ("Khối thi đua số 6", 3, 97, 90)
    ]
    assert rows[0].average == Decimal("94.33")
    response = client_for("board").get(reverse("awards:statistics") + "?year=2020")
    html = response.content.decode()
    assert 'id="bloc-scores"' in html
    assert 'id="chart-bloc-scores"' in html


def test_blocs_compared_are_counted_once_while_their_scores_are_unchanged(ranked, monkeypatch):
    """The totals are kept in the cache for the rounds' state (core.cache): the next reader gets
    them without reading every score, and any change of a score shows at once."""
    from django.db.models import F

    from meetings.models import Score

    made = []
    make = statistics_scores._round_totals
    monkeypatch.setattr(
        statistics_scores, "_round_totals", lambda *args: made.append(1) or make(*args)
    )
    first = statistics_scores.bloc_scores(ranked.province, 2020)
    assert statistics_scores.bloc_scores(ranked.province, 2020) == first
    assert len(made) == 1

    head = Score.objects.filter(
        assessment__round__meeting__bloc_year=ranked.bloc_year, assessment__agency=ranked.head
    )
    Score.objects.filter(pk=head.first().pk).update(
        **{
            f"{column}_points": F(f"{column}_points") - 1
            for column in ("self", "checked", "agreed")
        }
    )  # written outside the services: no version, no updated_at

    (row,) = statistics_scores.bloc_scores(ranked.province, 2020)
    assert len(made) == 2
    assert row.best == 96  # the head's 97 is now 96


def test_blocs_compared_after_the_minutes_are_final_read_no_score(ranked):
    """A meeting's finalised minutes freeze its scores: its round's state is that fact, and the
    statistics page no longer reads the scores' aggregate on every view."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from meetings.models import Meeting, Minutes

    first = statistics_scores.bloc_scores(ranked.province, 2020)
    for meeting in Meeting.objects.filter(bloc_year=ranked.bloc_year):
        Minutes.objects.create(
            meeting=meeting, number="01/BB-KTĐ", content={}, finalised_at=timezone.now()
        )
    statistics_scores.bloc_scores(ranked.province, 2020)  # the new state: counted once more

    with CaptureQueriesContext(connection) as queries:
        assert statistics_scores.bloc_scores(ranked.province, 2020) == first
    assert not [q for q in queries if "meetings_score" in q["sql"]]
