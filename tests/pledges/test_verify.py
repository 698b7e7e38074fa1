"""The public page a pledge's QR code opens: anyone, without logging in, sees what the PDF prints
and can check that a PDF file is exactly one this system produced for the pledge."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pledges.services import signing
from reports.models import ReportStatus
from tests.reports import conftest as reports_conftest
from tests.reports.conftest import make_report

from .signatures import SIGNER_IP, sign_online

export = reports_conftest.export  # the fixture: ask for a document as a user would


def _url(pledge) -> str:
    return reverse("pledges:verify", args=[pledge.snapshot_sha256])


def _pdf(content: bytes, name: str = "giao-uoc.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _check(client: Client, pledge, upload: SimpleUploadedFile):
    return client.post(_url(pledge), {"file": upload})


def test_anyone_sees_the_pledge_facts_and_signatures_without_logging_in(world, open_pledge):
    signature = sign_online(open_pledge, world.users["secretariat"])

    response = Client().get(_url(open_pledge))

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    content = response.content.decode()
    for shown in (
        "Trà Vinh",
        "Khối thi đua số 6",
        "2020",
        "Giao ước thi đua năm 2020 - Khối thi đua số 6",
        open_pledge.snapshot_sha256,
        "Sở Xây dựng",
        "Sở Khoa học và Công nghệ",
        "Thanh tra tỉnh",
        signature.signer_name,
        "Giám đốc",
        f"{timezone.localtime(signature.signed_at):%d/%m/%Y %H:%M}",
        'id="revision">1<',
        'data-status="open"',
        'data-signed="1"',
    ):
        assert shown in content
    # Nothing the PDF does not print: no IP address, no e-mail.
    assert SIGNER_IP not in content
    assert "@example.vn" not in content
    assert 'id="withdrawn-notice"' not in content


@pytest.mark.parametrize(
    "sha256",
    [
        "0" * 64,  # well formed, but no pledge has it
        "A" * 64,  # capitals: hashes are written in lower case
        "abc",
        "g" * 64,
        "0" * 65,
    ],
)
def test_unknown_or_malformed_hash_is_not_found(world, open_pledge, sha256):
    response = Client().get(reverse("pledges:verify", args=[sha256]))

    assert response.status_code == 404


def test_uppercase_hash_of_a_real_pledge_is_not_found(world, open_pledge):
    response = Client().get(reverse("pledges:verify", args=[open_pledge.snapshot_sha256.upper()]))

    assert response.status_code == 404


def test_withdrawn_pledge_says_withdrawn_and_names_the_newer_revision(world, open_pledge):
    sign_online(open_pledge, world.users["secretariat"])
    draft = signing.withdraw(open_pledge, actor=world.users["secretariat"], reason="Sửa tiêu chí")

    response = Client().get(_url(open_pledge))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="withdrawn-notice"' in content
    assert 'data-status="withdrawn"' in content
    assert f'id="newest-revision">{draft.revision}<' in content
    assert draft.revision == 2
    assert 'data-signed="0"' in content  # the signature is voided
    assert response.context["voided"] == 1


def test_pdf_produced_by_the_system_for_the_pledge_matches(world, open_pledge, export):
    sign_online(open_pledge, world.users["secretariat"])
    report = export("pledge", open_pledge.pk, world.users["member"])
    assert report.status == ReportStatus.DONE, report.error

    response = _check(Client(), open_pledge, _pdf(Path(report.file.path).read_bytes()))

    assert response.status_code == 200  # shown on the same page, no redirect
    result = response.context["result"]
    assert result.matches
    assert result.report == report
    assert result.sha256 == report.sha256
    content = response.content.decode()
    assert 'data-result="match"' in content
    assert f"{timezone.localtime(report.finished_at):%d/%m/%Y %H:%M}" in content


def test_changed_pdf_does_not_match(world, open_pledge, export):
    report = export("pledge", open_pledge.pk, world.users["member"])
    content = bytearray(Path(report.file.path).read_bytes())
    content[-20] ^= 1  # one bit anywhere is enough

    response = _check(Client(), open_pledge, _pdf(bytes(content)))

    assert response.status_code == 200
    assert not response.context["result"].matches
    assert 'data-result="mismatch"' in response.content.decode()


def test_pdf_of_another_document_or_pledge_does_not_match(world, open_pledge):
    content = b"%PDF-1.7 the bloc roster"
    digest = hashlib.sha256(content).hexdigest()
    # The same bytes as a roster of the bloc-year, and as a pledge document of another subject.
    make_report(world.users["member"], world.bloc_year, sha256=digest)
    make_report(
        world.users["member"], world.bloc_year, kind="pledge", subject_id=open_pledge.pk + 1,
        sha256=digest,
    )  # fmt: skip
    # Not finished: only a done document counts.
    make_report(
        world.users["member"], world.bloc_year, kind="pledge", subject_id=open_pledge.pk,
        status=ReportStatus.FAILED,
    )  # fmt: skip

    response = _check(Client(), open_pledge, _pdf(content))

    assert response.context["result"].sha256 == digest
    assert not response.context["result"].matches


def test_upload_that_is_not_a_pdf_is_refused_with_a_message(world, open_pledge):
    response = _check(Client(), open_pledge, _pdf(b"\x89PNG\r\n\x1a\n not a pdf", "scan.pdf"))

    assert response.status_code == 200
    assert response.context["result"] is None
    assert response.context["form"].errors["file"]
    assert 'id="check-result"' not in response.content.decode()


def test_empty_or_too_big_upload_is_refused(world, open_pledge, settings):
    settings.SCAN_MAX_UPLOAD_BYTES = 100

    too_big = _check(Client(), open_pledge, _pdf(b"%PDF-1.7" + b"x" * 200))
    empty = _check(Client(), open_pledge, _pdf(b""))

    for response in (too_big, empty):
        assert response.status_code == 200
        assert response.context["result"] is None
        assert response.context["form"].errors["file"]


def test_check_form_is_protected_against_cross_site_posts(world, open_pledge):
    client = Client(enforce_csrf_checks=True)
    page = client.get(_url(open_pledge))
    token = page.context["csrf_token"]

    forged = client.post(_url(open_pledge), {"file": _pdf(b"%PDF-1.7 x")})
    genuine = client.post(
        _url(open_pledge), {"file": _pdf(b"%PDF-1.7 x"), "csrfmiddlewaretoken": str(token)}
    )

    assert forged.status_code == 403
    assert genuine.status_code == 200
    assert genuine.context["result"] is not None
