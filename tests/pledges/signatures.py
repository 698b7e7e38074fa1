"""Signing in tests, with the values a real signer would give: one way for every test file."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pledges.models import Pledge, Signature
from pledges.services import signatures
from tests.factories import PASSWORD
from tests.pledges.pages import minimal_pdf

SIGNER_IP = "203.0.113.7"
SCAN = minimal_pdf("Bien ban ky giao uoc")


def paper_scan() -> SimpleUploadedFile:
    return SimpleUploadedFile("giao-uoc.pdf", SCAN, content_type="application/pdf")


def sign_online(pledge: Pledge, user, **overrides) -> Signature:
    values = {
        "password": PASSWORD,
        "signer_title": "Giám đốc",
        "seen_sha256": pledge.snapshot_sha256,
        "ip": SIGNER_IP,
        **overrides,
    }
    return signatures.sign_online(pledge, actor=user, **values)


def sign_on_paper(pledge: Pledge, world, agency, **overrides) -> Signature:
    """Recorded by the world's secretariat (an officer of the head agency)."""
    values = {
        "agency": agency,
        "signer_name": "Nguyễn Văn An",
        "signer_title": "Giám đốc",
        "signed_on": timezone.localdate(),
        "scan": paper_scan(),
        **overrides,
    }
    return signatures.record_paper_signature(pledge, actor=world.users["secretariat"], **values)


def sign_all_on_paper(pledge: Pledge, world) -> None:
    """Every member agency that has not signed signs on paper (the pledge comes into force)."""
    signed = set(pledge.signatures.values_list("agency_id", flat=True))
    for agency in (world.head, world.deputy, world.member):
        if agency.pk not in signed:
            sign_on_paper(pledge, world, agency)
