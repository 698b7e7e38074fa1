"""The demo's selection: Khối thi đua các ban Đảng's tổng kết 2020 on 11/01/2021, its ballots
and its three dossiers submitted (issue 13, "Demo")."""

import io

import pytest
from django.core.management import call_command

from awards.models import Ballot, BallotStatus, Nomination, NominationStatus


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_party_bloc_nominations_are_submitted(seeded):
    nominations = {
        n.agency.name: n.award_type.key
        for n in Nomination.objects.select_related("agency", "award_type").filter(
            bloc_year__bloc__name="Khối thi đua các ban Đảng", year=2020
        )
    }
    assert nominations == {
        "Ủy ban Kiểm tra Tỉnh ủy": "co-thi-dua-chinh-phu",
        "Ban Tổ chức Tỉnh ủy": "co-thi-dua-tinh",
        "Ban Dân vận Tỉnh ủy": "bang-khen-tinh",
    }
    # Submitted, then decided by the board's part of the demo (seed_review).
    assert set(Nomination.objects.filter(year=2020).values_list("status", flat=True)) == {
        NominationStatus.DECIDED
    }
    ballots = Ballot.objects.filter(meeting__bloc_year__year=2020).order_by("sequence")
    assert [b.status for b in ballots] == [BallotStatus.CLOSED] * 2
    assert ballots[0].meeting.starts_at.strftime("%d/%m/%Y") == "11/01/2021"
    # Party layout: "Số 01-BB/…"
    assert ballots[0].number.startswith("Số 01-BB/")
    nomination = Nomination.objects.get(agency__name="Ban Tổ chức Tỉnh ủy", year=2020)
    assert {f.item for f in nomination.files.all()} >= {
        "to_trinh",
        "danh_sach",
        "kiem_phieu",
        "bao_cao_thanh_tich",
    }


def test_seeding_twice_adds_nothing(seeded):
    before = Nomination.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Nomination.objects.count() == before


# --- f2: the tổng kết 2020 minutes include the ballot results; the returned dossier corrected ---


def test_the_demo_year_end_minutes_include_both_ballots(seeded):
    from meetings.models import MeetingKind, Minutes

    minutes = Minutes.objects.get(
        meeting__bloc_year__bloc__name="Khối thi đua các ban Đảng",
        meeting__bloc_year__year=2020,
        meeting__kind=MeetingKind.YEAREND,
    )
    assert minutes.is_final
    numbers = [b.number for b in Ballot.objects.filter(meeting=minutes.meeting)]
    titles = " ".join(part["title"] for part in minutes.content["parts"])
    assert len(minutes.content["parts"]) == 2
    for number in numbers:
        assert number in titles
    lines = " ".join(line for part in minutes.content["parts"] for line in part["lines"])
    assert "Ủy ban Kiểm tra Tỉnh ủy – Cờ thi đua của Chính phủ" in lines
    # The returned dossier went back with a corrected report: round 2's file, round 1's kept.
    returned = Nomination.objects.get(agency__name="Ban Dân vận Tỉnh ủy", year=2020)
    reports = returned.files.filter(item="bao_cao_thanh_tich").order_by("round")
    assert [f.round for f in reports] == [1, 2]
