"""Every list and table sorts names in Vietnamese alphabetical order (domain.md, "Vietnamese
order"), the same on SQLite and PostgreSQL: the stored sort keys and the pages that use them."""

import html
import random
import re

import pytest
from django.db import connection
from django.db.models.functions import Collate
from django.urls import reverse

from accounts import services as account_services
from accounts.models import Role, User
from blocs import services
from blocs.models import Agency, Bloc, BlocYear, Official
from core.actors import SYSTEM
from core.ordering import fill_sort_keys, vn_sort_key, vn_sorted
from core.text import name_key
from core.versioning import save_versioned
from tests.factories import (
    AgencyFactory,
    AgencyOfficerFactory,
    BlocYearFactory,
    BoardStaffFactory,
    MembershipFactory,
    OfficialFactory,
    OverseerFactory,
    ProvinceFactory,
)
from tests.vietnamese_names import (
    BINH_DINH,
    BINH_DINH_HEAD,
    BLOCS,
    PEOPLE,
    QUANG_BINH,
    QUANG_BINH_HEAD,
    shuffled,
)

pytestmark = pytest.mark.django_db


def order_on_page(page, names: list[str]) -> list[str]:
    """`names` in the order the page shows them, each found as a whole text (">name<"), so
    that "Khối thi đua số 1" is not found inside "Khối thi đua số 10"."""
    assert page.status_code == 200
    content = page.content.decode()
    where = {}
    for name in names:
        found = re.search(f">\\s*{re.escape(html.escape(name))}\\s*<", content)
        assert found, f"{name} is not on the page"
        where[name] = found.start()
    return sorted(names, key=where.__getitem__)


def a_province(name: str, code: str, members: list[str], head: str, bloc: str, year: int):
    """A province whose bloc has `members` (created in shuffled order), `head` at its head."""
    province = ProvinceFactory(name=name, code=code)
    bloc_year = BlocYearFactory(bloc__province=province, bloc__name=bloc, year=year)
    for agency in shuffled(members):
        MembershipFactory(bloc_year=bloc_year, agency__name=agency, agency__short_name="")
    services.set_head_and_deputy(
        bloc_year, head=Agency.objects.get(name=head), deputy=None, actor=SYSTEM
    )
    return bloc_year


@pytest.fixture
def binh_dinh():
    bloc_year = a_province(
        "Bình Định", "binh-dinh", BINH_DINH, BINH_DINH_HEAD, "Khối Tham mưu - Tổng hợp", 2018
    )
    for name in shuffled(BLOCS):
        BlocYearFactory(bloc__province=bloc_year.bloc.province, bloc__name=name, year=2018)
    return bloc_year


@pytest.fixture
def quang_binh():
    return a_province(
        "Quảng Bình", "quang-binh", QUANG_BINH, QUANG_BINH_HEAD, "Khối thi đua các ban Đảng", 2016
    )


def board_of(client, bloc_year):
    client.force_login(BoardStaffFactory(province=bloc_year.bloc.province))
    return client


# --- The pages ------------------------------------------------------------------------------


def test_agency_list_is_in_vietnamese_order(client, binh_dinh):
    page = board_of(client, binh_dinh).get(reverse("blocs:agency_list"))
    assert order_on_page(page, BINH_DINH) == BINH_DINH


def test_agency_list_of_party_agencies_puts_uy_ban_before_van_phong(client, quang_binh):
    page = board_of(client, quang_binh).get(reverse("blocs:agency_list"))
    assert order_on_page(page, QUANG_BINH) == QUANG_BINH


@pytest.mark.parametrize("url", ["blocs:bloc_list", "blocs:dashboard"])
def test_blocs_are_listed_with_numbers_in_natural_order(client, binh_dinh, url):
    page = board_of(client, binh_dinh).get(reverse(url), {"nam": 2018})
    expected = ["Khối Tham mưu - Tổng hợp", *BLOCS]
    assert order_on_page(page, expected) == expected


@pytest.mark.parametrize(
    ("province", "members", "head"),
    [("binh_dinh", BINH_DINH, BINH_DINH_HEAD), ("quang_binh", QUANG_BINH, QUANG_BINH_HEAD)],
)
def test_roster_page_lists_the_head_then_the_members_in_vietnamese_order(
    client, request, province, members, head
):
    bloc_year = request.getfixturevalue(province)
    page = board_of(client, bloc_year).get(
        reverse("blocs:bloc_year_detail", args=[bloc_year.bloc_id, bloc_year.year])
    )
    table = page.content.decode().split("<tbody", 1)[1]
    page.content = table.encode()  # the member table only (the head is also named above it)
    expected = [head, *(name for name in members if name != head)]
    assert order_on_page(page, members) == expected


def test_overseer_dashboard_lists_blocs_in_natural_order(client, binh_dinh):
    official = OfficialFactory(province=binh_dinh.bloc.province)
    BlocYear.objects.filter(bloc__name__in=BLOCS).update(overseer=official)
    client.force_login(OverseerFactory(official=official))
    page = client.get(reverse("blocs:dashboard"))
    assert order_on_page(page, BLOCS) == BLOCS


def test_officials_and_users_are_in_vietnamese_order(client, binh_dinh):
    province = binh_dinh.bloc.province
    agency = Agency.objects.get(name=BINH_DINH_HEAD)
    for index, name in enumerate(shuffled(PEOPLE)):
        OfficialFactory(province=province, full_name=name)
        AgencyOfficerFactory(agency=agency, full_name=name, email=f"can-bo-{index}@example.vn")
    board_of(client, binh_dinh)
    assert order_on_page(client.get(reverse("blocs:official_list")), PEOPLE) == PEOPLE
    assert order_on_page(client.get(reverse("accounts:user_list")), PEOPLE) == PEOPLE
    page = client.get(reverse("blocs:agency_detail", args=[agency.pk]))
    assert order_on_page(page, PEOPLE) == PEOPLE  # its officers


def test_choices_in_forms_are_in_vietnamese_order(binh_dinh, quang_binh):
    from accounts.forms import UserForm

    form = UserForm(province=quang_binh.bloc.province)
    agencies = [agency.name for agency in form.fields["agency"].queryset]
    assert agencies == QUANG_BINH


# --- The stored keys ------------------------------------------------------------------------


def test_every_name_gets_its_key_when_saved():
    province = ProvinceFactory(name="Đắk Lắk", code="dak-lak")
    agency = AgencyFactory(province=province, name="Sở Nội vụ")
    official = OfficialFactory(province=province, full_name="Ưng Văn Hòa")
    user = BoardStaffFactory(province=province, full_name="Đặng Thị Bích")
    bloc = Bloc.objects.create(province=province, name="Khối thi đua số 10")
    for row, name in [
        (province, "Đắk Lắk"),
        (agency, "Sở Nội vụ"),
        (official, "Ưng Văn Hòa"),
        (user, "Đặng Thị Bích"),
        (bloc, "Khối thi đua số 10"),
    ]:
        row.refresh_from_db()
        assert row.sort_key == vn_sort_key(name)


def test_bulk_created_rows_get_their_keys():
    province = ProvinceFactory()
    Agency.objects.bulk_create(
        [Agency(province=province, name=name, short_name="") for name in shuffled(QUANG_BINH)]
    )
    assert list(Agency.objects.filter(province=province).values_list("name", flat=True)) == (
        QUANG_BINH
    )


def test_a_renamed_agency_moves_to_its_new_place():
    province = ProvinceFactory()
    for name in QUANG_BINH:
        AgencyFactory(province=province, name=name)
    agency = Agency.objects.get(name="Ban Dân vận Tỉnh ủy")
    agency.name = "Ủy ban Mặt trận Tổ quốc tỉnh"
    save_versioned(agency, agency.version, renamed_from=2026)
    names = list(Agency.objects.filter(province=province).values_list("name", flat=True))
    assert names[-3:] == [
        "Ủy ban Kiểm tra Tỉnh ủy",
        "Ủy ban Mặt trận Tổ quốc tỉnh",
        "Văn phòng Tỉnh ủy",
    ]


def test_a_user_renamed_by_the_board_moves_to_their_new_place():
    """update_user saves with update_fields: the key goes with the name."""
    board = BoardStaffFactory(full_name="Lê Văn Ba")
    other = BoardStaffFactory(province=board.province, full_name="Lê Văn Bà")
    account_services.update_user(
        other, actor=board, email=other.email, full_name="Đặng Thị Bích", role=Role.BOARD
    )
    assert list(User.objects.filter(province=board.province)) == [other, board]
    other.refresh_from_db()
    assert other.sort_key == vn_sort_key("Đặng Thị Bích")


def test_fill_sort_keys_computes_the_keys_of_existing_rows():
    """What the data migrations do for rows saved before the keys existed."""
    province = ProvinceFactory()
    for name in BINH_DINH:
        AgencyFactory(province=province, name=name)
    Agency.objects.update(sort_key="")
    Official.objects.update(sort_key="")
    fill_sort_keys(Agency, "sort_key")
    names = list(Agency.objects.filter(province=province).values_list("name", flat=True))
    assert names == BINH_DINH


def _random_name(rng: random.Random) -> str:
    syllables = ["Ủy", "Uỷ", "ban", "Văn", "phòng", "Viện", "Đoàn", "Dân", "đa", "da", "Hòa",
                 "Hoà", "hoa", "Ưng", "Ung", "Ông", "ong", "Ơn", "ăn", "ân", "Ấp", "số", "-", "&",
                 "KH&CN", "HĐND", "tỉnh", "Tỉnh", "ủy", "ạ", "ả", "ã", "z", "f", "w"]  # fmt: skip
    words = [rng.choice(syllables) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.5:
        words.insert(rng.randint(0, len(words)), str(rng.choice([0, 1, 2, 9, 10, 11, 100, 2026])))
    return " ".join(words)


def _random_names(count: int) -> list[str]:
    rng = random.Random(2026)
    # One name per name_key: the province's agencies are unique up to case and spaces.
    names = {name_key(name): name for name in (_random_name(rng) for _ in range(count))}
    return list(names.values())


def test_the_database_orders_by_the_key_as_python_does():
    """The key is made of 0-9 and a-z only, which every collation orders as Python does: run
    on SQLite and on PostgreSQL."""
    province = ProvinceFactory()
    names = _random_names(400)
    Agency.objects.bulk_create([Agency(province=province, name=n, short_name="") for n in names])
    in_database = list(Agency.objects.filter(province=province).values_list("name", flat=True))
    assert in_database == vn_sorted(names, str)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's collations")
@pytest.mark.parametrize("collation", ["und-x-icu", "en-x-icu", "vi-x-icu"])
def test_linguistic_collations_order_the_key_as_python_does(collation):
    """Whatever collation a PostgreSQL database was created with (the postgres image's default
    is en_US.utf8; ICU's are tried here), the key sorts the same: no collation to declare."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [collation])
        if cursor.fetchone() is None:
            pytest.skip(f"no {collation} collation in this PostgreSQL")
    province = ProvinceFactory()
    names = _random_names(400)
    Agency.objects.bulk_create([Agency(province=province, name=n, short_name="") for n in names])
    in_database = list(
        Agency.objects.filter(province=province)
        .order_by(Collate("sort_key", collation))
        .values_list("name", flat=True)
    )
    assert in_database == vn_sorted(names, str)
