"""The board's part of the demo (awards/demo.py, seed_review): the 2020 nominations of Khối thi
đua các ban Đảng decided, Ban Dân vận's returned with a reason and resubmitted first."""

import io

import pytest
from django.core.management import call_command

from awards.demo import RETURN_REASON, REVIEW_BLOC, seed_review
from awards.models import AwardRecord, Nomination, NominationStatus
from blocs.models import Agency, Bloc, MemberRole, Membership
from core.models import Change
from tests.awards.conftest import submitted_nomination
from tests.factories import BlocYearFactory


@pytest.fixture
def proposed(db):
    """The demo, and the three nominations the selection's demo makes at the tổng kết 2020."""
    call_command("seed_demo", stdout=io.StringIO())
    bloc = Bloc.objects.get(name=REVIEW_BLOC)
    bloc_year = bloc.years.filter(year=2020).first() or BlocYearFactory(bloc=bloc, year=2020)
    nominees = {
        "co-thi-dua-chinh-phu": "Ủy ban Kiểm tra Tỉnh ủy",
        "co-thi-dua-tinh": "Ban Tổ chức Tỉnh ủy",
        "bang-khen-tinh": "Ban Dân vận Tỉnh ủy",
    }
    for key, name in nominees.items():
        agency = Agency.objects.get(province=bloc.province, name=name)
        Membership.objects.get_or_create(
            bloc_year=bloc_year, agency=agency, defaults={"role": MemberRole.MEMBER}
        )
        if not Nomination.objects.filter(agency=agency, award_type__key=key, year=2020).exists():
            submitted_nomination(bloc_year, agency, key)
    return bloc_year


def test_the_demo_decides_the_2020_nominations(proposed):
    # seed_demo ran the selection's demo, then seed_review decided its three nominations.
    nominations = Nomination.objects.filter(bloc_year=proposed)
    assert {n.status for n in nominations} == {NominationStatus.DECIDED}
    returned = nominations.get(agency__name="Ban Dân vận Tỉnh ủy")
    assert returned.round == 2
    actions = set(
        Change.objects.filter(object_id=returned.pk, action__startswith="nomination_").values_list(
            "action", "reason"
        )
    )
    assert ("nomination_returned", RETURN_REASON) in actions
    assert any(action == "nomination_resubmitted" for action, _ in actions)
    flag = AwardRecord.objects.get(agency__name="Ủy ban Kiểm tra Tỉnh ủy", year=2020)
    assert flag.award_type.key == "co-thi-dua-chinh-phu"
    assert "ví dụ" in flag.decision_number
    # Again: nothing more.
    assert seed_review() == ""
    province = proposed.bloc.province
    assert AwardRecord.objects.filter(agency__province=province, year=2020).count() == 3
