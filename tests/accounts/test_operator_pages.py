"""The operator (superuser, every province, no province of its own) creates a province and invites
its first board staff from the app, and is offered nothing that would answer 403; its lists say
which province each row belongs to."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services
from accounts.models import Role, User
from blocs.models import Province
from tests.factories import (
    AgencyFactory,
    BlocYearFactory,
    BoardStaffFactory,
    MembershipFactory,
    OfficialFactory,
    ProvinceFactory,
)
from tests.security.pages import forms_in

LINK = re.compile(r"https?://\S+/tai-khoan/password/reset/key/\S+/")

NEW_PROVINCE = {
    "province-name": "Quảng Trị",
    "province-code": "quang-tri",
    "province-kind": "province",
    "province-emulation_office": "Phòng Thi đua, Khen thưởng",
    "province-emulation_office_parent": "Sở Nội vụ tỉnh Quảng Trị",
    "province-people_committee": "",
    "officer-email": "Truong.Phong@QuangTri.example",
    "officer-full_name": "Lê Văn Trưởng",
    "officer-job_title": "Trưởng phòng Thi đua, Khen thưởng",
}


def test_operator_creates_a_province_with_its_first_board_officer(
    world, client_for, client, django_capture_on_commit_callbacks, mailoutbox
):
    operator = world.users["superuser"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("superuser").post(reverse("accounts:province_create"), NEW_PROVINCE)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:province_list")
    province = Province.objects.get(code="quang-tri")
    assert province.name == "Quảng Trị"
    assert province.emulation_office_parent == "Sở Nội vụ tỉnh Quảng Trị"
    assert province.kind == "province"
    officer = User.objects.get(email="truong.phong@quangtri.example")
    assert (officer.role, officer.province, officer.invited_by) == (Role.BOARD, province, operator)
    assert not officer.has_usable_password()
    assert len(mailoutbox) == 1
    # The officer chooses a password and manages the new province at once.
    link = LINK.search(mailoutbox[0].body).group(0)
    client.logout()
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": "Khoi-thi-dua-2026", "password2": "Khoi-thi-dua-2026"},
    )
    client.force_login(User.objects.get(pk=officer.pk))
    assert client.get(reverse("blocs:bloc_create")).status_code == 200
    page = client_for("superuser").get(reverse("accounts:province_list")).content.decode()
    assert "Quảng Trị" in page
    assert "Lê Văn Trưởng" in page


def test_a_province_whose_officer_cannot_be_invited_is_not_created(world, client_for):
    data = {**NEW_PROVINCE, "officer-email": world.users["board"].email}

    response = client_for("superuser").post(reverse("accounts:province_create"), data)

    assert response.status_code == 200
    assert response.context["forms"][1][1].errors["email"]
    assert not Province.objects.filter(code="quang-tri").exists()


def test_a_province_that_exists_is_refused(world, client_for):
    data = {**NEW_PROVINCE, "province-name": "TRÀ  VINH", "province-code": "tra-vinh"}

    response = client_for("superuser").post(reverse("accounts:province_create"), data)

    assert response.status_code == 200
    errors = response.context["forms"][0][1].errors
    assert set(errors) == {"name", "code"}
    assert not User.objects.filter(email="truong.phong@quangtri.example").exists()


def test_operator_invites_more_board_staff_to_a_province(
    world, client_for, django_capture_on_commit_callbacks, mailoutbox
):
    url = reverse("accounts:province_invite", args=[world.foreign_province.pk])
    data = {"officer-email": "pho.ban@binhdinh.example", "officer-full_name": "Võ Thị Phó"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("superuser").post(url, data)

    assert response.status_code == 302
    officer = User.objects.get(email="pho.ban@binhdinh.example")
    assert (officer.role, officer.province) == (Role.BOARD, world.foreign_province)
    assert len(mailoutbox) == 1


def test_only_operators_invite_into_another_province(world):
    with pytest.raises(PermissionDenied):
        services.invite_user(
            actor=world.users["board"],
            province=world.foreign_province,
            email="x@example.vn",
            full_name="X",
            role=Role.BOARD,
            base_url="http://testserver/",
        )
    # In their own province, naming it changes nothing.
    user = services.invite_user(
        actor=world.users["board"],
        province=world.province,
        email="y@example.vn",
        full_name="Y",
        role=Role.BOARD,
        base_url="http://testserver/",
    )
    assert user.province == world.province


def test_only_operators_create_provinces(world):
    from blocs import services as blocs_services

    with pytest.raises(PermissionDenied):
        blocs_services.create_province(actor=world.users["board"], name="Tỉnh X", code="tinh-x")
    assert not Province.objects.filter(code="tinh-x").exists()


# --- Nothing offered that answers 403 ------------------------------------------------------------

OPERATOR_PAGES = [
    lambda w: reverse("blocs:dashboard") + "?nam=2021",  # a year some blocs have not opened
    lambda w: reverse("blocs:dashboard") + "?nam=2020",
    lambda w: reverse("blocs:bloc_list"),
    lambda w: reverse("blocs:agency_list"),
    lambda w: reverse("blocs:official_list"),
    lambda w: reverse("accounts:user_list"),
    lambda w: reverse("pledges:template_list"),
    lambda w: reverse("accounts:province_list"),
    lambda w: reverse("blocs:bloc_year_detail", args=[w.foreign_bloc.pk, 2020]),
    lambda w: reverse("blocs:agency_detail", args=[w.foreign_agency.pk]),
]
CREATION_PAGES = (
    "blocs:bloc_create",
    "blocs:agency_create",
    "blocs:official_create",
    "blocs:import_agencies",
    "blocs:import_memberships",
    "blocs:start_year_for_province",
    "accounts:user_invite",
    "pledges:template_create",
)


def _links(html: str) -> set[str]:
    return {
        href for href in re.findall(r'href="(/[^"#]*)"', html) if not href.startswith("/static/")
    }


@pytest.mark.parametrize("page", OPERATOR_PAGES)
def test_the_operator_is_offered_nothing_that_answers_403(world, client_for, page):
    # Province Z has a bloc that has not opened 2021, which province A's blocs have.
    BlocYearFactory(bloc=world.bloc, year=2021)
    client = client_for("superuser")
    html = client.get(page(world)).content.decode()

    for url_name in CREATION_PAGES:
        assert reverse(url_name) not in html, url_name
    for link in _links(html) - {reverse("account_logout")}:
        assert client.get(link).status_code != 403, link
    for form in forms_in(html):
        if form.method == "post" and form.action:
            assert client.post(form.action, form.values).status_code != 403, form.action


def test_board_staff_are_still_offered_their_creation_pages(world, client_for):
    html = client_for("board").get(reverse("blocs:dashboard")).content.decode()

    for url_name in ("blocs:bloc_create", "blocs:agency_create", "blocs:import_agencies"):
        assert reverse(url_name) in html
    assert f'href="{reverse("accounts:province_list")}"' not in html


# --- A province column, in fixed queries -------------------------------------------------------

LISTS = [
    "blocs:dashboard",
    "blocs:bloc_list",
    "blocs:agency_list",
    "blocs:official_list",
    "accounts:user_list",
    "pledges:template_list",
    "accounts:province_list",
]


def _queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _another_province(n: int) -> Province:
    province = ProvinceFactory(name=f"Tỉnh thêm {n}", code=f"tinh-them-{n}")
    bloc_year = BlocYearFactory(bloc__province=province, year=2020)
    MembershipFactory.create_batch(2, bloc_year=bloc_year)
    AgencyFactory(province=province)
    OfficialFactory(province=province)
    BoardStaffFactory(province=province)
    return province


@pytest.mark.parametrize("url_name", LISTS)
def test_the_operators_lists_name_the_province_in_fixed_queries(world, client_for, url_name):
    client = client_for("superuser")
    url = reverse(url_name) + ("?nam=2020" if url_name.startswith("blocs:") else "")
    before, _html = _queries(client, url)

    for n in range(3):
        _another_province(n)
    after, html = _queries(client, url)

    assert after == before
    if url_name == "pledges:template_list":
        return  # no template in these provinces: nothing to name
    for name in ("Trà Vinh", "Tỉnh thêm 2"):
        assert name in html, name
    assert '<th scope="col">Tỉnh</th>' in html


@pytest.mark.parametrize("url_name", LISTS[:-1])
def test_board_staff_lists_have_no_province_column(world, client_for, url_name):
    html = client_for("board").get(reverse(url_name)).content.decode()

    assert '<th scope="col">Tỉnh</th>' not in html
