"""After a merger (Quảng Bình into Quảng Trị from 01/07/2025) the history of the merged province
is read through the new one: its former board staff (moved) and the new board see it, its
officers still see their blocs, and every other province still gets 404 (nothing leaks)."""

import datetime

import pytest
from django.urls import reverse

from blocs import merger
from core.actors import SYSTEM
from reports import services as reports
from tests.factories import BoardStaffFactory

from ..mergers import EFFECTIVE, open_pledge, provinces_to_merge

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404


@pytest.fixture
def merged(world):
    m = provinces_to_merge()
    pledge = open_pledge(m.year_2016, m.old_board, datetime.date(2016, 1, 20))
    merger.merge_provinces(m.into, m.merged, effective=EFFECTIVE, actor=SYSTEM, rename_clashes=True)
    for user in (m.old_board, m.officer):
        user.refresh_from_db()
    users = {
        "old_board": m.old_board,
        "new_board": m.new_board,
        "officer": m.officer,
        "foreign_board": world.users["foreign_board"],  # Bình Định
        "other_board": world.users["board"],  # Trà Vinh
        "other_officer": world.users["member"],
    }
    return m, pledge, users


# url -> expected status for: old_board, new_board, officer, foreign_board, other_board,
# other_officer
PAGES = {
    "bloc_year_2016": (OK, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "bloc_year_edit_2016": (OK, OK, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "pledge": (OK, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "year_pledge": (REDIRECT, REDIRECT, REDIRECT, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "agency": (OK, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "merged_province": (OK, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "merged_province_edit": (OK, OK, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
}
ROLES = ("old_board", "new_board", "officer", "foreign_board", "other_board", "other_officer")


def _url(name, m, pledge):
    return {
        "bloc_year_2016": reverse("blocs:bloc_year_detail", args=[m.bloc.pk, 2016]),
        "bloc_year_edit_2016": reverse("blocs:bloc_year_edit", args=[m.bloc.pk, 2016]),
        "pledge": reverse("pledges:pledge", args=[pledge.pk]),
        "year_pledge": reverse("pledges:bloc_year_pledge", args=[m.bloc.pk, 2016]),
        "agency": reverse("blocs:agency_detail", args=[m.head.pk]),
        "merged_province": reverse("blocs:province_detail", args=[m.merged.pk]),
        "merged_province_edit": reverse("blocs:province_edit", args=[m.merged.pk]),
    }[name]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_merged_provinces_history_is_read_through_the_new_province(name, merged, client):
    m, pledge, users = merged
    url = _url(name, m, pledge)
    got = {}
    for role in ROLES:
        client.force_login(users[role])
        got[role] = client.get(url).status_code
    assert got == dict(zip(ROLES, PAGES[name], strict=True)), url


def test_the_pledge_history_is_still_shown_from_the_new_province(merged, client):
    _m, pledge, users = merged
    client.force_login(users["new_board"])

    page = client.get(reverse("pledges:pledge", args=[pledge.pk])).text

    # The opening, recorded in Quảng Bình's change log before the merger.
    assert "Mở ký: " in page


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("old_board", OK),
        ("new_board", OK),
        ("officer", FORBIDDEN),
        ("foreign_board", NOT_FOUND),
        ("other_board", NOT_FOUND),
    ],
)
def test_the_merged_provinces_list_of_blocs_goes_to_the_new_board_only(
    merged, client, role, expected
):
    m, _pledge, users = merged
    client.force_login(users[role])

    response = client.post(
        reverse("reports:request", args=["province_blocs", m.merged.pk]), {"year": 2016}
    )

    assert (response.status_code == 302) == (expected == OK), response.status_code
    if expected != OK:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ["foreign_board", "other_board", "other_officer"])
def test_other_provinces_documents_of_the_merged_years_are_refused(merged, role):
    from django.http import Http404

    m, pledge, users = merged
    for kind, subject in (("bloc_roster", m.year_2016.pk), ("pledge", pledge.pk)):
        with pytest.raises(Http404):
            reports.request_report(kind, subject, {}, users[role])


def test_lists_of_other_provinces_show_nothing_of_the_merged_one(merged, client):
    _m, _pledge, users = merged
    client.force_login(users["foreign_board"])

    for url in (
        reverse("blocs:bloc_list") + "?nam=2016",
        reverse("blocs:dashboard") + "?nam=2016",
        reverse("blocs:agency_list"),
        reverse("accounts:user_list"),
    ):
        page = client.get(url).text
        assert "Khối thi đua các ban Đảng" not in page, url
        assert "Ban Nội chính" not in page, url
        assert "Quảng Bình" not in page, url


def test_a_board_officer_of_another_merger_sees_only_its_own_lineage(merged, client, world):
    """Bình Định merged into Trà Vinh: Trà Vinh's board sees Bình Định's history, not Quảng
    Bình's."""
    m, _pledge, _users = merged
    merger.merge_provinces(
        world.province, world.foreign_province, effective=EFFECTIVE, actor=SYSTEM
    )
    tra_vinh_board = BoardStaffFactory(province=world.province)
    client.force_login(tra_vinh_board)

    assert client.get(reverse("blocs:province_detail", args=[m.merged.pk])).status_code == 404
    assert (
        client.get(reverse("blocs:province_detail", args=[world.foreign_province.pk])).status_code
        == 200
    )
    assert client.get(reverse("blocs:bloc_year_detail", args=[m.bloc.pk, 2016])).status_code == 404
