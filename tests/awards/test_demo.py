"""Awards' demo data: every demo province has its award types, and Điện Biên's flag presented at
the 2019 sơ kết is in Sở Công Thương's history, its examples marked as such."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from awards.models import AwardRecord, AwardType, RecordSource
from awards.services.award_types import SEEDS
from blocs.models import Province


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_every_demo_province_has_its_award_types(seeded):
    for province in Province.objects.all():
        assert AwardType.objects.filter(province=province).count() == len(SEEDS), province


def test_dien_biens_flag_is_in_so_cong_thuongs_history(seeded, client):
    record = AwardRecord.objects.get(
        agency__name="Sở Công Thương", agency__province__code="dien-bien"
    )

    assert record.award_type.key == "co-thi-dua-tinh"
    assert record.award_name == "Cờ thi đua của UBND tỉnh"
    assert record.source == RecordSource.BOARD
    assert record.issuer == "UBND tỉnh Điện Biên"
    assert "ví dụ" in record.decision_number
    assert "ví dụ" in record.note
    assert "29/07/2019" in record.note

    # Anyone who sees the agency reads it on its page; here the province's board.
    board = User.objects.filter(role="board", province=record.agency.province).first()
    if board is None:  # the demo has no board account in Điện Biên: an operator reads it
        board = User.objects.filter(is_superuser=True).first()
    client.force_login(board)
    page = client.get(record.agency.get_absolute_url()).content.decode()
    assert "Cờ thi đua của UBND tỉnh" in page
    assert "Số 250/QĐ-UBND (ví dụ)" in page
