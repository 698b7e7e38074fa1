"""The board's pages: the inbox (filters, counts, a query budget that does not grow with rows),
the nomination page with its checklist, and the review steps through the pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AwardRecord, Decision, Nomination, NominationStatus
from tests.awards.conftest import add_dossier_file, submitted_nomination
from tests.factories import AgencyFactory, BlocYearFactory, MembershipFactory

S = NominationStatus


def _inbox(client, **params):
    return client.get(reverse("awards:board"), params)


def test_the_inbox_lists_and_counts_by_status(world, client_for):
    submitted_nomination(world.bloc_year, world.member)
    submitted_nomination(world.bloc_year, world.head, "bang-khen-tinh", status=S.UNDER_REVIEW)
    submitted_nomination(world.foreign_bloc_year, world.foreign_agency)
    client = client_for("board")
    response = _inbox(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thanh tra tỉnh" in html
    assert "Sở Xây dựng" in html
    assert world.foreign_agency.name not in html
    counts = {c.status: c.count for c in response.context["inbox"].counts}
    assert counts[S.SUBMITTED] == 1
    assert counts[S.UNDER_REVIEW] == 1

    response = _inbox(client, status=S.UNDER_REVIEW)
    rows = list(response.context["inbox"].page.object_list)
    assert [n.agency for n in rows] == [world.head]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "nonsense"},
        {"year": "99999"},
        {"year": "abc"},
        {"bloc": "abc"},
        {"award": "-1"},
        {"page": "999"},
        {"page": "x"},
    ],
)
def test_bad_filters_never_break_the_inbox(world, client_for, params):
    submitted_nomination(world.bloc_year, world.member)
    assert _inbox(client_for("board"), **params).status_code == 200


def test_a_filter_with_another_province_bloc_shows_nothing_of_it(world, client_for):
    submitted_nomination(world.foreign_bloc_year, world.foreign_agency)
    response = _inbox(client_for("board"), bloc=world.foreign_bloc.pk)
    assert response.status_code == 200
    assert world.foreign_agency.name not in response.content.decode()


def _nominations(world, n):
    for i in range(n):
        agency = AgencyFactory(province=world.province)
        bloc_year = BlocYearFactory(bloc=world.bloc, year=2000 + i) if i else world.bloc_year
        MembershipFactory(bloc_year=bloc_year, agency=agency)
        submitted_nomination(bloc_year, agency)


def test_the_inbox_query_count_does_not_grow_with_rows(world, client_for):
    client = client_for("board")
    _nominations(world, 2)
    with CaptureQueriesContext(connection) as few:
        assert _inbox(client).status_code == 200
    _nominations_more = 20
    for _i in range(_nominations_more):
        agency = AgencyFactory(province=world.province)
        MembershipFactory(bloc_year=world.bloc_year, agency=agency)
        submitted_nomination(world.bloc_year, agency, "bang-khen-tinh")
    with CaptureQueriesContext(connection) as many:
        assert _inbox(client).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(many) <= 12


def test_the_nomination_page_shows_the_checklist(world, client_for):
    nomination = submitted_nomination(world.bloc_year, world.member)
    add_dossier_file(nomination, "bao_cao_thanh_tich", world.users["secretariat"])
    response = client_for("board").get(reverse("awards:board_nomination", args=[nomination.pk]))
    assert response.status_code == 200
    lines = {line.key: line.present for line in response.context["page"].checklist}
    assert lines["bao_cao_thanh_tich"] is True
    assert lines["to_trinh"] is False
    assert response.context["page"].missing == len(lines) - 1
    assert 'id="start-review"' in response.content.decode()


def test_readers_see_the_nomination_without_actions(world, client_for):
    nomination = submitted_nomination(world.bloc_year, world.member)
    response = client_for("member").get(reverse("awards:board_nomination", args=[nomination.pk]))
    assert response.status_code == 200
    assert 'id="review-actions"' not in response.content.decode()


def test_the_review_through_the_pages(world, client_for):
    nomination = submitted_nomination(world.bloc_year, world.member)
    client = client_for("board")
    page = reverse("awards:board_nomination", args=[nomination.pk])
    response = client.post(
        reverse("awards:board_start", args=[nomination.pk]), {"expected_status": S.SUBMITTED}
    )
    assert response.status_code == 302
    assert response.url == page
    # A second click from the same (stale) page is told, not applied twice.
    response = client.post(
        reverse("awards:board_start", args=[nomination.pk]),
        {"expected_status": S.SUBMITTED},
        follow=True,
    )
    assert "Reload the page" in response.content.decode() or "Tải lại" in response.content.decode()

    decide = reverse("awards:board_decide", args=[nomination.pk])
    form = client.get(decide)
    assert form.status_code == 200
    data = {
        "expected_status": S.UNDER_REVIEW,
        "award_type": nomination.award_type_id,
        "number": "Số 123/QĐ-UBND",
        "date": "01/02/2021",
        "issuer": "Chủ tịch UBND tỉnh Trà Vinh",
    }
    # Without the confirmation nothing is recorded.
    assert client.post(decide, data).status_code == 200
    assert not Decision.objects.exists()
    # Without a number: a message, nothing recorded.
    response = client.post(decide, {**data, "number": "", "confirm": "on"})
    assert response.status_code == 200
    assert not Decision.objects.exists()
    response = client.post(decide, {**data, "confirm": "on"})
    assert response.status_code == 302
    assert Nomination.objects.get(pk=nomination.pk).status == S.DECIDED
    assert AwardRecord.objects.filter(agency=world.member, year=2020).exists()
    # Deciding a decided one: told, never 500.
    response = client.post(decide, {**data, "number": "Số 2", "confirm": "on"})
    assert response.status_code == 302
    assert Decision.objects.count() == 1
    # The agency's page shows the award.
    agency_page = client.get(reverse("blocs:agency_detail", args=[world.member.pk]))
    assert "Số 123/QĐ-UBND" in agency_page.content.decode()


def test_return_through_the_page_needs_a_reason(world, client_for):
    nomination = submitted_nomination(world.bloc_year, world.member)
    client = client_for("board")
    url = reverse("awards:board_return", args=[nomination.pk])
    response = client.post(url, {"reason": "", "expected_status": S.SUBMITTED})
    assert response.status_code == 200
    assert Nomination.objects.get(pk=nomination.pk).status == S.SUBMITTED
    response = client.post(url, {"reason": "Thiếu hồ sơ", "expected_status": S.SUBMITTED})
    assert response.status_code == 302
    assert Nomination.objects.get(pk=nomination.pk).status == S.RETURNED


def test_another_province_nomination_is_404_for_the_board(world, client_for):
    nomination = submitted_nomination(world.foreign_bloc_year, world.foreign_agency)
    client = client_for("board")
    for name in ("board_nomination", "board_return", "board_decide", "board_reject"):
        assert client.get(reverse(f"awards:{name}", args=[nomination.pk])).status_code == 404
    for name in ("board_start", "board_send"):
        assert client.post(reverse(f"awards:{name}", args=[nomination.pk])).status_code == 404
    assert Nomination.objects.get(pk=nomination.pk).status == S.SUBMITTED


def test_the_bloc_list_leads_the_board_to_its_inbox_and_statistics(world, client_for):
    html = client_for("board").get(reverse("blocs:bloc_list")).content.decode()
    assert 'id="award-inbox"' in html
    assert 'id="award-statistics"' in html
    html = client_for("member").get(reverse("blocs:bloc_list")).content.decode()
    assert 'id="award-inbox"' not in html


def test_the_agency_page_leads_to_its_score_trend(world, client_for):
    html = client_for("member").get(reverse("blocs:agency_detail", args=[world.member.pk]))
    assert 'id="score-trend"' in html.content.decode()


def test_htmx_steps_answer_with_the_review_panel(world, client_for):
    nomination = submitted_nomination(world.bloc_year, world.member)
    client = client_for("board")
    url = reverse("awards:board_start", args=[nomination.pk])
    response = client.post(url, {"expected_status": S.SUBMITTED}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="review-panel">')
    assert 'data-status="under_review"' in html
    assert "<html" not in html
    # The same click again, from the stale page: told in the panel, nothing applied twice.
    response = client.post(url, {"expected_status": S.SUBMITTED}, HTTP_HX_REQUEST="true")
    assert 'role="alert"' in response.content.decode()
    assert Nomination.objects.get(pk=nomination.pk).version == nomination.version + 1
