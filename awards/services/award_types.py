"""The province's award types: seeded from domain.md's table with their legal articles when a
province is created (a post_save signal, AwardsConfig.ready) or, for provinces that existed
before, the first time its types are read; then edited by the board.

Seeding only adds the types a province lacks (by key): it never overwrites what the board
changed. Names follow the province's kind ("UBND tỉnh", "UBND thành phố"). The rules seeded are
defaults the board edits: where the law leaves a number to the province or where we could not
confirm it (the Prime Minister's certificate's years, the Government flag's share), the legal
basis says so.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from blocs.models import Province
from core.versioning import save_versioned
from meetings.services.rules import rules_for

from .. import history
from ..access import can_manage_awards
from ..models import (
    AwardLevel,
    AwardType,
    ChangeAction,
    DossierItem,
    QuotaRule,
    Recipient,
    ThresholdBase,
)

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
DECREE = "Nghị định 152/2025/NĐ-CP"

# Dossier parts every bloc nomination carries (Luật 06/2022 Art. 84; NĐ 152/2025 Mẫu 01).
BASE_CHECKLIST = [
    {"key": DossierItem.PROPOSAL.value, "label": "Tờ trình đề nghị khen thưởng (Mẫu 01)"},
    {"key": DossierItem.LIST.value, "label": "Danh sách đề nghị khen thưởng"},
    {"key": DossierItem.MINUTES.value, "label": "Biên bản họp bình xét"},
    {"key": DossierItem.BALLOT_RESULT.value, "label": "Biên bản kiểm phiếu"},
    {
        "key": DossierItem.ACHIEVEMENT_REPORT.value,
        "label": "Báo cáo thành tích (thủ trưởng ký, cấp trên xác nhận)",
    },
]
ELECTRONIC = {
    "key": DossierItem.ELECTRONIC.value,
    "label": "Tệp Word và PDF cho Hệ thống hồ sơ điện tử quốc gia",
}


@dataclass(frozen=True)
class Seed:
    key: str
    name: str  # "{kind}" is the province's kind word
    short_name: str
    level: str
    decider: str  # "{committee}" is the province's people's committee, "{kind}" its kind word
    article: int
    legal_basis: str
    band_years: int = 1
    max_rank: int | None = None
    quota_rule: str = QuotaRule.NONE
    quota_base: str = ""
    quota_percent: Decimal | None = None
    checklist: list[dict[str, str]] = field(default_factory=lambda: list(BASE_CHECKLIST))


SEEDS = [
    Seed(
        key="co-thi-dua-chinh-phu",
        name="Cờ thi đua của Chính phủ",
        short_name="Cờ CP",
        level=AwardLevel.NATIONAL,
        decider="Thủ tướng Chính phủ",
        article=25,
        legal_basis=(
            "Xét tặng hằng năm cho tập thể hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ "
            "được giao, tiêu biểu xuất sắc của tỉnh, chọn trong số các tập thể dẫn đầu các khối, "
            f"cụm thi đua (Điều 25 {LAW}; {DECREE}). Số lượng mỗi tỉnh có hạn mức (trước đây "
            "không quá 20 % số tập thể được tặng Cờ thi đua cấp tỉnh): tỷ lệ ở đây là mặc định, "
            "Ban sửa theo văn bản hiện hành."
        ),
        max_rank=1,
        quota_rule=QuotaRule.SHARE_OF_AWARD,
        quota_base="co-thi-dua-tinh",
        quota_percent=Decimal(20),
        checklist=[*BASE_CHECKLIST, ELECTRONIC],
    ),
    Seed(
        key="co-thi-dua-tinh",
        name="Cờ thi đua của UBND {kind}",
        short_name="Cờ UBND",
        level=AwardLevel.PROVINCIAL,
        decider="{committee}",
        article=26,
        legal_basis=(
            "Xét tặng hằng năm cho tập thể tiêu biểu xuất sắc, được bình xét, suy tôn là đơn vị "
            f"dẫn đầu khối, cụm thi đua do tỉnh tổ chức: mỗi khối một đơn vị (Điều 26 {LAW}; "
            f"{DECREE})."
        ),
        max_rank=1,
        quota_rule=QuotaRule.LEADING_UNIT,
    ),
    Seed(
        key="bang-khen-thu-tuong",
        name="Bằng khen của Thủ tướng Chính phủ",
        short_name="BK TTg",
        level=AwardLevel.NATIONAL,
        decider="Thủ tướng Chính phủ",
        article=71,
        legal_basis=(
            "Tặng tập thể có thành tích xuất sắc, đạt một trong các tiêu chuẩn của Điều 71 "
            f"{LAW}, trong đó có nhiều năm liên tục hoàn thành xuất sắc nhiệm vụ ({DECREE}); hồ "
            "sơ trình qua tỉnh. Số năm ở đây (05) là mặc định: Ban đối chiếu văn bản hiện hành."
        ),
        band_years=5,
        checklist=[*BASE_CHECKLIST, ELECTRONIC],
    ),
    Seed(
        key="bang-khen-tinh",
        name="Bằng khen của Chủ tịch UBND {kind}",
        short_name="BK CT UBND",
        level=AwardLevel.PROVINCIAL,
        decider="Chủ tịch {committee}",
        article=74,
        legal_basis=(
            "Tặng tập thể đạt một trong các tiêu chuẩn của Điều 74 "
            f"{LAW}, thường là 02 năm liên tục hoàn thành xuất sắc nhiệm vụ, nội bộ đoàn kết "
            f"({DECREE}). Các khối thường đề nghị các đơn vị xếp thứ 2–3."
        ),
        band_years=2,
    ),
    Seed(
        key="tap-the-lao-dong-xuat-sac",
        name="Tập thể lao động xuất sắc",
        short_name="TTLĐXS",
        level=AwardLevel.PROVINCIAL,
        decider="Chủ tịch {committee}",
        article=27,
        legal_basis=(
            "Danh hiệu xét tặng hằng năm cho tập thể hoàn thành xuất sắc nhiệm vụ: 100 % thành "
            "viên hoàn thành nhiệm vụ, ít nhất 70 % đạt danh hiệu “Lao động tiên tiến”, có cá "
            "nhân đạt danh hiệu “Chiến sĩ thi đua cơ sở”, không có cá nhân bị kỷ luật từ khiển "
            f"trách trở lên (Điều 27 {LAW}; {DECREE})."
        ),
        checklist=[
            *BASE_CHECKLIST,
            {
                "key": "danh_hieu_ca_nhan",
                "label": "Quyết định công nhận Lao động tiên tiến, Chiến sĩ thi đua cơ sở",
            },
        ],
    ),
]


def _fill(text: str, province: Province) -> str:
    return text.format(kind=province.kind_word, committee=province.people_committee_name)


def _top_band(province_id: int) -> str:
    """The province's highest band ("Hoàn thành xuất sắc nhiệm vụ" by default)."""
    bands = sorted(
        rules_for(province_id).bands, key=lambda band: Decimal(str(band["min"])), reverse=True
    )
    return str(bands[0]["label"]) if bands else ""


def ensure_award_types(province: Province) -> list[AwardType]:
    """Create the seeded types the province lacks; leave every existing one as it is. Returns
    the province's types in order. Safe to call twice, and from two requests at once."""
    existing = {t.key: t for t in AwardType.objects.filter(province=province)}
    missing = [seed for seed in SEEDS if seed.key not in existing]
    if missing:
        band = _top_band(province.pk)
        for seed in missing:
            try:
                with transaction.atomic():
                    existing[seed.key] = AwardType.objects.create(
                        province=province,
                        key=seed.key,
                        name=_fill(seed.name, province),
                        short_name=seed.short_name,
                        position=SEEDS.index(seed) + 1,
                        level=seed.level,
                        recipient=Recipient.COLLECTIVE,
                        decider=_fill(seed.decider, province),
                        citation=f"Điều {seed.article} {LAW}",
                        legal_basis=seed.legal_basis,
                        required_band=band,
                        band_years=seed.band_years,
                        max_rank=seed.max_rank,
                        quota_rule=QuotaRule.NONE,  # the base is linked below
                        quota_percent=seed.quota_percent,
                        threshold_percent=Decimal(50),
                        threshold_strict=True,
                        threshold_base=ThresholdBase.MEMBERS,
                        checklist=seed.checklist,
                    )
            except IntegrityError:  # created meanwhile by another request, or a name taken
                found = AwardType.objects.filter(province=province, key=seed.key).first()
                if found is not None:
                    existing[seed.key] = found
        for seed in missing:
            created = existing.get(seed.key)
            base = existing.get(seed.quota_base) if seed.quota_base else None
            if created is not None and seed.quota_rule != QuotaRule.NONE:
                if seed.quota_rule == QuotaRule.SHARE_OF_AWARD and base is None:
                    continue
                created.quota_rule = seed.quota_rule
                created.quota_base = base
                created.save(update_fields=["quota_rule", "quota_base"])
    return sorted(existing.values(), key=lambda t: (t.position, t.pk))


def award_types_of(province: Province) -> list[AwardType]:
    """The province's types in order, seeding them on first use (a province created before the
    awards app existed)."""
    types = list(
        AwardType.objects.filter(province=province)
        .select_related("quota_base")
        .order_by("position", "pk")
    )
    return types if types else ensure_award_types(province)


# --- The board edits a type's rules -----------------------------------------------------------

RULE_FIELDS = (
    "name",
    "short_name",
    "level",
    "recipient",
    "decider",
    "citation",
    "legal_basis",
    "is_active",
    "required_band",
    "band_years",
    "max_rank",
    "quota_rule",
    "quota_base",
    "quota_percent",
    "threshold_percent",
    "threshold_strict",
    "threshold_base",
    "checklist",
)


def rules_data(award_type: AwardType) -> dict[str, Any]:
    """The rules as JSON values for the change log."""
    data: dict[str, Any] = {}
    for name in RULE_FIELDS:
        value = getattr(award_type, name)
        if name == "quota_base":
            value = value.name if value is not None else ""
        elif isinstance(value, Decimal):
            value = f"{value.normalize():f}"
        data[name] = value
    return data


def check_rules(award_type: AwardType) -> None:
    """The rules that cannot be a form's field-by-field concern."""
    if award_type.quota_rule == QuotaRule.SHARE_OF_AWARD:
        if award_type.quota_base is None or award_type.quota_percent is None:
            raise ValidationError(
                _("A quota as a share of another award needs that award and the percentage."),
                code="quota_incomplete",
            )
        if award_type.quota_base.pk == award_type.pk:
            raise ValidationError(
                _("An award's quota cannot be a share of itself."), code="quota_itself"
            )
        if award_type.quota_base.province_id != award_type.province_id:
            raise ValidationError(_("Choose an award of the same province."), code="quota_province")
    if award_type.quota_rule != QuotaRule.SHARE_OF_AWARD:
        award_type.quota_base = None
        award_type.quota_percent = None


@transaction.atomic
def update_award_type(
    award_type: AwardType, expected_version: int | None, *, actor: Any, **values: Any
) -> AwardType:
    """The board changes a type's rules; the change log keeps what changed."""
    if not can_manage_awards(actor, award_type.province_id):
        raise PermissionDenied
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"not a rule of an award type: {sorted(unknown)}")
    before = rules_data(AwardType.objects.select_related("quota_base").get(pk=award_type.pk))
    for name, value in values.items():
        setattr(award_type, name, value)
    check_rules(award_type)
    try:
        with transaction.atomic():
            save_versioned(award_type, expected_version)
    except IntegrityError:
        raise ValidationError(
            _("The province already has an award with this name."), code="name_taken"
        ) from None
    old, new = history.changed_fields(before, rules_data(award_type))
    if new:
        history.record(
            actor,
            ChangeAction.EDITED,
            award_type,
            province_id=award_type.province_id,
            subject=award_type.name,
            before=old,
            after=new,
        )
    return award_type
