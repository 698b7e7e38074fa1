"""Signing online on the confirmation screen, and paper signatures recorded by the secretariat."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from pledges.models import (
    PledgeStatus,
    Signature,
    SignatureMethod,
)

from .pages import (
    messages_of,
    minimal_pdf,
    sign_data,
    text_of,
)
from .signatures import sign_on_paper

pytestmark = pytest.mark.django_db


# --- Signing online ----------------------------------------------------------------------------


def test_sign_page_shows_the_whole_text_and_its_hash(world, open_pledge, client_for):
    response = client_for("secretariat").get(reverse("pledges:sign", args=[open_pledge.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "Căn cứ Luật Thi đua, khen thưởng năm 2022;",
        "Tham gia đầy đủ hoạt động của khối",
        "Hoàn thành kế hoạch năm",
        "Tổ chức hội nghị khối",
        "Nộp báo cáo trễ",
    ):
        assert text in content
    assert f'<code class="hash">{open_pledge.snapshot_sha256}</code>' in content
    assert f'value="{open_pledge.snapshot_sha256}"' in content  # what the signer saw goes back
    assert 'name="password"' in content
    assert 'name="agree"' in content
    assert 'name="signer_title"' in content


def test_signing_records_the_signature_and_returns_to_the_pledge(
    world, open_pledge, client_for, settings
):
    settings.TRUSTED_PROXY_COUNT = 1  # the address our proxy saw; the client's own entry is not
    response = client_for("secretariat").post(
        reverse("pledges:sign", args=[open_pledge.pk]),
        sign_data(open_pledge),
        HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.4",
    )

    assert response.status_code == 302
    assert response["Location"] == open_pledge.get_absolute_url()
    signature = Signature.objects.get(pledge=open_pledge)
    assert signature.agency == world.head
    assert signature.method == SignatureMethod.ONLINE
    assert signature.user == world.users["secretariat"]
    assert signature.signer_title == "Giám đốc"
    assert signature.ip == "198.51.100.4"
    assert signature.sha256 == open_pledge.snapshot_sha256
    assert messages_of(response) == [text_of("Your agency has signed the pledge.")]


def test_signing_with_a_wrong_password_shows_an_error_and_saves_nothing(
    world, open_pledge, client_for
):
    response = client_for("secretariat").post(
        reverse("pledges:sign", args=[open_pledge.pk]), sign_data(open_pledge, password="sai")
    )

    assert response.status_code == 200
    assert text_of("The password is not correct.") in (response.content.decode())
    assert not Signature.objects.exists()


def test_signing_without_ticking_agree_is_refused(world, open_pledge, client_for):
    data = sign_data(open_pledge)
    del data["agree"]

    response = client_for("secretariat").post(reverse("pledges:sign", args=[open_pledge.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors["agree"]
    assert not Signature.objects.exists()


def test_agency_cannot_sign_twice(world, open_pledge, client_for):
    client = client_for("secretariat")
    url = reverse("pledges:sign", args=[open_pledge.pk])
    client.post(url, sign_data(open_pledge))

    again = client.post(url, sign_data(open_pledge))

    assert again.status_code == 302
    assert again["Location"] == open_pledge.get_absolute_url()
    assert messages_of(again)[-1] == text_of("Your agency has already signed this pledge.")
    assert Signature.objects.filter(pledge=open_pledge).count() == 1
    assert client.get(url).status_code == 302  # the page itself is not offered again


def test_member_officer_who_does_not_sign_gets_403_on_the_sign_page(world, open_pledge, client_for):
    client = client_for("member")
    url = reverse("pledges:sign", args=[open_pledge.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, sign_data(open_pledge)).status_code == 403
    assert not Signature.objects.exists()


def test_outsider_gets_404_on_the_sign_page(world, open_pledge, client_for):
    url = reverse("pledges:sign", args=[open_pledge.pk])

    assert client_for("other_bloc_member").get(url).status_code == 404
    assert client_for("foreign_board").get(url).status_code == 404


def test_pledge_page_invites_the_signer_until_the_agency_has_signed(world, open_pledge, client_for):
    client = client_for("secretariat")
    sign_url = reverse("pledges:sign", args=[open_pledge.pk])
    assert sign_url in client.get(open_pledge.get_absolute_url()).content.decode()

    client.post(sign_url, sign_data(open_pledge))

    page = client.get(open_pledge.get_absolute_url()).content.decode()
    assert sign_url not in page
    assert 'id="own-signature"' in page


def test_last_signature_puts_the_pledge_in_force(world, open_pledge, client_for):
    sign_on_paper(open_pledge, world, world.deputy)
    sign_on_paper(open_pledge, world, world.member)

    response = client_for("secretariat").post(
        reverse("pledges:sign", args=[open_pledge.pk]), sign_data(open_pledge)
    )

    open_pledge.refresh_from_db()
    assert open_pledge.status == PledgeStatus.IN_FORCE
    assert response.status_code == 302
    assert len(messages_of(response)) == 1
    page = client_for("board").get(open_pledge.get_absolute_url()).content.decode()
    assert 'class="badge badge-in_force" id="pledge-status"' in page


# --- Paper signatures --------------------------------------------------------------------------


def paper_data(world, scan) -> dict:
    return {
        "agency": world.member.pk,
        "signer_name": "Lê Thị Bình",
        "signer_title": "Chánh Thanh tra",
        "signed_on": timezone.localdate().strftime("%d/%m/%Y"),
        "scan": scan,
        "confirm": "on",
    }


def test_paper_signature_needs_the_confirmation_ticked(world, open_pledge, client_for):
    data = {**paper_data(world, upload("bien-ban.pdf", minimal_pdf())), "confirm": ""}

    response = client_for("secretariat").post(
        reverse("pledges:paper_signature", args=[open_pledge.pk]), data
    )

    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    assert not Signature.objects.exists()


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_paper_signature_with_a_small_pdf_is_recorded(world, open_pledge, client_for):
    client = client_for("secretariat")
    url = reverse("pledges:paper_signature", args=[open_pledge.pk])
    form = client.get(url)
    assert 'enctype="multipart/form-data"' in form.content.decode()

    response = client.post(url, paper_data(world, upload("bien-ban.pdf", minimal_pdf())))

    assert response.status_code == 302
    assert response["Location"] == reverse("pledges:status_board", args=[open_pledge.pk])
    signature = Signature.objects.get(pledge=open_pledge, agency=world.member)
    assert signature.method == SignatureMethod.PAPER
    assert signature.signer_name == "Lê Thị Bình"
    assert signature.recorded_by == world.users["secretariat"]
    scan = client.get(reverse("pledges:signature_scan", args=[signature.pk]))
    assert scan.status_code == 200
    assert b"".join(scan.streaming_content) == minimal_pdf()
    board = client.get(response["Location"]).content.decode()
    assert reverse("pledges:signature_scan", args=[signature.pk]) in board


def test_paper_signature_refuses_a_program_renamed_pdf(world, open_pledge, client_for):
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200

    response = client_for("secretariat").post(
        reverse("pledges:paper_signature", args=[open_pledge.pk]),
        paper_data(world, upload("bien-ban.pdf", program)),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["scan"] == [
        html.unescape(
            text_of("The file's content does not match its type (allowed: %(types)s).", types="PDF")
        )
    ]
    assert not Signature.objects.exists()


def test_paper_signature_refuses_a_file_too_big(world, open_pledge, client_for, settings):
    settings.SCAN_MAX_UPLOAD_BYTES = 1024
    big = minimal_pdf() + b"%" + b"0" * 2048

    response = client_for("secretariat").post(
        reverse("pledges:paper_signature", args=[open_pledge.pk]),
        paper_data(world, upload("bien-ban.pdf", big)),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["scan"]
    assert 'class="errorlist' in response.content.decode()
    assert not Signature.objects.exists()


def test_paper_signature_is_for_the_secretariat_and_the_board(world, open_pledge, client_for):
    response = client_for("member").post(
        reverse("pledges:paper_signature", args=[open_pledge.pk]),
        paper_data(world, upload("bien-ban.pdf", minimal_pdf())),
    )

    assert response.status_code == 403
    assert not Signature.objects.exists()
