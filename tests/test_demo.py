"""`manage.py seed_demo` (run by `make run`): the demo data is there, and running it twice
changes nothing."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from blocs.models import BlocYear
from core.models import Change
from pledges.models import Criterion, Pledge, PledgeStatus, Signature
from pledges.selectors import awaiting_signature


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())


def _counts():
    return (
        BlocYear.objects.count(),
        User.objects.count(),
        Pledge.objects.count(),
        Criterion.objects.count(),
        Signature.objects.count(),
        Change.objects.count(),
    )


def test_seeding_twice_changes_nothing(seeded):
    before = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == before


def test_tra_vinh_bloc_6_has_its_2020_pledge_with_22_example_criteria(seeded):
    pledge = Pledge.objects.get(bloc_year__bloc__name="Khối thi đua số 6", bloc_year__year=2020)

    sections = pledge.snapshot["sections"]
    assert [len(s["criteria"]) for s in sections] == [9, 6, 7]
    assert pledge.snapshot["totals"]["standard"] == "100.00"
    assert "ví dụ" in pledge.criteria_set.title  # the texts are examples, and say so
    assert pledge.criteria_set.copied_from.bloc_year is None  # adapted from the province's
    assert pledge.status == PledgeStatus.OPEN
    assert sorted(s.agency.name for s in pledge.signatures.all()) == [
        "Sở Nội vụ",
        "Sở Xây dựng",
        "Thanh tra tỉnh",
    ]
    # The demo signer of Sở KH&CN finds it waiting on their dashboard.
    assert awaiting_signature(User.objects.get(email="sokhcn@travinh.example")) == [pledge]
