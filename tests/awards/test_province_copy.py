"""Nominations and award records carry their bloc's and agency's province (issue 14: the board's
inbox and statistics read one province's rows by an index, without joining every province's
blocs or agencies). The copy is made on save and follows a province merger."""

import datetime

from awards.board_selectors import inbox
from awards.models import AwardRecord, AwardType, Nomination, RecordSource
from awards.services.statistics import province_statistics
from blocs import merger
from core.actors import SYSTEM
from tests.awards.conftest import submitted_nomination
from tests.factories import BlocYearFactory

from ..mergers import EFFECTIVE, provinces_to_merge


def _record(agency, award_type, year):
    return AwardRecord.objects.create(
        agency=agency,
        award_type=award_type,
        award_name=award_type.name,
        year=year,
        decision_number="Số 12/QĐ-UBND",
        decision_date=datetime.date(year + 1, 2, 1),
        issuer="UBND tỉnh",
        source=RecordSource.BOARD,
    )


def test_a_nomination_and_a_record_take_their_province_and_follow_a_merger(db):
    m = provinces_to_merge()
    year_2024 = BlocYearFactory(bloc=m.bloc, year=2024)
    nomination = submitted_nomination(year_2024, m.head)
    award = AwardType.objects.get(province=m.merged, key="co-thi-dua-tinh")
    record = _record(m.head, award, 2024)
    assert nomination.province == record.province == m.merged
    assert [n.pk for n in inbox(m.old_board, m.merged, {}).page] == [nomination.pk]

    plan = merger.merge_provinces(
        m.into, m.merged, effective=EFFECTIVE, actor=SYSTEM, rename_clashes=True
    )

    assert ("hồ sơ đề nghị và quá trình khen thưởng", 2) in [(str(k), n) for k, n in plan.counts]
    nomination = Nomination.objects.get(pk=nomination.pk)
    record = AwardRecord.objects.get(pk=record.pk)
    assert nomination.province == record.province == m.into
    # The 2024 bloc-year began before the merger: it stays the merged province's, but its
    # nomination is read by the new province's board, with the bloc.
    assert year_2024.province == m.merged
    assert [n.pk for n in inbox(m.new_board, m.into, {}).page] == [nomination.pk]
    assert not inbox(m.new_board, m.merged, {}).page
    stats = province_statistics(m.into, 2024)
    assert stats.total == 1
    # Its award is Quảng Bình's type, which stays with Quảng Bình: counted as another award.
    assert [c.key for c in stats.columns][-1] == "other"
    # Its nomination too, in the nominations' figures.
    (other,) = [row for row in stats.nominations if row.label == "Hình thức khác"]
    assert (other.nominated, other.pending) == (1, 1)
