"""Demo pledges (shared/domain.md, "Real blocs"): Trà Vinh, Khối thi đua số 6, 2020, open for
signing; and Quảng Bình, Khối thi đua các ban Đảng, 2016, signed on paper at the start of the
year and recorded afterwards with its real dates, in the Party's letterhead.

Trà Vinh, Khối thi đua số 6, 2020:
The news report says the 2020 pledge had 9 criteria on socio-economic development and
defence-security, 6 on building the political system and 7 on emulation and commendation work.
The criterion texts are not public: those below are EXAMPLES written for the demo, and the set's
title says so. The board's 2020 template holds them; the bloc's set is a copy of it.

State after seeding: the pledge is open for signing; Sở Nội vụ, Thanh tra tỉnh and Sở Xây dựng
signed on paper (recorded by the Khối phó); Sở Khoa học và Công nghệ (demo login
sokhcn@travinh.example) and Ban Dân tộc have not signed yet.
"""

import datetime
import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from pypdf import PdfWriter

from accounts.models import User
from blocs.models import BlocYear

from .models import CriteriaSet, SectionKind
from .services import criteria, criteria_sets, signatures, signing

EXAMPLE = "(ví dụ minh họa)"

SECTIONS: list[tuple[str, list[tuple[str, int, str]]]] = [
    (
        "Thực hiện nhiệm vụ chính trị, phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh",
        [
            (
                "Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn được UBND tỉnh giao trong năm",
                10,
                "Báo cáo tổng kết năm, quyết định giao chỉ tiêu",
            ),
            (
                "Tham mưu ban hành văn bản quy phạm pháp luật, đề án đúng tiến độ",
                6,
                "Danh mục văn bản đã ban hành",
            ),
            ("Thực hiện cải cách hành chính, chỉ số PAR INDEX", 6, "Kết quả xếp hạng PAR INDEX"),
            (
                "Ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động của cơ quan",
                5,
                "Báo cáo chuyển đổi số",
            ),
            (
                "Thực hành tiết kiệm, chống lãng phí; quản lý tài chính, tài sản công "
                "đúng quy định",
                5,
                "Báo cáo quyết toán, kết luận kiểm tra",
            ),
            (
                "Phòng, chống tham nhũng, tiêu cực; giải quyết khiếu nại, tố cáo đúng hạn",
                5,
                "Báo cáo công tác phòng, chống tham nhũng",
            ),
            (
                "Thực hiện nhiệm vụ quốc phòng, quân sự địa phương, dân quân tự vệ",
                5,
                "Xác nhận của Bộ Chỉ huy quân sự tỉnh",
            ),
            (
                "Bảo đảm an ninh trật tự, an toàn cơ quan; phòng cháy, chữa cháy",
                4,
                "Biên bản kiểm tra an toàn cơ quan",
            ),
            (
                "Tham gia các chương trình an sinh xã hội, xây dựng nông thôn mới",
                4,
                "Chứng từ đóng góp, văn bản ghi nhận",
            ),
        ],
    ),
    (
        "Xây dựng hệ thống chính trị",
        [
            (
                "Xây dựng tổ chức cơ sở Đảng trong sạch, vững mạnh",
                5,
                "Kết quả đánh giá, xếp loại tổ chức Đảng",
            ),
            (
                "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                4,
                "Kế hoạch và báo cáo thực hiện",
            ),
            (
                "Hoạt động của Công đoàn, Đoàn Thanh niên, Hội Cựu chiến binh cơ quan",
                4,
                "Kết quả xếp loại các đoàn thể",
            ),
            (
                "Thực hiện quy chế dân chủ ở cơ sở",
                4,
                "Quy chế dân chủ, biên bản hội nghị cán bộ, công chức",
            ),
            (
                "Chấp hành kỷ luật, kỷ cương hành chính; không có cán bộ bị kỷ luật",
                4,
                "Báo cáo tình hình kỷ luật",
            ),
            (
                "Đào tạo, bồi dưỡng, nâng cao trình độ cán bộ, công chức",
                4,
                "Danh sách cán bộ được đào tạo",
            ),
        ],
    ),
    (
        "Công tác thi đua, khen thưởng",
        [
            (
                "Ban hành kế hoạch, phát động phong trào thi đua năm và theo chuyên đề",
                4,
                "Kế hoạch, văn bản phát động",
            ),
            ("Tổ chức ký kết giao ước thi đua và thực hiện đúng giao ước", 4, "Bản giao ước đã ký"),
            (
                "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến, mô hình hay",
                4,
                "Danh sách điển hình, bài viết tuyên truyền",
            ),
            (
                "Gửi báo cáo thi đua, khen thưởng đúng hạn, đúng nội dung",
                3,
                "Văn bản gửi kèm ngày phát hành",
            ),
            ("Tham gia đầy đủ các hoạt động, hội nghị của khối thi đua", 4, "Danh sách tham dự"),
            ("Khen thưởng kịp thời, đúng đối tượng, đúng quy định", 3, "Quyết định khen thưởng"),
            (
                "Hoạt động của Hội đồng thi đua, khen thưởng cơ quan",
                3,
                "Quyết định thành lập, biên bản họp Hội đồng",
            ),
        ],
    ),
]

OPENED = datetime.date(2020, 1, 10)  # an example date: the report gives none
CONFERENCE = datetime.date(2020, 1, 15)  # an example date: the report gives none

PAPER_SIGNERS = [  # agency, signer's title (the report does not name the signers)
    ("Sở Nội vụ", "Giám đốc"),
    ("Thanh tra tỉnh", "Chánh Thanh tra tỉnh"),
    ("Sở Xây dựng", "Giám đốc"),
]


def scan_pdf() -> bytes:
    """A blank one-page A4 PDF standing in for the scanned signature page."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def seed() -> str:
    done = (seed_tra_vinh(), seed_tra_vinh_2021(), seed_quang_binh())
    return " ".join(summary for summary in done if summary)


def _criteria_set(actor: User, bloc_year: BlocYear, title: str, sections: Any) -> CriteriaSet:
    criteria_set = criteria_sets.create_criteria_set(
        actor=actor,
        province=bloc_year.bloc.province,
        year=bloc_year.year,
        bloc_year=bloc_year,
        title=title,
    )
    for section_title, rows in sections:
        section = criteria.add_section(
            criteria_set, actor=actor, title=section_title, kind=SectionKind.STANDARD
        )
        for text, points, guidance in rows:
            criteria.add_criterion(
                section, actor=actor, text=text, max_points=Decimal(points), guidance=guidance
            )
    return criteria_set


@transaction.atomic
def seed_tra_vinh() -> str:
    bloc_year = (
        BlocYear.objects.filter(bloc__name="Khối thi đua số 6", year=2020)
        .select_related("bloc__province")
        .first()
    )
    if bloc_year is None or bloc_year.pledges.exists():
        return ""
    province = bloc_year.bloc.province
    secretary = User.objects.get(email="sokhcn@travinh.example")
    board = User.objects.get(email="bantdkt@travinh.example")
    template = CriteriaSet.objects.filter(province=province, year=2020, bloc_year=None).first()
    if template is None:
        template = criteria_sets.create_criteria_set(
            actor=board, province=province, year=2020, title=f"Bảng điểm mẫu năm 2020 {EXAMPLE}"
        )
        for title, rows in SECTIONS:
            section = criteria.add_section(
                template, actor=board, title=title, kind=SectionKind.STANDARD
            )
            for text, points, guidance in rows:
                criteria.add_criterion(
                    section, actor=board, text=text, max_points=Decimal(points), guidance=guidance
                )
    bloc_set = criteria_sets.create_criteria_set(
        actor=secretary,
        province=province,
        year=2020,
        bloc_year=bloc_year,
        title=f"Bảng điểm thi đua Khối thi đua số 6 năm 2020 {EXAMPLE}",
        copy_from=template,
    )
    pledge = signing.create_draft(
        bloc_year,
        actor=secretary,
        title="Giao ước thi đua năm 2020 - Khối thi đua số 6",
        preamble=(
            "Căn cứ Luật Thi đua, khen thưởng và các văn bản hướng dẫn thi hành; căn cứ Kế hoạch "
            "tổ chức phong trào thi đua năm 2020 của UBND tỉnh Trà Vinh, các đơn vị thành viên "
            f"Khối thi đua số 6 thống nhất ký kết giao ước thi đua năm 2020 {EXAMPLE}."
        ),
        commitments="\n".join(
            [
                "Hoàn thành xuất sắc nhiệm vụ chính trị được giao năm 2020",
                "Thực hiện tốt công tác phòng, chống dịch COVID-19 tại cơ quan",
                "Tham gia đầy đủ, có chất lượng các hoạt động của Khối thi đua số 6",
                "Chấm điểm, đánh giá trung thực, khách quan theo bảng điểm của khối",
            ]
        ),
        criteria_set=bloc_set,
    )
    # As in 2020: opened before the bloc's conference, where three agencies signed on paper.
    signing.open_for_signing(pledge, actor=secretary, opened_on=OPENED)
    agencies = {m.agency.name: m.agency for m in bloc_year.memberships.select_related("agency")}
    for name, title in PAPER_SIGNERS:
        signatures.record_paper_signature(
            pledge,
            actor=secretary,
            agency=agencies[name],
            signer_name=f"Lãnh đạo {name} {EXAMPLE}",
            signer_title=title,
            signed_on=CONFERENCE,
            scan=SimpleUploadedFile("ban-ky.pdf", scan_pdf(), content_type="application/pdf"),
        )
    return "Demo pledge ready: Trà Vinh Khối thi đua số 6, 2020 (22 example criteria)."


OPENED_2021 = datetime.date(2021, 1, 12)  # an example date


@transaction.atomic
def seed_tra_vinh_2021() -> str:
    """Khối 6's 2021: the same members, a copy of 2020's criteria, and a pledge open for signing
    that nobody has signed yet, so that a newcomer can sign online as `sokhcn@travinh.example`
    (the 2020 pledge is in force: the sơ kết scored it)."""
    from blocs.services import start_new_year
    from core.actors import SYSTEM

    bloc_year_2020 = (
        BlocYear.objects.filter(bloc__name="Khối thi đua số 6", year=2020)
        .select_related("bloc__province")
        .first()
    )
    if bloc_year_2020 is None or bloc_year_2020.bloc.years.filter(year=2021).exists():
        return ""
    last_set = CriteriaSet.objects.filter(bloc_year=bloc_year_2020).first()
    if last_set is None:
        return ""
    bloc_year = start_new_year(bloc_year_2020.bloc, 2021, actor=SYSTEM).bloc_year
    secretary = User.objects.get(email="sokhcn@travinh.example")
    bloc_set = criteria_sets.create_criteria_set(
        actor=secretary,
        province=bloc_year.bloc.province,
        year=2021,
        bloc_year=bloc_year,
        title=f"Bảng điểm thi đua Khối thi đua số 6 năm 2021 {EXAMPLE}",
        copy_from=last_set,
    )
    pledge = signing.create_draft(
        bloc_year,
        actor=secretary,
        title="Giao ước thi đua năm 2021 - Khối thi đua số 6",
        preamble=(
            "Căn cứ Luật Thi đua, khen thưởng và các văn bản hướng dẫn thi hành, các đơn vị thành "
            f"viên Khối thi đua số 6 thống nhất ký kết giao ước thi đua năm 2021 {EXAMPLE}."
        ),
        commitments="\n".join(
            [
                "Hoàn thành xuất sắc nhiệm vụ chính trị được giao năm 2021",
                "Tham gia đầy đủ, có chất lượng các hoạt động của Khối thi đua số 6",
            ]
        ),
        criteria_set=bloc_set,
    )
    signing.open_for_signing(pledge, actor=secretary, opened_on=OPENED_2021)
    return "Demo pledge open for signing: Trà Vinh Khối thi đua số 6, 2021."


# --- Quảng Bình, Khối thi đua các ban Đảng, 2016 ----------------------------------------------
#
# The news report of the bloc's sơ kết (1/7/2016) says the pledges were signed at the start of
# the year and names the head, Trần Hải Châu, Trưởng ban Nội chính Tỉnh ủy. The conference's
# date, the other signers and the criteria are EXAMPLES, marked as such.

QB_CONFERENCE = datetime.date(2016, 1, 20)  # an example date: "at the start of the year"

QB_SECTIONS: list[tuple[str, list[tuple[str, int, str]]]] = [
    (
        "Thực hiện nhiệm vụ chính trị, công tác tham mưu cho Tỉnh ủy",
        [
            (
                "Tham mưu Tỉnh ủy ban hành nghị quyết, chỉ thị, kết luận đúng tiến độ, chất lượng",
                20,
                "Danh mục văn bản đã tham mưu",
            ),
            (
                "Hoàn thành các chương trình, kế hoạch công tác năm của Ban Thường vụ Tỉnh ủy giao",
                20,
                "Báo cáo tổng kết năm",
            ),
            (
                "Kiểm tra, giám sát, đôn đốc thực hiện các nghị quyết của Đảng trong lĩnh vực "
                "được giao",
                10,
                "Kế hoạch và báo cáo kiểm tra, giám sát",
            ),
        ],
    ),
    (
        "Xây dựng Đảng, xây dựng cơ quan",
        [
            (
                "Xây dựng chi bộ, đảng bộ cơ quan trong sạch, vững mạnh tiêu biểu",
                10,
                "Kết quả đánh giá, xếp loại tổ chức đảng",
            ),
            (
                "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                10,
                "Kế hoạch và báo cáo thực hiện",
            ),
            (
                "Chấp hành kỷ luật, kỷ cương; thực hành tiết kiệm, chống lãng phí",
                10,
                "Báo cáo tình hình kỷ luật, quyết toán",
            ),
        ],
    ),
    (
        "Công tác thi đua, khen thưởng",
        [
            (
                "Phát động và tổ chức phong trào thi đua yêu nước trong cơ quan",
                10,
                "Kế hoạch, văn bản phát động",
            ),
            (
                "Tham gia đầy đủ các hoạt động của khối thi đua; báo cáo đúng hạn",
                10,
                "Danh sách tham dự, văn bản gửi kèm ngày phát hành",
            ),
        ],
    ),
]

QB_SIGNERS = {  # agency: (signer, title); only Trần Hải Châu is named by the report
    "Ban Nội chính Tỉnh ủy": ("Trần Hải Châu", "Trưởng ban"),
    "Ban Tổ chức Tỉnh ủy": (f"Lãnh đạo Ban Tổ chức Tỉnh ủy {EXAMPLE}", "Trưởng ban"),
    "Ban Tuyên giáo Tỉnh ủy": (f"Lãnh đạo Ban Tuyên giáo Tỉnh ủy {EXAMPLE}", "Trưởng ban"),
    "Ban Dân vận Tỉnh ủy": (f"Lãnh đạo Ban Dân vận Tỉnh ủy {EXAMPLE}", "Trưởng ban"),
    "Ủy ban Kiểm tra Tỉnh ủy": (f"Lãnh đạo Ủy ban Kiểm tra Tỉnh ủy {EXAMPLE}", "Chủ nhiệm"),
    "Văn phòng Tỉnh ủy": (f"Lãnh đạo Văn phòng Tỉnh ủy {EXAMPLE}", "Chánh Văn phòng"),
}


@transaction.atomic
def seed_quang_binh() -> str:
    """Recorded by the province's board in 2026, with the dates of 2016: opened and signed on
    paper by the six member agencies at the conference, so in force (and numbered) that day."""
    bloc_year = (
        BlocYear.objects.filter(bloc__name="Khối thi đua các ban Đảng", year=2016)
        .select_related("bloc__province")
        .first()
    )
    if bloc_year is None or bloc_year.pledges.exists():
        return ""
    board = User.objects.get(email="bantdkt@quangbinh.example")
    bloc_set = _criteria_set(
        board,
        bloc_year,
        f"Bảng điểm thi đua Khối thi đua các ban Đảng năm 2016 {EXAMPLE}",
        QB_SECTIONS,
    )
    pledge = signing.create_draft(
        bloc_year,
        actor=board,
        preamble=(
            "Thực hiện Kế hoạch tổ chức phong trào thi đua năm 2016 của Tỉnh ủy Quảng Bình, các "
            "ban Đảng, Ủy ban Kiểm tra và Văn phòng Tỉnh ủy thống nhất ký kết giao ước thi đua "
            f"năm 2016 {EXAMPLE}."
        ),
        commitments="\n".join(
            [
                "Hoàn thành xuất sắc nhiệm vụ tham mưu cho Ban Chấp hành Đảng bộ tỉnh",
                "Xây dựng cơ quan trong sạch, vững mạnh",
                "Tham gia đầy đủ các hoạt động của khối thi đua",
            ]
        ),
        criteria_set=bloc_set,
    )
    signing.open_for_signing(pledge, actor=board, opened_on=QB_CONFERENCE)
    for membership in bloc_year.memberships.select_related("agency"):
        signer_name, title = QB_SIGNERS[membership.agency.name]
        signatures.record_paper_signature(
            pledge,
            actor=board,
            agency=membership.agency,
            signer_name=signer_name,
            signer_title=title,
            signed_on=QB_CONFERENCE,
            scan=SimpleUploadedFile("ban-ky.pdf", scan_pdf(), content_type="application/pdf"),
        )
    return (
        "Demo pledge ready: Quảng Bình Khối thi đua các ban Đảng, 2016 (signed on paper "
        "on 20/01/2016, Party letterhead)."
    )
