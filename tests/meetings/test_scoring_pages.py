"""The scoring pages (mb): the round, an assessment's grid saved cell by cell (htmx), evidence
files, the secretariat's grid, the ranking; bad input gives a message or 403/404, never a 500."""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Assessment, AssessmentStatus, Comment, Evidence, Score
from tests.factories import AgencyOfficerFactory, FinalMinutesFactory, MembershipFactory
from tests.pledges.pages import minimal_pdf

from .scoring_setup import criterion_ids, fill_self, midyear, open_round, pledge_in_force

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def scoring_round(world):
    return open_round(world)


def _own(scoring_round, world):
    return scoring_round.assessments.get(agency=world.member)


def test_the_secretariat_opens_scoring_from_the_meeting(world, client_for):
    pledge_in_force(world.bloc_year)
    meeting = midyear(world.bloc_year)
    client = client_for("secretariat")

    page = client.get(reverse("meetings:scoring", args=[meeting.pk]))
    assert b'id="open-scoring"' in page.content
    response = client.post(reverse("meetings:scoring_open", args=[meeting.pk]))

    assert response.status_code == 302
    assert Assessment.objects.filter(round__meeting=meeting).count() == 3
    page = client.get(reverse("meetings:scoring", args=[meeting.pk]))
    assert b'id="assessments"' in page.content


def test_without_a_pledge_the_scoring_page_says_what_to_do(world, client_for):
    meeting = midyear(world.bloc_year)

    page = client_for("secretariat").get(reverse("meetings:scoring", args=[meeting.pk]))

    assert b'id="cannot-open"' in page.content
    assert b'id="open-scoring"' not in page.content


def test_a_cell_saves_on_its_own_and_answers_the_row_and_totals(world, client_for, scoring_round):
    assessment = _own(scoring_round, world)
    first = criterion_ids(scoring_round)[0]
    url = reverse("meetings:assessment_cell", args=[assessment.pk])

    response = client_for("member").post(
        url,
        {"criterion": first, "column": "self", "points": "7,5", "note": "BC 12", "version": 0},
        **HX,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="criterion-{first}"' in html
    assert 'hx-swap-oob="true"' in html
    assert 'id="self-total">7,5<' in html
    assert Score.objects.get(assessment=assessment, criterion_id=first).self_points == D("7.5")


@pytest.mark.parametrize("points", ["11", "-1", "abc", "1e400", "NaN", "Infinity", "7,3", "9" * 40])
def test_bad_points_give_a_message_next_to_the_field(world, client_for, scoring_round, points):
    assessment = _own(scoring_round, world)
    first = criterion_ids(scoring_round)[0]

    response = client_for("member").post(
        reverse("meetings:assessment_cell", args=[assessment.pk]),
        {"criterion": first, "column": "self", "points": points, "version": 0},
        **HX,
    )

    assert response.status_code == 200
    assert b'role="alert"' in response.content
    assert b'aria-invalid="true"' in response.content
    assert Score.objects.get(assessment=assessment, criterion_id=first).self_points is None


@pytest.mark.parametrize(
    "data",
    [
        {"criterion": "999999", "column": "self", "points": "1", "version": "0"},
        {"criterion": "x", "column": "self", "points": "1", "version": "0"},
        {"column": "self", "points": "1"},
        {"criterion": "1000", "column": "bogus", "points": "1", "version": "0"},
        {"criterion": "1000", "column": "self", "points": "1", "version": "-5"},
        {"criterion": "1000", "column": "self", "points": "1", "version": "99999999999999"},
    ],
)
def test_tampered_cells_are_refused_without_a_500(world, client_for, scoring_round, data):
    assessment = _own(scoring_round, world)
    client = client_for("member")
    url = reverse("meetings:assessment_cell", args=[assessment.pk])

    assert client.post(url, data, **HX).status_code in (200, 403)
    assert client.post(url, data).status_code in (302, 403)
    assert not Score.objects.filter(assessment=assessment, self_points__isnull=False).exists()


def test_another_agencys_assessment_is_not_found(world, client_for, scoring_round):
    head = scoring_round.assessments.get(agency=world.head)
    first = criterion_ids(scoring_round)[0]
    client = client_for("member")

    assert client.get(reverse("meetings:assessment", args=[head.pk])).status_code == 404
    response = client.post(
        reverse("meetings:assessment_cell", args=[head.pk]),
        {"criterion": first, "column": "self", "points": "5", "version": 0},
    )
    assert response.status_code == 404


def test_the_overseer_reads_and_comments_but_changes_nothing(world, client_for, scoring_round):
    assessment = _own(scoring_round, world)
    first = criterion_ids(scoring_round)[0]
    client = client_for("overseer")

    assert client.get(assessment.get_absolute_url()).status_code == 200
    cell = client.post(
        reverse("meetings:assessment_cell", args=[assessment.pk]),
        {"criterion": first, "column": "self", "points": "5", "version": 0},
    )
    assert cell.status_code == 403
    client.post(
        reverse("meetings:assessment_comment", args=[assessment.pk]),
        {"text": "Đề nghị bổ sung minh chứng"},
    )
    assert Comment.objects.get().text == "Đề nghị bổ sung minh chứng"
    page = client_for("member").get(assessment.get_absolute_url())
    assert "Đề nghị bổ sung minh chứng" in page.content.decode()


def test_evidence_is_checked_stored_and_served_only_through_access(
    world, client_for, scoring_round
):
    assessment = _own(scoring_round, world)
    first = criterion_ids(scoring_round)[0]
    client = client_for("member")
    url = reverse("meetings:evidence_upload", args=[assessment.pk])

    for upload in (
        SimpleUploadedFile("bao-cao.pdf", minimal_pdf(), content_type="application/pdf"),
        SimpleUploadedFile("anh.png", minimal_pdf(), content_type="image/png"),  # a PDF
        SimpleUploadedFile("script.html", b"<script>", content_type="text/html"),
        SimpleUploadedFile("gia.pdf", b"%PDF-1.4\n<html>", content_type="application/pdf"),
    ):
        client.post(url, {"criterion": first, "file": upload})
    client.post(
        url, {"criterion": 999_999, "file": SimpleUploadedFile("x.pdf", minimal_pdf())}
    )  # not in the snapshot

    evidence = Evidence.objects.get()
    assert (evidence.name, evidence.content_type, evidence.criterion_id) == (
        "bao-cao.pdf",
        "application/pdf",
        first,
    )
    download = client.get(reverse("meetings:evidence", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert (
        client_for("other_bloc_member")
        .get(reverse("meetings:evidence", args=[evidence.pk]))
        .status_code
        == 404
    )
    assert (
        client_for("secretariat").get(reverse("meetings:evidence", args=[evidence.pk])).status_code
        == 200
    )


def test_evidence_too_large_is_refused(world, client_for, scoring_round, settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 100
    assessment = _own(scoring_round, world)
    response = client_for("member").post(
        reverse("meetings:evidence_upload", args=[assessment.pk]),
        {
            "criterion": criterion_ids(scoring_round)[0],
            "file": SimpleUploadedFile("bao-cao.pdf", minimal_pdf()),
        },
        follow=True,
    )
    assert "100" in response.content.decode()
    assert not Evidence.objects.exists()


def test_submit_and_return_through_the_pages(world, client_for, scoring_round):
    assessment = _own(scoring_round, world)
    fill_self(assessment, world.users["member"], submit=False)

    client_for("member").post(reverse("meetings:assessment_submit", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert (
        client_for("member")
        .post(reverse("meetings:assessment_return", args=[assessment.pk]), {"reason": "x"})
        .status_code
        == 403
    )
    client_for("secretariat").post(
        reverse("meetings:assessment_return", args=[assessment.pk]), {"reason": "Thiếu số liệu"}
    )
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RETURNED
    page = client_for("member").get(assessment.get_absolute_url())
    assert "Thiếu số liệu" in page.content.decode()


def test_the_grid_edits_checked_points_in_place(world, client_for, scoring_round):
    assessment = _own(scoring_round, world)
    fill_self(assessment, world.users["member"])
    first = criterion_ids(scoring_round)[0]
    client = client_for("secretariat")

    page = client.get(reverse("meetings:grid", args=[scoring_round.meeting.pk]))
    assert page.status_code == 200
    assert f'id="cell-{assessment.pk}-{first}"'.encode() in page.content
    response = client.post(
        reverse("meetings:grid_cell", args=[scoring_round.meeting.pk]),
        {
            "assessment": assessment.pk,
            "criterion": first,
            "column": "checked",
            "points": "6",
            "version": 0,
        },
        **HX,
    )
    assert response.status_code == 200
    assert f'id="total-{assessment.pk}"'.encode() in response.content
    assert Score.objects.get(assessment=assessment, criterion_id=first).checked_points == D(6)
    stale = client.post(
        reverse("meetings:grid_cell", args=[scoring_round.meeting.pk]),
        {
            "assessment": assessment.pk,
            "criterion": first,
            "column": "checked",
            "points": "5",
            "version": 0,
        },
        **HX,
    )
    assert "6" in stale.content.decode()
    assert b'role="alert"' in stale.content
    assert Score.objects.get(assessment=assessment, criterion_id=first).checked_points == D(6)


def test_the_grid_refuses_an_assessment_of_another_meeting(world, client_for, scoring_round):
    other = open_round_elsewhere(world)
    response = client_for("secretariat").post(
        reverse("meetings:grid_cell", args=[scoring_round.meeting.pk]),
        {"assessment": other.pk, "criterion": 1000, "column": "checked", "points": "5"},
    )
    assert response.status_code == 404
    for bad in ("x", "", "-1", "1" * 30):
        response = client_for("secretariat").post(
            reverse("meetings:grid_cell", args=[scoring_round.meeting.pk]),
            {"assessment": bad, "criterion": 1000, "column": "checked", "points": "5"},
        )
        assert response.status_code == 404


def open_round_elsewhere(world):
    from meetings.services import scoring
    from tests.factories import BlocYearFactory, MeetingFactory

    bloc_year = BlocYearFactory(bloc=world.other_bloc, year=2021)
    MembershipFactory(bloc_year=bloc_year, agency=world.other_agency)
    pledge_in_force(bloc_year)
    meeting = midyear(bloc_year) or MeetingFactory(bloc_year=bloc_year)
    return scoring.open_round(meeting, actor=world.users["board"]).assessments.get()


def _big_round(world, agencies: int, sections: int, per_section: int):
    for index in range(agencies - 3):
        MembershipFactory(bloc_year=world.bloc_year, agency__name=f"Sở số {index}")
    round_ = open_round(world, sections=sections, per_section=per_section)
    Score.objects.filter(assessment__round=round_).update(self_points=D(5), checked_points=D(4))
    Assessment.objects.filter(round=round_).update(status=AssessmentStatus.SUBMITTED)
    return round_


@pytest.mark.parametrize("size", [(3, 1, 2), (15, 6, 10)])
def test_the_grid_runs_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries, size
):
    round_ = _big_round(world, *size)
    client = client_for("board")
    url = reverse("meetings:grid", args=[round_.meeting.pk])

    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [(3, 1, 2), (15, 6, 10)])
def test_the_ranking_and_round_pages_run_a_fixed_number_of_queries(
    world, client_for, django_assert_max_num_queries, size
):
    round_ = _big_round(world, *size)
    client = client_for("board")

    with django_assert_max_num_queries(12):
        assert client.get(reverse("meetings:ranking", args=[round_.meeting.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("meetings:scoring", args=[round_.meeting.pk])).status_code == 200
    assessment = round_.assessments.first()
    with django_assert_max_num_queries(14):
        assert client.get(assessment.get_absolute_url()).status_code == 200


def test_the_ranking_page_shows_ties_bands_and_the_leading_unit(world, client_for, scoring_round):
    for agency, user in (
        (world.member, world.users["member"]),
        (world.head, world.users["secretariat"]),
        (world.deputy, AgencyOfficerFactory(agency=world.deputy)),
    ):
        assessment = scoring_round.assessments.get(agency=agency)
        fill_self(assessment, user, "9" if agency == world.member else "8")

    page = client_for("member").get(reverse("meetings:ranking", args=[scoring_round.meeting.pk]))

    html = page.content.decode()
    assert "Thanh tra tỉnh" in html
    assert 'id="leading"' in html
    assert html.count("(") >= 1
    client_for("secretariat").post(
        reverse("meetings:scoring_agree", args=[scoring_round.meeting.pk])
    )
    assert not Score.objects.filter(
        assessment__round=scoring_round, agreed_points__isnull=True
    ).exists()


def test_after_final_minutes_the_pages_offer_no_edits(world, client_for, scoring_round):
    assessment = _own(scoring_round, world)
    FinalMinutesFactory(meeting=scoring_round.meeting)

    page = client_for("member").get(assessment.get_absolute_url())
    assert b'name="points"' not in page.content
    grid = client_for("secretariat").get(reverse("meetings:grid", args=[scoring_round.meeting.pk]))
    assert b'name="points"' not in grid.content


def test_a_vote_breaks_a_tie_left_by_the_other_tie_breaks(world, client_for, scoring_round):
    for agency, user in (
        (world.member, world.users["member"]),
        (world.head, world.users["secretariat"]),
        (world.deputy, AgencyOfficerFactory(agency=world.deputy)),
    ):
        fill_self(scoring_round.assessments.get(agency=agency), user, "8")
    url = reverse("meetings:ranking", args=[scoring_round.meeting.pk])
    client = client_for("secretariat")
    assert b'id="tie-votes"' in client.get(url).content

    for bad in ("-1", "x", "1000"):
        client.post(
            reverse("meetings:tie_votes", args=[scoring_round.meeting.pk]),
            {f"vote_{world.member.pk}": bad},
        )
        scoring_round.refresh_from_db()
        assert scoring_round.tie_votes == {}
    client.post(
        reverse("meetings:tie_votes", args=[scoring_round.meeting.pk]),
        {f"vote_{world.member.pk}": "3", f"vote_{world.head.pk}": "1"},
    )

    from meetings.services.ranking import rank_round

    scoring_round.refresh_from_db()
    rows = rank_round(scoring_round).rows
    assert rows[0].totals.agency_id == world.member.pk
    assert not rows[0].tied
    assert rows[0].rank == 1


def test_word_and_excel_evidence_several_per_criterion_and_removal(
    world, client_for, scoring_round
):
    from tests.security.test_uploads import _docx, _xlsx

    assessment = _own(scoring_round, world)
    first = criterion_ids(scoring_round)[0]
    client = client_for("member")
    url = reverse("meetings:evidence_upload", args=[assessment.pk])
    for name, content in (("ke-hoach.docx", _docx()), ("so-lieu.xlsx", _xlsx())):
        client.post(url, {"criterion": first, "file": SimpleUploadedFile(name, content)})

    kept = Evidence.objects.filter(assessment=assessment, criterion_id=first)
    assert sorted(kept.values_list("name", flat=True)) == ["ke-hoach.docx", "so-lieu.xlsx"]
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "ke-hoach.docx" in page
    assert "so-lieu.xlsx" in page

    removed = kept.get(name="ke-hoach.docx")
    assert (
        client_for("secretariat")
        .post(reverse("meetings:evidence_remove", args=[removed.pk]))
        .status_code
        == 403
    )
    client_for("member").post(reverse("meetings:evidence_remove", args=[removed.pk]))
    assert list(kept.values_list("name", flat=True)) == ["so-lieu.xlsx"]


def test_in_cross_scoring_the_checking_agencys_officer_checks_on_the_assessment_page(
    world, client_for
):
    round_ = open_round(world, checking="cross")
    checked = round_.assessments.get(checker=world.member)  # the member checks one agency
    officer = AgencyOfficerFactory(agency=checked.agency)
    fill_self(checked, officer)
    first = criterion_ids(round_)[0]
    client = client_for("member")

    page = client.get(checked.get_absolute_url())
    assert page.status_code == 200
    assert f'id="checked-{first}"'.encode() in page.content
    assert f'id="self-{first}"'.encode() not in page.content
    client.post(
        reverse("meetings:assessment_cell", args=[checked.pk]),
        {"criterion": first, "column": "checked", "points": "7", "note": "Đối chiếu", "version": 0},
        **HX,
    )
    score = Score.objects.get(assessment=checked, criterion_id=first)
    assert (score.checked_points, score.checked_note) == (D(7), "Đối chiếu")
    # The member may not enter the checked agency's self points.
    response = client.post(
        reverse("meetings:assessment_cell", args=[checked.pk]),
        {"criterion": first, "column": "self", "points": "1", "version": 1},
    )
    assert response.status_code == 403


def test_the_secretariat_turns_on_first_half_scoring_then_opens_it(world, client_for):
    pledge_in_force(world.bloc_year)
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(bloc_year=world.bloc_year)
    client = client_for("secretariat")
    page = client.get(reverse("meetings:scoring", args=[meeting.pk]))
    assert b'id="cannot-open"' in page.content
    assert b'id="review-settings"' in page.content

    for bad in ("bogus", ""):
        client.post(
            reverse("meetings:review_settings", args=[meeting.pk]),
            {"score_first_half": "on", "checking": bad},
        )
    client.post(
        reverse("meetings:review_settings", args=[meeting.pk]),
        {"score_first_half": "on", "checking": "cross"},
    )
    client.post(reverse("meetings:scoring_open", args=[meeting.pk]))

    assert meeting.scoring.checking == "cross"
    assert meeting.scoring.assessments.count() == 3
