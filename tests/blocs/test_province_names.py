"""A province's names by year (Renamable): its board renames the province or its own office
from a year, and the pages and documents of earlier years keep the names they had; a
correction without a year changes every year."""

from django.urls import reverse

from blocs.models import Province
from reports.documents import build_province_blocs, build_roster

NEW_OFFICE = "Phòng Thi đua, Khen thưởng – Sở Nội vụ"


def _edit(client, province, **changes):
    data = {name: getattr(province, name) for name in Province.NAME_FIELDS}
    data |= {"expected_version": province.version, "renamed_from": ""}
    return client.post(reverse("blocs:province_edit", args=[province.pk]), data | changes)


def test_board_renames_its_office_from_a_year_and_earlier_years_keep_the_old_name(
    world, client_for
):
    response = _edit(
        client_for("board"),
        world.province,
        emulation_office=NEW_OFFICE,
        emulation_office_signer="Trưởng phòng",
        renamed_from=2025,
    )

    assert response.status_code == 302
    province = Province.objects.get(pk=world.province.pk)
    assert province.emulation_office == NEW_OFFICE
    assert province.in_year(2024).emulation_office == "Ban Thi đua - Khen thưởng"
    assert province.in_year(2024).emulation_office_signer == "Trưởng ban"
    assert province.in_year(2025).emulation_office == NEW_OFFICE
    # The documents of 2020 keep the board of 2020.
    roster = build_roster(world.bloc_year, {})
    assert roster.recipients[0] == "Ban Thi đua - Khen thưởng"
    listing = build_province_blocs(province, {"year": 2020})
    assert listing.letterhead.issuer == "Ban Thi đua - Khen thưởng"
    assert listing.signer is not None
    assert listing.signer.title == "Trưởng ban"


def test_a_correction_changes_every_year(world, client_for):
    _edit(client_for("board"), world.province, people_committee="UBND tỉnh Trà Vinh (sửa)")

    province = Province.objects.get(pk=world.province.pk)
    assert province.former_names == []
    assert province.in_year(2016).people_committee_name == "UBND tỉnh Trà Vinh (sửa)"


def test_province_page_lists_its_names_of_earlier_years(world, client_for):
    client = client_for("board")
    _edit(client, world.province, emulation_office=NEW_OFFICE, renamed_from=2025)

    page = client.get(reverse("blocs:province_detail", args=[world.province.pk])).text

    assert "Trà Vinh (đến năm 2024)" in page
    assert "Ban Thi đua - Khen thưởng" in page
    assert NEW_OFFICE in page


def test_a_stale_edit_of_the_province_is_refused(world, client_for):
    client = client_for("board")
    _edit(client, world.province, emulation_office_signer_name="Nguyễn Văn A")

    response = _edit(
        client, world.province, emulation_office_signer_name="Nguyễn Văn B"
    )  # the version the first form read

    assert response.status_code == 200
    assert Province.objects.get(pk=world.province.pk).emulation_office_signer_name == "Nguyễn Văn A"
