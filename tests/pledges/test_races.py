"""Signatures given at the same moment, over two real database connections.

Each thread has its own connection (Django's connections are per thread) and commits for real,
so these tests use transaction=True: pytest-django empties the tables afterwards. SQLite
serialises writers by locking the whole file instead of rows, so they run on PostgreSQL only.
"""

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from pledges.models import ChangeAction, PledgeStatus, Signature
from pledges.services import signatures
from tests.concurrency import at_the_same_moment
from tests.factories import AgencyOfficerFactory

from .signatures import sign_on_paper, sign_online

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers by locking the file")


def signs(pledge, user) -> Callable[[], Signature]:
    return lambda: sign_online(pledge, user)


@pytest.fixture
def slow_completion_check(monkeypatch):
    """Each signature waits a moment after counting the signatures, before it commits: without
    the pledge's row lock both would count only their own and neither would bring the pledge
    into force; with it the second waits for the first to commit."""
    check = signatures._come_into_force_if_complete

    def slow(pledge: Any, actor: Any) -> None:
        check(pledge, actor)
        time.sleep(0.3)

    monkeypatch.setattr(signatures, "_come_into_force_if_complete", slow)


@pytest.mark.usefixtures("slow_completion_check")
def test_last_two_agencies_signing_together_bring_it_into_force_once(world, open_pledge):
    deputy_signer = AgencyOfficerFactory(agency=world.deputy, can_sign=True)
    sign_on_paper(open_pledge, world, world.member)

    results = at_the_same_moment(
        signs(open_pledge, world.users["secretariat"]), signs(open_pledge, deputy_signer)
    )

    assert all(isinstance(result, Signature) for result in results), results
    assert set(
        Signature.objects.filter(pledge=open_pledge).values_list("agency_id", flat=True)
    ) == {world.head.pk, world.deputy.pk, world.member.pk}
    open_pledge.refresh_from_db()
    assert open_pledge.status == PledgeStatus.IN_FORCE
    assert open_pledge.in_force_at is not None
    assert open_pledge.changes.filter(action=ChangeAction.IN_FORCE).count() == 1
    assert open_pledge.changes.filter(action=ChangeAction.SIGNED).count() == 3


def test_two_officers_of_one_agency_signing_together_give_one_signature(world, open_pledge):
    colleague = AgencyOfficerFactory(agency=world.head, can_sign=True)

    results = at_the_same_moment(
        signs(open_pledge, world.users["secretariat"]), signs(open_pledge, colleague)
    )

    signed = [result for result in results if isinstance(result, Signature)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert (len(signed), len(refused)) == (1, 1), results
    assert refused[0].code == "already_signed"
    assert Signature.objects.filter(pledge=open_pledge, agency=world.head).count() == 1
    assert open_pledge.changes.filter(action=ChangeAction.SIGNED).count() == 1
    open_pledge.refresh_from_db()
    assert open_pledge.status == PledgeStatus.OPEN
