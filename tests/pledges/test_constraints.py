"""The database's own rules for pledges: they hold even if a service forgot one."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from pledges.models import Criterion, Pledge, PledgeStatus, Signature, SignatureMethod

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_second_current_pledge_of_a_bloc_year_is_refused(world, draft_pledge):
    def second():
        Pledge.objects.create(bloc_year=world.bloc_year, revision=2, title="Bản thứ hai")

    assert refused(second)
    assert world.bloc_year.pledges.count() == 1


def test_withdrawn_revisions_do_not_count_as_current(world, open_pledge):
    Pledge.objects.filter(pk=open_pledge.pk).update(status=PledgeStatus.WITHDRAWN)

    Pledge.objects.create(bloc_year=world.bloc_year, revision=2, title="Bản thứ hai")

    assert world.bloc_year.pledges.count() == 2


def test_revision_numbers_are_unique_per_bloc_year(world, open_pledge):
    Pledge.objects.filter(pk=open_pledge.pk).update(status=PledgeStatus.WITHDRAWN)

    assert refused(lambda: Pledge.objects.create(bloc_year=world.bloc_year, revision=1, title="X"))


def test_open_pledge_needs_its_frozen_text(world, criteria_set):
    def open_without_snapshot():
        Pledge.objects.create(bloc_year=world.bloc_year, title="X", status=PledgeStatus.OPEN)

    assert refused(open_without_snapshot)


@pytest.mark.parametrize("points", ["0", "-1", "10000.01"])
def test_maximum_points_must_be_above_zero_and_bounded(criteria_set, points):
    section = criteria_set.sections.first()

    def criterion():
        Criterion.objects.create(section=section, text="Sai", max_points=Decimal(points))

    assert refused(criterion)
    assert section.criteria.count() == 2


def signature(pledge, agency, **values) -> Signature:
    return Signature(
        pledge=pledge,
        agency=agency,
        signer_name="Nguyễn Văn An",
        signer_title="Giám đốc",
        signed_at=timezone.now(),
        sha256=pledge.snapshot_sha256,
        **values,
    )


def test_agency_signs_a_pledge_once(world, open_pledge):
    user = world.users["secretariat"]
    signature(open_pledge, world.head, method=SignatureMethod.ONLINE, user=user).save()

    assert refused(
        lambda: signature(open_pledge, world.head, method=SignatureMethod.ONLINE, user=user).save()
    )
    assert open_pledge.signatures.count() == 1


def test_online_signature_needs_its_user(world, open_pledge):
    assert refused(lambda: signature(open_pledge, world.head, method=SignatureMethod.ONLINE).save())
    assert not Signature.objects.exists()


def test_paper_signature_needs_its_scan(world, open_pledge):
    def paper():
        signature(
            open_pledge,
            world.member,
            method=SignatureMethod.PAPER,
            recorded_by=world.users["secretariat"],
        ).save()

    assert refused(paper)
    assert not Signature.objects.exists()


def test_paper_signature_with_scan_and_recorder_is_accepted(world, open_pledge):
    signature(
        open_pledge,
        world.member,
        method=SignatureMethod.PAPER,
        recorded_by=world.users["secretariat"],
        scan="pledges/scans/1/1.pdf",
    ).save()

    assert open_pledge.signatures.count() == 1
