"""The pages as board staff, agency officers and overseers use them."""

import unicodedata

import pytest
from django.urls import reverse

from blocs.models import Agency, BlocYear, MemberRole
from blocs.stages import STAGES
from tests.factories import AgencyFactory, BlocFactory

pytestmark = pytest.mark.django_db


def test_board_dashboard_lists_the_province_blocs_with_head_deputy_and_members(world, client_for):
    page = client_for("board").get(reverse("blocs:dashboard"), {"nam": 2020})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Khối thi đua số 6" in html
    assert "Khối thi đua số 1" in html
    assert "SXD" in html
    assert "Sở KH&amp;CN" in html
    assert "Khối Tham mưu - Tổng hợp" not in html  # another province
    row = next(r for r in page.context["rows"] if r.bloc == world.bloc)
    assert row.bloc_year.member_count == 3
    assert len(row.stages) == 4


def test_board_dashboard_heads_every_stage_column_when_the_first_bloc_has_no_year(
    world, client_for
):
    """The header comes from the stages, not from the first row: here the first bloc listed
    has not opened 2020, the others have (issue 10, usability 1)."""
    BlocFactory(province=world.province, name="Khối thi đua số 0")
    page = client_for("board").get(reverse("blocs:dashboard"), {"nam": 2020})
    assert page.context["rows"][0].bloc_year is None
    html = page.content.decode()
    header = html[html.index("<thead>") : html.index("</thead>")]
    for stage in STAGES:
        assert f'<th scope="col">{stage.label}</th>' in header
    assert header.count('<th scope="col"') == 4 + len(STAGES)
    # Every row spans the header's columns, the bloc without a year as well.
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    rows = body.split("</tr>")[:-1]
    assert len(rows) == 3
    assert all(_columns(row) == 4 + len(STAGES) for row in rows)


def _columns(row: str) -> int:
    """The columns a table row's cells span (head and deputy share one cell with colspan 3
    when the year is not opened)."""
    return row.count("<td") + row.count("<th") + 2 * row.count('colspan="3"')


def test_board_dashboard_offers_to_open_a_year_not_yet_opened(world, client_for):
    client = client_for("board")
    page = client.get(reverse("blocs:dashboard"), {"nam": 2021})
    assert {b.name for b in page.context["missing_year"]} == {
        "Khối thi đua số 6",
        "Khối thi đua số 1",
    }
    response = client.post(reverse("blocs:start_year_for_province"), {"year": 2021})
    assert response.status_code == 302
    assert BlocYear.objects.filter(year=2021, bloc__province=world.province).count() == 2


def test_agency_dashboard_shows_its_bloc_and_role(world, client_for):
    page = client_for("secretariat").get(reverse("blocs:dashboard"), {"nam": 2020})
    assert page.context["current"].bloc_year == world.bloc_year
    assert page.context["runs_bloc"] is True
    member_page = client_for("member").get(reverse("blocs:dashboard"), {"nam": 2020})
    assert member_page.context["runs_bloc"] is False


def test_agency_dashboard_says_when_the_agency_is_in_no_bloc(world, client_for):
    page = client_for("member").get(reverse("blocs:dashboard"), {"nam": 2023})
    assert page.context["current"] is None


def test_overseer_dashboard_lists_only_overseen_years(world, client_for):
    page = client_for("overseer").get(reverse("blocs:dashboard"))
    assert [by.pk for by in page.context["bloc_years"]] == [world.bloc_year.pk]


def test_bloc_detail_shows_members_and_history(world, client_for):
    client = client_for("board")
    BlocYear.objects.create(bloc=world.bloc, year=2019)
    page = client.get(reverse("blocs:bloc_year_detail", args=[world.bloc.pk, 2020]))
    assert [m.agency for m in page.context["members"]] == [world.head, world.deputy, world.member]
    assert [by.year for by in page.context["history"]] == [2020, 2019]
    assert "Phạm Khải Trung" in page.content.decode()


def test_member_sees_only_the_years_its_agency_was_in(world, client_for):
    BlocYear.objects.create(bloc=world.bloc, year=2019)
    client = client_for("member")
    assert (
        client.get(reverse("blocs:bloc_year_detail", args=[world.bloc.pk, 2019])).status_code == 404
    )
    page = client.get(reverse("blocs:bloc_year_detail", args=[world.bloc.pk, 2020]))
    assert [by.year for by in page.context["history"]] == [2020]


def test_bloc_detail_redirects_to_the_latest_visible_year(world, client_for):
    response = client_for("board").get(reverse("blocs:bloc_detail", args=[world.bloc.pk]))
    assert response["Location"] == world.bloc_year.get_absolute_url()


def test_creating_an_agency_with_a_taken_name_shows_a_message_next_to_the_field(world, client_for):
    typed = unicodedata.normalize("NFD", "THANH TRA TỈNH")
    response = client_for("board").post(
        reverse("blocs:agency_create"),
        {"name": typed, "short_name": "", "kind": "department", "is_active": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert Agency.objects.filter(province=world.province).count() == 4


def test_creating_an_agency_stores_nfc_in_the_board_province(world, client_for):
    typed = unicodedata.normalize("NFD", "Liên minh các Hợp tác xã tỉnh")
    response = client_for("board").post(
        reverse("blocs:agency_create"),
        {"name": typed, "short_name": "LM HTX", "kind": "mass", "is_active": "on"},
    )
    assert response.status_code == 302
    agency = Agency.objects.get(short_name="LM HTX")
    assert agency.name == "Liên minh các Hợp tác xã tỉnh"
    assert agency.province == world.province


def test_two_people_editing_the_same_agency_the_second_is_told(world, client_for):
    client = client_for("board")
    url = reverse("blocs:agency_edit", args=[world.member.pk])
    version = world.member.version
    data = {
        "short_name": "TTr",
        "kind": "department",
        "is_active": "on",
        "expected_version": version,
    }
    first = client.post(url, {**data, "name": "Thanh tra tỉnh Trà Vinh"})
    assert first.status_code == 302
    second = client.post(url, {**data, "name": "Thanh tra tỉnh (sửa lần hai)"})
    assert second.status_code == 200
    assert second.context["form"].non_field_errors()
    world.member.refresh_from_db()
    assert world.member.name == "Thanh tra tỉnh Trà Vinh"


def test_bloc_year_edit_changes_head_and_deputy(world, client_for):
    url = reverse("blocs:bloc_year_edit", args=[world.bloc.pk, 2020])
    response = client_for("board").post(
        url,
        {
            "overseer": world.official.pk,
            "head": world.member.pk,
            "deputy": world.head.pk,
            "expected_version": world.bloc_year.version,
        },
    )
    assert response.status_code == 302
    world.bloc_year.refresh_from_db()
    assert (world.bloc_year.head, world.bloc_year.deputy) == (world.member, world.head)


def test_bloc_year_edit_refuses_head_equal_to_deputy(world, client_for):
    url = reverse("blocs:bloc_year_edit", args=[world.bloc.pk, 2020])
    response = client_for("board").post(
        url,
        {
            "head": world.member.pk,
            "deputy": world.member.pk,
            "expected_version": world.bloc_year.version,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["deputy"]
    assert world.bloc_year.memberships.get(role=MemberRole.HEAD).agency == world.head


def test_bloc_year_edit_without_its_fields_clears_no_role(world, client_for):
    url = reverse("blocs:bloc_year_edit", args=[world.bloc.pk, 2020])
    world.bloc_year.overseer = world.official
    world.bloc_year.save()

    empty = client_for("board").post(url, {"expected_version": world.bloc_year.version})
    no_version = client_for("board").post(url, {"overseer": "", "head": "", "deputy": ""})

    assert empty.status_code == 200
    assert set(empty.context["form"].errors) == {"overseer", "head", "deputy"}
    assert no_version.status_code == 200
    assert no_version.context["form"].non_field_errors()
    world.bloc_year.refresh_from_db()
    assert world.bloc_year.overseer == world.official
    assert (world.bloc_year.head, world.bloc_year.deputy) == (world.head, world.deputy)


def test_bloc_year_edit_clears_a_role_chosen_as_none(world, client_for):
    url = reverse("blocs:bloc_year_edit", args=[world.bloc.pk, 2020])
    response = client_for("board").post(
        url,
        {
            "overseer": "",
            "head": world.head.pk,
            "deputy": "",
            "expected_version": world.bloc_year.version,
        },
    )
    assert response.status_code == 302
    world.bloc_year.refresh_from_db()
    assert (world.bloc_year.head, world.bloc_year.deputy) == (world.head, None)


def test_the_add_members_form_comes_when_its_section_is_opened(world, client_for):
    """The form lists every agency in no bloc that year: the bloc-year page loads it (htmx) when
    "Add members" is opened, and links to it for browsers without JavaScript."""
    free = AgencyFactory(province=world.province, name="Sở Tài chính")
    client = client_for("board")
    url = reverse("blocs:members_add", args=[world.bloc.pk, 2020])
    page = client.get(reverse("blocs:bloc_year_detail", args=[world.bloc.pk, 2020]))
    html = page.content.decode()
    assert f'hx-get="{url}"' in html
    assert f'<a href="{url}">' in html
    assert "Sở Tài chính" not in html
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith(f'<form method="post" action="{url}">')
    assert f'<option value="{free.pk}">Sở Tài chính</option>' in fragment
    assert client.post(url, {"agencies": [free.pk]}).status_code == 302
    assert world.bloc_year.memberships.filter(agency=free).exists()


def test_readers_are_not_offered_to_add_members(world, client_for):
    page = client_for("member").get(reverse("blocs:bloc_year_detail", args=[world.bloc.pk, 2020]))
    assert reverse("blocs:members_add", args=[world.bloc.pk, 2020]) not in page.content.decode()


def test_adding_a_member_from_another_bloc_is_not_offered(world, client_for):
    url = reverse("blocs:members_add", args=[world.bloc.pk, 2020])
    response = client_for("board").post(url, {"agencies": [world.other_agency.pk]})
    assert response.status_code == 200
    assert response.context["form"].errors["agencies"]
    assert world.bloc_year.memberships.count() == 3


def test_removing_a_member_asks_for_confirmation_first(world, client_for):
    client = client_for("board")
    url = reverse("blocs:member_remove", args=[world.membership.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Thanh tra tỉnh" in page.content.decode()
    assert world.bloc_year.memberships.count() == 3
    assert client.post(url).status_code == 302
    assert world.bloc_year.memberships.count() == 2


def test_start_next_year_asks_then_copies(world, client_for):
    client = client_for("board")
    url = reverse("blocs:start_new_year", args=[world.bloc.pk])
    assert client.get(url).status_code == 200
    assert not BlocYear.objects.filter(bloc=world.bloc, year=2021).exists()
    response = client.post(url)
    new = BlocYear.objects.get(bloc=world.bloc, year=2021)
    assert response["Location"] == new.get_absolute_url()
    assert new.memberships.count() == 3


def test_opening_a_year_twice_shows_a_message(world, client_for):
    response = client_for("board").post(
        reverse("blocs:bloc_year_create", args=[world.bloc.pk]), {"year": 2020}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["year"]


def test_agency_detail_lists_its_blocs_over_the_years(world, client_for):
    page = client_for("board").get(reverse("blocs:agency_detail", args=[world.head.pk]))
    assert [m.bloc_year for m in page.context["memberships"]] == [world.bloc_year]
    assert list(page.context["officers"]) == [world.users["secretariat"]]


def test_agency_list_searches_by_name_and_paginates(world, client_for):
    page = client_for("board").get(reverse("blocs:agency_list"), {"q": "thanh tra"})
    assert [a.name for a in page.context["page"].object_list] == ["Thanh tra tỉnh"]


def test_agency_list_of_a_member_shows_only_fellow_members(world, client_for):
    page = client_for("member").get(reverse("blocs:agency_list"))
    names = {a.name for a in page.context["page"].object_list}
    assert names == {"Sở Xây dựng", "Sở Khoa học và Công nghệ", "Thanh tra tỉnh"}


def test_agency_search_ignores_case_and_diacritic_composition(world, client_for):
    typed = unicodedata.normalize("NFD", "SỞ KHOA HỌC")
    page = client_for("board").get(reverse("blocs:agency_list"), {"q": typed})
    assert [a.name for a in page.context["page"].object_list] == ["Sở Khoa học và Công nghệ"]


def test_agency_search_by_htmx_returns_only_the_results(world, client_for):
    response = client_for("board").get(
        reverse("blocs:agency_list"), {"q": "tra"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="agency-results"')
    assert "Thanh tra tỉnh" in html
    assert "<html" not in html
