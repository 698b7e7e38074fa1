"""Documents of a year print the province's names of that year (Province.in_year)."""

from django.urls import reverse

from blocs.models import Province, ProvinceKind
from reports.documents import build_province_blocs

from .conftest import pdftotext, words


def test_a_renamed_province_prints_its_old_name_for_its_earlier_years(world, export, client_for):
    response = client_for("board").post(
        reverse("blocs:province_edit", args=[world.province.pk]),
        {name: getattr(world.province, name) for name in Province.NAME_FIELDS}
        | {
            "expected_version": world.province.version,
            "name": "Thành phố Trà Vinh",
            "kind": ProvinceKind.CITY,
            "renamed_from": 2025,
        },
    )
    assert response.status_code == 302

    text = words(pdftotext(export("bloc_roster", world.bloc_year.pk, world.users["member"])))
    listing = build_province_blocs(Province.objects.get(pk=world.province.pk), {"year": 2020})

    assert "UBND TỈNH TRÀ VINH" in text
    assert "Trà Vinh, ngày" in text
    assert "THÀNH PHỐ" not in text
    assert listing.title == "Danh sách khối thi đua năm 2020 - Trà Vinh"
    assert listing.body["province_kind"] == "tỉnh"
    later = build_province_blocs(Province.objects.get(pk=world.province.pk), {"year": 2025})
    assert later.title == "Danh sách khối thi đua năm 2025 - Thành phố Trà Vinh"
    assert later.body["province_kind"] == "thành phố"
