import uuid
from dataclasses import dataclass

import pytest

from accounts.models import User
from blocs.models import Agency, Bloc, BlocYear, MemberRole, Membership, Official, Province

from .factories import (
    AgencyOfficerFactory,
    BlocFactory,
    BlocYearFactory,
    BoardStaffFactory,
    MembershipFactory,
    OfficialFactory,
    OverseerFactory,
    ProvinceFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.REQUIRE_2FA = False
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from config.celery import app

    app.conf.task_always_eager = True
    # A cache of each test's own: allauth's and the signing screen's rate limits and used TOTP
    # codes never leak from one test (or a parallel worker) to another. Never clear a shared one:
    # with REDIS_URL the project's cache (CACHE_URL) is one Redis database for every test worker.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4()}",
        }
    }
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def postgresql_only() -> None:
    """For tests of races over several connections: row locks need PostgreSQL (SQLite
    serialises writers by locking the whole file)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers by locking the file")


@pytest.fixture(autouse=True)
def _documents_dispatch_at_once(request, monkeypatch):
    """Views run in autocommit, where a requested document goes to the worker at once; a test
    runs inside a transaction that never commits, which would hold it back forever. So tests
    send at once, except those marked dispatch_on_commit (which test exactly that wait)."""
    if request.node.get_closest_marker("dispatch_on_commit"):
        return
    from reports import services

    monkeypatch.setattr(services, "dispatch_after_commit", services.dispatch)


@dataclass
class World:
    """Two provinces. In A, bloc 1 has a head, a deputy and a member in 2020, overseen by a
    council member; bloc 2 has another agency. Province Z has its own board and bloc."""

    province: Province
    bloc: Bloc
    bloc_year: BlocYear
    head: Agency
    deputy: Agency
    member: Agency
    other_bloc: Bloc
    other_agency: Agency
    other_membership: Membership
    official: Official
    foreign_province: Province
    foreign_bloc: Bloc
    foreign_bloc_year: BlocYear
    foreign_agency: Agency
    users: dict[str, User]

    @property
    def membership(self) -> Membership:
        return self.bloc_year.memberships.get(agency=self.member)


ROLES = (
    "anonymous",
    "board",
    "secretariat",
    "member",
    "other_bloc_member",
    "overseer",
    "foreign_board",
    "no_role",
    "superuser",
)


@pytest.fixture
def world(db) -> World:
    province = ProvinceFactory(name="Trà Vinh", code="tra-vinh")
    official = OfficialFactory(
        province=province, full_name="Phạm Khải Trung", title="Chánh Thanh tra tỉnh"
    )
    bloc = BlocFactory(province=province, name="Khối thi đua số 6", code="KTĐ6")
    bloc_year = BlocYearFactory(bloc=bloc, year=2020, overseer=official)
    head = MembershipFactory(
        bloc_year=bloc_year,
        role=MemberRole.HEAD,
        agency__name="Sở Xây dựng",
        agency__short_name="SXD",
    ).agency
    deputy = MembershipFactory(
        bloc_year=bloc_year,
        role=MemberRole.DEPUTY,
        agency__name="Sở Khoa học và Công nghệ",
        agency__short_name="Sở KH&CN",
    ).agency
    member = MembershipFactory(
        bloc_year=bloc_year, agency__name="Thanh tra tỉnh", agency__short_name="TTr"
    ).agency
    other_bloc = BlocFactory(province=province, name="Khối thi đua số 1")
    other_membership = MembershipFactory(
        bloc_year__bloc=other_bloc, bloc_year__year=2020, agency__name="Sở Y tế"
    )
    foreign_province = ProvinceFactory(name="Bình Định", code="binh-dinh")
    foreign_bloc = BlocFactory(province=foreign_province, name="Khối Tham mưu - Tổng hợp")
    foreign_bloc_year = BlocYearFactory(bloc=foreign_bloc, year=2020)
    foreign_agency = MembershipFactory(bloc_year=foreign_bloc_year).agency
    users = {
        "board": BoardStaffFactory(province=province, email="board@example.vn"),
        "secretariat": AgencyOfficerFactory(agency=head, email="head@example.vn", can_sign=True),
        "member": AgencyOfficerFactory(agency=member, email="member@example.vn"),
        "other_bloc_member": AgencyOfficerFactory(
            agency=other_membership.agency, email="other@example.vn"
        ),
        "overseer": OverseerFactory(official=official, email="overseer@example.vn"),
        "foreign_board": BoardStaffFactory(province=foreign_province, email="foreign@example.vn"),
        "no_role": UserFactory(email="norole@example.vn"),
        "superuser": UserFactory(email="admin@example.vn", is_superuser=True, is_staff=True),
    }
    return World(
        province=province,
        bloc=bloc,
        bloc_year=bloc_year,
        head=head,
        deputy=deputy,
        member=member,
        other_bloc=other_bloc,
        other_agency=other_membership.agency,
        other_membership=other_membership,
        official=official,
        foreign_province=foreign_province,
        foreign_bloc=foreign_bloc,
        foreign_bloc_year=foreign_bloc_year,
        foreign_agency=foreign_agency,
        users=users,
    )


@pytest.fixture
def client_for(client, world):
    """client_for("board") is a test client logged in as that role of the world."""

    def login(role: str):
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        return client

    return login
