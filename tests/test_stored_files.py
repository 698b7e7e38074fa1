"""A stored file goes with its row however the row is deleted (a service, a queryset's delete, a
cascade from what owns it), once the deletion has committed: a deletion rolled back keeps its file,
and a file that another row still holds (a re-used render) stays (core/stored_files.py)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from awards.models import DossierFile, Nomination
from awards.services.package import packages_folder
from core.stored_files import delete_folder
from meetings.models import Assessment, Evidence
from pledges.models import Signature, SignatureMethod
from reports.models import Report, ReportStatus
from tests.awards.conftest import add_dossier_file, submitted_nomination
from tests.factories import UserFactory
from tests.meetings.scoring_setup import criterion_ids, open_round, pledge_in_force

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def _report(world, user, *, file=None, subject_id=None) -> Report:
    name = file or default_storage.save("reports/bloc_roster.pdf", ContentFile(b"%PDF-1.4 x"))
    return Report.objects.create(
        kind="bloc_roster",
        subject_id=subject_id or world.bloc_year.pk,
        title="Danh sách thành viên",
        province_id=world.province.pk,
        requested_by=user,
        inputs_sha256="0" * 64,
        status=ReportStatus.DONE,
        file=name,
        sha256="1" * 64,
        page_count=1,
        size=10,
    )


def test_a_users_documents_go_with_the_user_after_commit(world, django_capture_on_commit_callbacks):
    user = UserFactory(email="leaving@example.vn")
    name = _report(world, user).file.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        User.objects.filter(pk=user.pk).delete()  # the cascade takes the report with it
    assert not Report.objects.filter(file=name).exists()
    assert default_storage.exists(name)  # not before the commit

    for callback in callbacks:
        callback()
    assert not default_storage.exists(name)


def test_a_rolled_back_deletion_keeps_the_file(world, django_capture_on_commit_callbacks):
    report = _report(world, world.users["member"])

    def delete_then_fail() -> None:
        with transaction.atomic():
            Report.objects.filter(pk=report.pk).delete()
            raise Rollback

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Rollback):
        delete_then_fail()

    assert callbacks == []
    assert Report.objects.filter(pk=report.pk).exists()
    assert default_storage.exists(report.file.name)


def test_a_file_another_request_reused_stays_until_the_last_goes(
    world, django_capture_on_commit_callbacks
):
    first = _report(world, world.users["member"])
    reused = _report(world, world.users["secretariat"], file=first.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert default_storage.exists(first.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        reused.delete()
    assert not default_storage.exists(first.file.name)


def test_a_missing_file_is_no_error(world, django_capture_on_commit_callbacks):
    report = _report(world, world.users["member"])
    default_storage.delete(report.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        Report.objects.filter(pk=report.pk).delete()

    assert not Report.objects.exists()


def test_evidence_goes_with_its_assessment(world, django_capture_on_commit_callbacks):
    round_ = open_round(world)
    assessment = round_.assessments.get(agency=world.member)
    evidence = Evidence(
        assessment=assessment,
        criterion_id=criterion_ids(round_)[0],
        name="minh-chung.pdf",
        content_type="application/pdf",
        size=10,
        sha256="2" * 64,
        uploaded_by=world.users["member"],
    )
    evidence.file.save("minh-chung.pdf", ContentFile(b"%PDF-1.4 e"), save=False)
    evidence.save()
    name = evidence.file.name

    with django_capture_on_commit_callbacks(execute=True):
        Assessment.objects.filter(pk=assessment.pk).delete()

    assert not Evidence.objects.exists()
    assert not default_storage.exists(name)


def test_dossier_files_and_packages_go_with_their_nomination(
    world, django_capture_on_commit_callbacks
):
    nomination = submitted_nomination(world.bloc_year, world.member)
    upload = add_dossier_file(nomination, "bao_cao", world.users["secretariat"])
    package = default_storage.save(
        f"{packages_folder(nomination.pk)}/TRAVINH_2020_X_{nomination.pk}.zip", ContentFile(b"PK")
    )
    other = submitted_nomination(world.bloc_year, world.head)
    kept = default_storage.save(f"{packages_folder(other.pk)}/kept.zip", ContentFile(b"PK"))

    with django_capture_on_commit_callbacks(execute=True):
        Nomination.objects.filter(pk=nomination.pk).delete()

    assert not DossierFile.objects.filter(pk=upload.pk).exists()
    assert not default_storage.exists(upload.file.name)
    assert not default_storage.exists(package)
    assert default_storage.exists(kept)


def test_a_paper_signatures_scan_goes_with_it(world, django_capture_on_commit_callbacks):
    pledge = pledge_in_force(world.bloc_year)
    scan = default_storage.save(f"pledges/scans/{pledge.pk}/1.pdf", ContentFile(b"%PDF-1.4 s"))
    signature = Signature.objects.create(
        pledge=pledge,
        agency=world.member,
        method=SignatureMethod.PAPER,
        signer_name="Nguyễn Văn An",
        signer_title="Chánh Thanh tra",
        signed_at=timezone.now(),
        sha256="3" * 64,
        scan=scan,
        recorded_by=world.users["secretariat"],
    )

    with django_capture_on_commit_callbacks(execute=True):
        Signature.objects.filter(pk=signature.pk).delete()

    assert not default_storage.exists(scan)


def test_an_absent_folder_is_empty():
    assert delete_folder(default_storage, "awards/packages/0") == 0
