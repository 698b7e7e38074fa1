"""Dossiers (issue 13 §3): the proposal letter numbered and rendered with its annex and the
count record, uploads checked by content, the checklist, submission before the deadline (after
it only if the board allows), resubmission of a returned nomination as its next round."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards.models import (
    ChangeAction,
    DossierFile,
    DossierItem,
    Nomination,
    NominationDeadline,
    NominationStatus,
)
from awards.services import ballots, dossiers
from core.models import Change
from reports.models import ReportStatus
from tests.pledges.pages import minimal_pdf

from .test_ballots import paper_ballot


@pytest.fixture
def nomination(ranked) -> Nomination:
    w = ranked
    ballot = paper_ballot(w)
    head_line, deputy_line = ballot.lines.order_by("position")
    ballots.record_paper_count(
        ballot,
        actor=w.users["secretariat"],
        issued=3,
        returned=3,
        valid=3,
        yes={head_line.pk: 3, deputy_line.pk: 3},
    )
    return Nomination.objects.get(agency=w.head)


def report_pdf(name="bao-cao.pdf", text="Bao cao thanh tich"):
    return SimpleUploadedFile(name, minimal_pdf(text), content_type="application/pdf")


def ready(nomination, actor):
    dossiers.generate_documents(nomination, actor=actor)
    dossiers.add_file(
        nomination, actor=actor, item=DossierItem.ACHIEVEMENT_REPORT.value, upload=report_pdf()
    )


def test_generated_documents_are_numbered_and_rendered(nomination, ranked):
    w = ranked
    number = dossiers.generate_documents(nomination, actor=w.users["secretariat"])
    assert number.printed("state") == "Số: 01/TTr-KTĐ6"
    files = {f.item: f for f in nomination.files.select_related("report")}
    assert set(files) == {"to_trinh", "danh_sach", "kiem_phieu"}
    assert all(f.report.status == ReportStatus.DONE for f in files.values())
    assert "TTr-KTĐ6" in files["to_trinh"].name
    with pytest.raises(ValidationError):  # once per round
        dossiers.generate_documents(nomination, actor=w.users["secretariat"])


def test_upload_is_checked_by_content_and_item(nomination, ranked):
    w = ranked
    actor = w.users["secretariat"]
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError):
        dossiers.add_file(nomination, actor=actor, item="bao_cao_thanh_tich", upload=fake)
    with pytest.raises(ValidationError):  # generated items are never uploaded
        dossiers.add_file(nomination, actor=actor, item="to_trinh", upload=report_pdf())
    with pytest.raises(ValidationError):
        dossiers.add_file(nomination, actor=actor, item="khong-co", upload=report_pdf())
    with pytest.raises(PermissionDenied):
        dossiers.add_file(
            nomination, actor=w.users["member"], item="bao_cao_thanh_tich", upload=report_pdf()
        )
    assert not DossierFile.objects.exists()


def test_checklist_shows_what_is_missing_and_submit_needs_it(nomination, ranked):
    w = ranked
    actor = w.users["secretariat"]
    keys = [row.key for row in dossiers.missing(nomination)]
    assert "to_trinh" in keys
    assert "bao_cao_thanh_tich" in keys
    with pytest.raises(ValidationError) as error:
        dossiers.submit(nomination, actor=actor)
    assert "Tờ trình" in str(error.value) or "Proposal" in str(error.value)
    ready(nomination, actor)
    assert [r.key for r in dossiers.missing(nomination, required_only=True)] == []
    dossiers.submit(nomination, actor=actor)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert not nomination.late
    assert Change.objects.filter(action=ChangeAction.NOMINATION_SUBMITTED).count() == 1
    with pytest.raises(ValidationError):  # submitted: no more changes
        dossiers.add_file(nomination, actor=actor, item="minh_chung", upload=report_pdf())


def test_submit_after_the_deadline_only_if_the_board_allows(nomination, ranked):
    w = ranked
    actor = w.users["secretariat"]
    ready(nomination, actor)
    deadline = NominationDeadline.objects.create(
        province=w.province, year=2020, deadline=datetime.date(2020, 12, 10)
    )
    late = timezone.make_aware(datetime.datetime(2021, 1, 20, 9))
    with pytest.raises(ValidationError) as error:
        dossiers.submit(nomination, actor=actor, now=late)
    assert "10/12/2020" in str(error.value)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT
    deadline.late_allowed = True
    deadline.save()
    dossiers.submit(nomination, actor=actor, now=late)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.late


def test_returned_nomination_is_resubmitted_as_its_next_round(nomination, ranked):
    w = ranked
    actor = w.users["secretariat"]
    ready(nomination, actor)
    dossiers.submit(nomination, actor=actor)
    # The board returns it (aw3's review service): the reason is kept on the nomination.
    Nomination.objects.filter(pk=nomination.pk).update(
        status=NominationStatus.RETURNED, status_reason="Thiếu xác nhận của cấp trên"
    )
    nomination.refresh_from_db()
    corrected = dossiers.add_file(
        nomination,
        actor=actor,
        item="bao_cao_thanh_tich",
        upload=report_pdf("bao-cao-2.pdf", "Ban sua"),
    )
    assert corrected.round == 2
    dossiers.submit(nomination, actor=actor)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.round == 2
    assert nomination.pk == Nomination.objects.get(agency=w.head).pk
    assert sorted(nomination.files.values_list("round", flat=True)) == [1, 1, 1, 1, 2]
    assert list(
        Change.objects.filter(object_id=nomination.pk, action__startswith="nomination_")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [ChangeAction.NOMINATION_SUBMITTED, ChangeAction.NOMINATION_RESUBMITTED]


def test_refused_nomination_cannot_be_submitted(ranked):
    w = ranked
    ballot = paper_ballot(w)
    head_line, deputy_line = ballot.lines.order_by("position")
    ballots.record_paper_count(
        ballot,
        actor=w.users["board"],
        issued=3,
        returned=3,
        valid=3,
        yes={head_line.pk: 0, deputy_line.pk: 3},
    )
    refused = Nomination.objects.get(agency=w.head)
    assert refused.status == NominationStatus.REFUSED_BY_BALLOT
    with pytest.raises(ValidationError):
        dossiers.submit(refused, actor=w.users["board"])


def _text(report) -> str:
    import subprocess

    with report.file.open("rb") as handle:
        data = handle.read()
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_the_proposal_letter_and_count_record_read_back(nomination, ranked):
    w = ranked
    dossiers.generate_documents(nomination, actor=w.users["secretariat"])
    files = {f.item: f for f in nomination.files.select_related("report")}
    proposal = " ".join(_text(files["to_trinh"].report).split())
    assert "TỜ TRÌNH" in proposal
    assert "TTr-KTĐ6" in proposal
    assert "Cờ thi đua của UBND tỉnh" in proposal
    assert "Sở Xây dựng" in proposal
    annex = " ".join(_text(files["danh_sach"].report).split())
    assert "DANH SÁCH" in annex
    assert "Sở Khoa học và Công nghệ" in annex  # the other nominee of the meeting
    record = " ".join(_text(files["kiem_phieu"].report).split())
    assert "BIÊN BẢN" in record
    assert "01/BB-KTĐ6" in record
    assert "3/3" in record
