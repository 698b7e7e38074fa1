"""Award types: seeded per province with their legal articles when the province is created, never
overwriting the board's edits; the board edits the rules on a page, versioned and logged."""

from decimal import Decimal

import pytest
from django.urls import reverse

from awards.models import AwardLevel, AwardType, QuotaRule, ThresholdBase
from awards.services.award_types import SEEDS, award_types_of, ensure_award_types
from blocs.models import Province, ProvinceKind
from core.models import Change
from tests.factories import ProvinceFactory


def test_a_new_province_gets_the_five_award_types_with_their_articles(db):
    province = ProvinceFactory(name="Trà Vinh", code="tv")
    types = {t.key: t for t in AwardType.objects.filter(province=province)}

    assert [t.name for t in sorted(types.values(), key=lambda t: t.position)] == [
        "Cờ thi đua của Chính phủ",
        "Cờ thi đua của UBND tỉnh",
        "Bằng khen của Thủ tướng Chính phủ",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Tập thể lao động xuất sắc",
    ]
    assert {key: t.citation.split(" ")[1] for key, t in types.items()} == {
        "co-thi-dua-chinh-phu": "25",
        "co-thi-dua-tinh": "26",
        "tap-the-lao-dong-xuat-sac": "27",
        "bang-khen-thu-tuong": "71",
        "bang-khen-tinh": "74",
    }
    assert all("06/2022/QH15" in t.citation for t in types.values())
    assert all("152/2025" in t.legal_basis for t in types.values())
    government = types["co-thi-dua-chinh-phu"]
    assert government.level == AwardLevel.NATIONAL
    assert government.quota_rule == QuotaRule.SHARE_OF_AWARD
    assert government.quota_base == types["co-thi-dua-tinh"]
    assert government.quota_percent == Decimal(20)
    assert types["co-thi-dua-tinh"].quota_rule == QuotaRule.LEADING_UNIT
    assert types["co-thi-dua-tinh"].max_rank == 1
    assert types["bang-khen-tinh"].band_years == 2
    assert types["bang-khen-tinh"].required_band == "Hoàn thành xuất sắc nhiệm vụ"
    assert types["bang-khen-tinh"].decider == "Chủ tịch UBND tỉnh Trà Vinh"
    assert (
        types["bang-khen-tinh"].threshold_percent,
        types["bang-khen-tinh"].threshold_strict,
    ) == (
        Decimal(50),
        True,
    )
    assert types["bang-khen-tinh"].threshold_base == ThresholdBase.MEMBERS
    assert "ho_so_dien_tu" in [i["key"] for i in government.checklist]


def test_a_city_names_its_own_committee(db):
    city = ProvinceFactory(name="Thành phố Hà Nội", code="hn", kind=ProvinceKind.CITY)
    names = set(AwardType.objects.filter(province=city).values_list("name", flat=True))

    assert "Cờ thi đua của UBND thành phố" in names
    assert "Bằng khen của Chủ tịch UBND thành phố" in names


def test_seeding_again_adds_only_what_is_missing_and_keeps_the_boards_edits(db):
    province = ProvinceFactory()
    flag = AwardType.objects.get(province=province, key="co-thi-dua-tinh")
    flag.threshold_percent = Decimal(70)
    flag.save()
    AwardType.objects.filter(province=province, key="tap-the-lao-dong-xuat-sac").delete()

    ensure_award_types(province)

    assert AwardType.objects.filter(province=province).count() == len(SEEDS)
    flag.refresh_from_db()
    assert flag.threshold_percent == Decimal(70)


def test_seeding_writes_no_change_log_entry(db):
    ProvinceFactory()
    assert Change.objects.count() == 0


def test_a_province_older_than_the_app_is_seeded_when_its_types_are_first_read(db):
    province = ProvinceFactory()
    AwardType.objects.filter(province=province).update(quota_rule="none", quota_base=None)
    AwardType.objects.filter(province=province).delete()

    assert len(award_types_of(province)) == len(SEEDS)


def _edit_data(award_type: AwardType, **changes) -> dict:
    data = {
        "name": award_type.name,
        "short_name": award_type.short_name,
        "level": award_type.level,
        "recipient": award_type.recipient,
        "decider": award_type.decider,
        "citation": award_type.citation,
        "legal_basis": award_type.legal_basis,
        "is_active": "on",
        "required_band": award_type.required_band,
        "band_years": award_type.band_years,
        "max_rank": award_type.max_rank or "",
        "quota_rule": award_type.quota_rule,
        "quota_base": award_type.quota_base_id or "",
        "quota_percent": str(award_type.quota_percent or ""),
        "threshold_percent": "50",
        "threshold_strict": "on",
        "threshold_base": award_type.threshold_base,
        "standard_items": [i["key"] for i in award_type.checklist],
        "other_items": "",
        "expected_version": award_type.version,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_board_changes_the_threshold_and_the_history_keeps_it(world, client_for):
    certificate = AwardType.objects.get(province=world.province, key="bang-khen-tinh")
    url = reverse("awards:award_type_edit", args=[certificate.pk])
    data = _edit_data(
        certificate,
        threshold_percent="70",
        threshold_strict=None,
        threshold_base=ThresholdBase.VALID_BALLOTS,
        other_items="Danh sách đơn vị\n",
    )

    response = client_for("board").post(url, data)

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert (certificate.threshold_percent, certificate.threshold_strict) == (Decimal(70), False)
    assert certificate.version == 2
    assert certificate.checklist[-1] == {"key": "danh_sach_don_vi", "label": "Danh sách đơn vị"}
    change = Change.objects.get()
    assert change.action == "edited"
    assert change.before["threshold_percent"] == "50"
    assert change.after["threshold_percent"] == "70"
    assert change.after["threshold_base"] == "valid_ballots"
    page = client_for("board").get(certificate.get_absolute_url()).content.decode()
    assert "70" in page
    assert "Danh sách đơn vị" in page


def test_a_stale_edit_is_refused(world, client_for):
    certificate = AwardType.objects.get(province=world.province, key="bang-khen-tinh")
    url = reverse("awards:award_type_edit", args=[certificate.pk])
    client = client_for("board")
    client.post(url, _edit_data(certificate, threshold_percent="60"))

    response = client.post(url, _edit_data(certificate, threshold_percent="70"))

    assert response.status_code == 200
    assert "Người khác đã thay đổi bản ghi này" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.threshold_percent == Decimal(60)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"threshold_percent": "0"}, "threshold_percent"),
        ({"threshold_percent": "100,5"}, "threshold_percent"),
        ({"threshold_percent": "năm mươi"}, "threshold_percent"),
        ({"band_years": "0"}, "band_years"),
        ({"quota_rule": "share_of_award", "quota_base": "", "quota_percent": ""}, "quota_base"),
        ({"required_band": "Không có"}, "required_band"),
    ],
)
def test_bad_rules_are_refused_with_a_message(world, client_for, changes, field):
    certificate = AwardType.objects.get(province=world.province, key="bang-khen-tinh")
    url = reverse("awards:award_type_edit", args=[certificate.pk])

    response = client_for("board").post(url, _edit_data(certificate, **changes))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    certificate.refresh_from_db()
    assert certificate.version == 1


def test_a_quota_cannot_be_a_share_of_another_provinces_award(world, client_for):
    government = AwardType.objects.get(province=world.province, key="co-thi-dua-chinh-phu")
    foreign = AwardType.objects.get(province=world.foreign_province, key="co-thi-dua-tinh")
    url = reverse("awards:award_type_edit", args=[government.pk])

    response = client_for("board").post(url, _edit_data(government, quota_base=foreign.pk))

    assert "quota_base" in response.context["form"].errors
    government.refresh_from_db()
    assert government.quota_base.province == world.province


def test_the_list_shows_the_users_province_only(world, client_for):
    page = client_for("member").get(reverse("awards:award_types")).content.decode()

    assert "Cờ thi đua của Chính phủ" in page
    assert page.count("Điều 25 Luật") == 1  # not Bình Định's too
    assert Province.objects.count() == 2
