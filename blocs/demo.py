"""Demo data drawn from news reports of real bloc meetings (shared/domain.md, "Real blocs").

What the reports name is used as reported; where they do not name a member, a head or a deputy we
leave it out or mark it "example" below rather than invent it silently.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from core.actors import SYSTEM
from core.models import LetterheadStyle

from .models import Agency, AgencyKind, Bloc, BlocYear, Official, Province
from .services import add_members, set_head_and_deputy

D, P = AgencyKind.DEPARTMENT, AgencyKind.PARTY


@dataclass
class DemoBloc:
    province: str
    name: str
    code: str
    year: int
    members: list[tuple[str, str, str]]  # full name, short name, kind
    head: str | None = None
    deputy: str | None = None
    overseer: tuple[str, str, str | None] | None = None  # name, title, agency full name
    note: str = ""
    officials: list[tuple[str, str, str | None]] = field(default_factory=list)
    letterhead: str = LetterheadStyle.STATE


BLOCS = [
    DemoBloc(
        province="Trà Vinh",
        name="Khối thi đua số 6",
        code="KTĐ6",
        year=2020,
        members=[
            ("Sở Khoa học và Công nghệ", "Sở KH&CN", D),
            ("Sở Nội vụ", "Sở NV", D),
            ("Thanh tra tỉnh", "TTr tỉnh", D),
            ("Sở Xây dựng", "Sở XD", D),
            ("Ban Dân tộc", "BDT", D),
        ],
        deputy="Sở Khoa học và Công nghệ",  # hosted the sơ kết on 10/8/2020
        overseer=(
            "Phạm Khải Trung",
            "Chánh Thanh tra tỉnh, Ủy viên Hội đồng Thi đua - Khen thưởng tỉnh",
            "Thanh tra tỉnh",
        ),
        note="The report names the deputy (Khối phó) but not the head.",
    ),
    DemoBloc(
        province="Bình Định",
        name="Khối Tham mưu - Tổng hợp",
        code="TM-TH",
        year=2018,
        members=[
            ("Văn phòng Đoàn đại biểu Quốc hội tỉnh", "VP Đoàn ĐBQH", D),
            ("Văn phòng Hội đồng nhân dân tỉnh", "VP HĐND", D),
            ("Văn phòng Ủy ban nhân dân tỉnh", "VP UBND", D),
            ("Sở Nội vụ", "Sở NV", D),
            ("Sở Khoa học và Công nghệ", "Sở KH&CN", D),
            ("Sở Tài nguyên và Môi trường", "Sở TN&MT", D),
            ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", D),
            ("Sở Ngoại vụ", "Sở NgV", D),
            ("Viện Nghiên cứu phát triển kinh tế - xã hội", "Viện NCPT KT-XH", D),
            ("Ban Dân tộc tỉnh", "BDT", D),
            ("Liên minh các Hợp tác xã tỉnh", "LM HTX", AgencyKind.MASS_ORGANISATION),
        ],
        head="Sở Khoa học và Công nghệ",
        officials=[
            ("Lê Công Nhường", "Giám đốc Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ")
        ],
    ),
    DemoBloc(
        province="Điện Biên",
        name="Khối Hạ tầng - Kinh tế - Kỹ thuật",
        code="HT-KT-KT",
        year=2019,
        members=[
            ("Sở Tài nguyên và Môi trường", "Sở TN&MT", D),
            ("Sở Công Thương", "Sở CT", D),
            # The report says six agencies but names two; these four are examples.
            ("Sở Xây dựng", "Sở XD", D),
            ("Sở Giao thông vận tải", "Sở GTVT", D),
            ("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", D),
            ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", D),
        ],
        head="Sở Tài nguyên và Môi trường",  # the standing agency (cơ quan thường trực)
    ),
    DemoBloc(
        province="Quảng Bình",
        name="Khối thi đua các ban Đảng",
        code="KBĐ",
        year=2016,
        members=[
            ("Ban Nội chính Tỉnh ủy", "BNC TU", P),
            # Example members: the report names only the head.
            ("Ban Tổ chức Tỉnh ủy", "BTC TU", P),
            ("Ban Tuyên giáo Tỉnh ủy", "BTG TU", P),
            ("Ban Dân vận Tỉnh ủy", "BDV TU", P),
            ("Ủy ban Kiểm tra Tỉnh ủy", "UBKT TU", P),
            ("Văn phòng Tỉnh ủy", "VP TU", P),
        ],
        head="Ban Nội chính Tỉnh ủy",
        officials=[
            ("Trần Hải Châu", "Trưởng ban Nội chính Tỉnh ủy, Trưởng khối", "Ban Nội chính Tỉnh ủy")
        ],
        # Party bodies head their documents in the Party's layout (Hướng dẫn 36-HD/VPTW).
        letterhead=LetterheadStyle.PARTY,
    ),
]

PROVINCE_CODES = {
    "Trà Vinh": "tra-vinh",
    "Bình Định": "binh-dinh",
    "Điện Biên": "dien-bien",
    "Quảng Bình": "quang-binh",
    "Quảng Trị": "quang-tri",
}

# From 01/07/2025 Quảng Bình and Quảng Trị are one province, Quảng Trị (Nghị quyết
# 202/2025/QH15). The demo records the merger once every app has seeded Quảng Bình's 2016
# history (seed_demo calls merge_demo_provinces last).
MERGER = ("Quảng Trị", "Quảng Bình", datetime.date(2025, 7, 1))


def _seed_quang_tri() -> Province:
    """The new province, its board named as since the 2025 reorganisation, and as before it
    until 2024 (an example of names by year: the dates and names are examples)."""
    province, created = Province.objects.get_or_create(
        name="Quảng Trị",
        defaults={
            "code": PROVINCE_CODES["Quảng Trị"],
            "emulation_office": "Phòng Thi đua, Khen thưởng – Sở Nội vụ",
            "emulation_office_parent": "Sở Nội vụ tỉnh Quảng Trị",
            "emulation_office_signer": "Trưởng phòng",
        },
    )
    if created:
        old = {name: getattr(province, name) for name in Province.NAME_FIELDS}
        old |= {
            "emulation_office": "Ban Thi đua - Khen thưởng",
            "emulation_office_signer": "Trưởng ban",
        }
        province.former_names = [{"until": 2024, **old}]
        province.save(update_fields=["former_names"])
    return province


def _official(province: Province, name: str, title: str, agency_name: str | None) -> Official:
    agency = Agency.objects.filter(province=province, name=agency_name).first()
    official, _ = Official.objects.get_or_create(
        province=province, full_name=name, title=title, defaults={"agency": agency}
    )
    return official


@transaction.atomic
def seed() -> None:
    """Create (or leave as they are) the demo provinces, blocs and agencies."""
    _seed_quang_tri()
    for demo in BLOCS:
        province, _ = Province.objects.get_or_create(
            name=demo.province,
            defaults={
                "code": PROVINCE_CODES[demo.province],
                # Before the 2025 reorganisation the board sat inside Sở Nội vụ.
                "emulation_office_parent": f"Sở Nội vụ tỉnh {demo.province}",
            },
        )
        # Seeded again after the merger: its records are the new province's now.
        province = province.successor
        agencies = {}
        for name, short_name, kind in demo.members:
            agencies[name], _ = Agency.objects.get_or_create(
                province=province, name=name, defaults={"short_name": short_name, "kind": kind}
            )
        for name, title, agency_name in demo.officials:
            _official(province, name, title, agency_name)
        overseer = _official(province, *demo.overseer) if demo.overseer else None
        bloc, _ = Bloc.objects.get_or_create(
            province=province,
            name=demo.name,
            defaults={"code": demo.code, "letterhead": demo.letterhead},
        )
        bloc_year, created = BlocYear.objects.get_or_create(
            bloc=bloc, year=demo.year, defaults={"overseer": overseer}
        )
        if created:
            add_members(bloc_year, agencies.values(), actor=SYSTEM)
            set_head_and_deputy(
                bloc_year,
                head=agencies[demo.head] if demo.head else None,
                deputy=agencies[demo.deputy] if demo.deputy else None,
                actor=SYSTEM,
            )


@transaction.atomic
def merge_demo_provinces() -> str:
    """Quảng Bình merged into Quảng Trị from 01/07/2025 (once)."""
    from .merger import merge_provinces

    into_name, merged_name, effective = MERGER
    merged = Province.objects.filter(name=merged_name).first()
    into = Province.objects.filter(name=into_name).first()
    if merged is None or into is None or merged.is_merged:
        return ""
    merge_provinces(into, merged, effective=effective, actor=SYSTEM, rename_clashes=True)
    return f"Demo merger ready: {merged_name} merged into {into_name} from {effective:%d/%m/%Y}."
