"""Demo pledge: Trà Vinh, Khối thi đua số 6, 2020 (shared/domain.md, "Real blocs").

The news report says the 2020 pledge had 9 criteria on socio-economic development and
defence-security, 6 on building the political system and 7 on emulation and commendation work.
The criterion texts are not public: those below are EXAMPLES written for the demo, and the set's
title says so. The board's 2020 template holds them; the bloc's set is a copy of it.

State after seeding: the pledge is open for signing; Sở Nội vụ, Thanh tra tỉnh and Sở Xây dựng
signed on paper (recorded by the Khối phó); Sở Khoa học và Công nghệ (demo login
sokhcn@travinh.example) and Ban Dân tộc have not signed yet.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from blocs.models import BlocYear

from .models import CriteriaSet, Pledge, SectionKind
from .services import criteria, criteria_sets, signing

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

OPENED = timezone.make_aware(datetime.datetime(2020, 1, 10, 8, 0))
CONFERENCE = datetime.date(2020, 1, 15)  # an example date: the report gives none

PAPER_SIGNERS = [  # agency, signer's title (the report does not name the signers)
    ("Sở Nội vụ", "Giám đốc"),
    ("Thanh tra tỉnh", "Chánh Thanh tra tỉnh"),
    ("Sở Xây dựng", "Giám đốc"),
]

# A one-page PDF standing in for the scanned signature page.
SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@transaction.atomic
def seed() -> str:
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
    signing.open_for_signing(pledge, actor=secretary)
    # As in 2020: opened before the bloc's conference, where three agencies signed on paper.
    Pledge.objects.filter(pk=pledge.pk).update(opened_at=OPENED)
    pledge.refresh_from_db()
    agencies = {m.agency.name: m.agency for m in bloc_year.memberships.select_related("agency")}
    for name, title in PAPER_SIGNERS:
        signing.record_paper_signature(
            pledge,
            actor=secretary,
            agency=agencies[name],
            signer_name=f"Lãnh đạo {name} {EXAMPLE}",
            signer_title=title,
            signed_on=CONFERENCE,
            scan=SimpleUploadedFile("ban-ky.pdf", SCAN, content_type="application/pdf"),
        )
    return "Demo pledge ready: Trà Vinh Khối thi đua số 6, 2020 (22 example criteria)."
