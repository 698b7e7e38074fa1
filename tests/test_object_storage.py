"""Files in S3-compatible object storage (STORAGE_BACKEND=s3, config/scaling.py), against moto's
server on a free port of this machine: a rendered document, an evidence file, a signature scan
and the national dossier package are written to the bucket, read back from it and downloaded
through their access-checking views; nothing is written to the local disk."""

import io
import uuid
import zipfile

import boto3
import environ
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config import scaling
from meetings.models import Evidence
from pledges.models import Signature
from reports import services as report_services
from reports.models import ReportStatus
from tests.awards.test_package import decided_national_nomination
from tests.meetings.scoring_setup import criterion_ids, open_round
from tests.pledges import conftest as pledge_fixtures
from tests.pledges.pages import minimal_pdf
from tests.pledges.test_signing_pages import paper_data, upload

pytestmark = pytest.mark.django_db
# The pledges' fixtures (a bloc-year's pledge open for signing), for the scan's test.
criteria_set = pledge_fixtures.criteria_set
draft_pledge = pledge_fixtures.draft_pledge
open_pledge = pledge_fixtures.open_pledge

KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3-compatible server in a thread of this process, on a free loopback port."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A fresh bucket, and STORAGES["default"] on it as production's environment sets it."""
    name = f"khoithidua-{uuid.uuid4().hex[:12]}"
    environment = {
        **KEYS,
        "STORAGE_BACKEND": "s3",
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
    }
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": scaling.default_storage(environ.Env(), settings.MEDIA_ROOT),
    }
    return Bucket(client, name)


class Bucket:
    def __init__(self, client, name: str) -> None:
        self.client, self.name = client, name

    def objects(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def acl_grants(self, key: str) -> list[dict]:
        return self.client.get_object_acl(Bucket=self.name, Key=key)["Grants"]


def _nothing_on_local_disk(settings) -> None:
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_the_s3_setting_is_private_and_needs_a_bucket(monkeypatch, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("STORAGE_BACKEND", "s3")
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    with pytest.raises(ImproperlyConfigured):
        scaling.default_storage(environ.Env(), tmp_path)
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "tai-lieu")
    options = scaling.default_storage(environ.Env(), tmp_path)["OPTIONS"]
    assert options["bucket_name"] == "tai-lieu"
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    monkeypatch.setenv("STORAGE_BACKEND", "local")
    local = scaling.default_storage(environ.Env(), tmp_path)
    assert local["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    monkeypatch.setenv("STORAGE_BACKEND", "ftp")
    with pytest.raises(ImproperlyConfigured):
        scaling.default_storage(environ.Env(), tmp_path)


def test_a_rendered_document_lands_in_the_bucket_and_downloads(world, client_for, bucket, settings):
    report = report_services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    report.refresh_from_db()

    assert report.status == ReportStatus.DONE
    assert bucket.objects() == [report.file.name]
    stored = bucket.read(report.file.name)
    assert stored.startswith(b"%PDF")
    # Private: only the owner's grant, nobody else's (no public-read ACL).
    assert all("URI" not in grant["Grantee"] for grant in bucket.acl_grants(report.file.name))
    response = client_for("member").get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    assert client_for("other_bloc_member").get(
        reverse("reports:download", args=[report.pk])
    ).status_code in (403, 404)
    _nothing_on_local_disk(settings)


def test_a_document_whose_object_is_gone_answers_404(world, client_for, bucket):
    report = report_services.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["member"]
    ).report
    report.refresh_from_db()
    bucket.client.delete_object(Bucket=bucket.name, Key=report.file.name)

    response = client_for("member").get(reverse("reports:download", args=[report.pk]))

    assert response.status_code == 404


def test_evidence_is_uploaded_to_the_bucket_downloaded_and_removed(
    world, client_for, bucket, settings, django_capture_on_commit_callbacks
):
    scoring_round = open_round(world)
    assessment = scoring_round.assessments.get(agency=world.member)
    client = client_for("member")
    content = minimal_pdf()

    client.post(
        reverse("meetings:evidence_upload", args=[assessment.pk]),
        {
            "criterion": criterion_ids(scoring_round)[0],
            "file": SimpleUploadedFile("bao-cao.pdf", content, content_type="application/pdf"),
        },
    )

    evidence = Evidence.objects.get()
    assert bucket.objects() == [evidence.file.name]
    assert bucket.read(evidence.file.name) == content
    download = client.get(reverse("meetings:evidence", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    _nothing_on_local_disk(settings)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:evidence_remove", args=[evidence.pk]))
    assert not Evidence.objects.exists()
    assert bucket.objects() == []


def test_a_paper_signature_scan_is_kept_in_the_bucket(
    world, open_pledge, client_for, bucket, settings
):
    client = client_for("secretariat")

    response = client.post(
        reverse("pledges:paper_signature", args=[open_pledge.pk]),
        paper_data(world, upload("bien-ban.pdf", minimal_pdf())),
    )

    assert response.status_code == 302
    signature = Signature.objects.get(pledge=open_pledge, agency=world.member)
    assert bucket.read(signature.scan.name) == minimal_pdf()
    scan = client.get(reverse("pledges:signature_scan", args=[signature.pk]))
    assert scan.status_code == 200
    assert b"".join(scan.streaming_content) == minimal_pdf()
    _nothing_on_local_disk(settings)


def test_the_dossier_package_reads_its_files_from_the_bucket(world, client_for, bucket, settings):
    nomination = decided_national_nomination(world)
    attachment = nomination.files.exclude(file="").get()
    assert bucket.read(attachment.file.name) == b"%PDF-1.4 test"

    response = client_for("board").get(reverse("awards:package_download", args=[nomination.pk]))

    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    attached = [name for name in archive.namelist() if "/06_DinhKem_01_" in name]
    assert len(attached) == 1
    assert archive.read(attached[0]) == b"%PDF-1.4 test"
    assert any(key.startswith(f"awards/packages/{nomination.pk}/") for key in bucket.objects())
    _nothing_on_local_disk(settings)
