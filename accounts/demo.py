"""Demo accounts, one per role, on the demo provinces of blocs.demo (run by `seed_demo` after
it). Their password is DEMO_PASSWORD; `manage.py demo_logins` prints them."""

import os
from dataclasses import dataclass

from django.db import transaction

from blocs.models import Agency, Official, Province

from .models import Role, User

# Demo accounts only exist in a demo database; override with DEMO_PASSWORD if you expose one.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "khoithidua2026")


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: str
    province: str | None = None
    agency: str | None = None
    official: str | None = None
    can_sign: bool = False
    superuser: bool = False
    what: str = ""  # printed by `manage.py demo_logins`


USERS = [
    DemoUser(
        "bantdkt@travinh.example",
        "Cán bộ Ban TĐKT Trà Vinh",
        Role.BOARD,
        "Trà Vinh",
        what="Cán bộ Ban Thi đua - Khen thưởng tỉnh Trà Vinh",
    ),
    DemoUser(
        "sokhcn@travinh.example",
        "Cán bộ Sở KH&CN Trà Vinh",
        Role.AGENCY,
        "Trà Vinh",
        agency="Sở Khoa học và Công nghệ",
        can_sign=True,
        what="Cán bộ Sở KH&CN Trà Vinh, người ký; thường trực Khối 6 (Khối phó) năm 2020",
    ),
    DemoUser(
        "sonoivu@travinh.example",
        "Cán bộ Sở Nội vụ Trà Vinh",
        Role.AGENCY,
        "Trà Vinh",
        agency="Sở Nội vụ",
        what="Cán bộ Sở Nội vụ Trà Vinh, đơn vị thành viên Khối 6",
    ),
    DemoUser(
        "phamkhaitrung@travinh.example",
        "Phạm Khải Trung",
        Role.OVERSEER,
        "Trà Vinh",
        official="Phạm Khải Trung",
        what="Thành viên Hội đồng TĐKT tỉnh phụ trách Khối 6",
    ),
    DemoUser(
        "bantdkt@binhdinh.example",
        "Cán bộ Ban TĐKT Bình Định",
        Role.BOARD,
        "Bình Định",
        what="Cán bộ Ban Thi đua - Khen thưởng tỉnh Bình Định (tỉnh khác)",
    ),
    DemoUser(
        "bantdkt@quangbinh.example",
        "Cán bộ Ban TĐKT Quảng Bình",
        Role.BOARD,
        "Quảng Bình",
        what=(
            "Cán bộ Ban Thi đua - Khen thưởng tỉnh Quảng Bình (giao ước năm 2016 ký trên giấy); "
            "từ khi sáp nhập (01/07/2025) là cán bộ của tỉnh Quảng Trị"
        ),
    ),
    DemoUser(
        "bantdkt@quangtri.example",
        "Cán bộ Phòng TĐKT Quảng Trị",
        Role.BOARD,
        "Quảng Trị",
        what=(
            "Cán bộ Phòng Thi đua, Khen thưởng – Sở Nội vụ tỉnh Quảng Trị (tỉnh mới sau sáp "
            "nhập): xem lịch sử năm 2016 của Quảng Bình"
        ),
    ),
    DemoUser(
        "admin@khoithidua.example",
        "Quản trị hệ thống",
        "",
        superuser=True,
        what="Quản trị hệ thống (trang quản trị Django)",
    ),
]


@transaction.atomic
def seed() -> str:
    for demo_user in USERS:
        _seed_user(demo_user)
    return f"Demo users ready: {len(USERS)}."


def _seed_user(demo: DemoUser) -> None:
    if User.objects.filter(email=demo.email).exists():
        return
    province = Province.objects.get(name=demo.province).successor if demo.province else None
    user = User(
        email=demo.email,
        full_name=demo.full_name,
        role=demo.role,
        province=province,
        agency=Agency.objects.get(province=province, name=demo.agency) if demo.agency else None,
        official=Official.objects.get(province=province, full_name=demo.official)
        if demo.official
        else None,
        can_sign=demo.can_sign,
        is_superuser=demo.superuser,
        is_staff=demo.superuser,
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
