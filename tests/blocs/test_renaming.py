"""An official renaming keeps the old name for the years before (domain.md: "old years keep the
names they had"); a correction of a mistake changes the name for every year."""

import pytest
from django.urls import reverse

from reports import services as reports

from ..reports.conftest import pdftotext, words

OLD, NEW = "Thanh tra tỉnh", "Thanh tra tỉnh (sau sắp xếp 2025)"


def _edit_agency(client, agency, **changes):
    data = {
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "is_active": "on",
        "expected_version": agency.version,
        "renamed_from": "",
    }
    return client.post(reverse("blocs:agency_edit", args=[agency.pk]), {**data, **changes})


def test_renaming_from_a_year_keeps_the_old_name_for_the_years_before(world, client_for):
    response = _edit_agency(
        client_for("board"), world.member, name=NEW, short_name="TTr mới", renamed_from=2025
    )

    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.name == NEW
    assert world.member.former_names == [{"until": 2024, "name": OLD, "short_name": "TTr"}]
    assert world.member.names_in(2020) == {"name": OLD, "short_name": "TTr"}
    assert world.member.names_in(2024)["name"] == OLD
    assert world.member.names_in(2025) == {"name": NEW, "short_name": "TTr mới"}


def test_correcting_a_name_changes_it_for_every_year(world, client_for):
    _edit_agency(client_for("board"), world.member, name="Thanh tra Tỉnh")

    world.member.refresh_from_db()
    assert world.member.former_names == []
    assert world.member.name_in(2020) == "Thanh tra Tỉnh"


def test_renaming_year_without_a_new_name_is_refused(world, client_for):
    response = _edit_agency(client_for("board"), world.member, renamed_from=2025)

    assert response.status_code == 200
    assert "Tên không thay đổi" in response.text
    world.member.refresh_from_db()
    assert (world.member.former_names, world.member.version) == ([], 1)


def test_second_renaming_must_come_after_the_first(world, client_for):
    client = client_for("board")
    _edit_agency(client, world.member, name=NEW, renamed_from=2025)
    world.member.refresh_from_db()

    response = _edit_agency(client, world.member, name="Thanh tra tỉnh mới nhất", renamed_from=2025)

    assert "sau năm 2025" in response.text
    world.member.refresh_from_db()
    assert world.member.name == NEW


def test_bloc_year_page_shows_the_names_of_that_year(world, client_for):
    client = client_for("board")
    _edit_agency(client, world.member, name=NEW, renamed_from=2025)
    bloc = world.bloc
    bloc.name, bloc.former_names = "Khối thi đua số 2", [{"until": 2024, "name": bloc.name}]
    bloc.save()

    page = client.get(reverse("blocs:bloc_year_detail", args=[bloc.pk, 2020])).text

    assert f">{OLD}</a>" in page
    assert f"nay là {NEW}" in page
    assert "<h1>Khối thi đua số 6" in page
    assert "Nay là Khối thi đua số 2." in page


def test_agency_page_lists_its_former_names(world, client_for):
    _edit_agency(client_for("board"), world.member, name=NEW, renamed_from=2025)

    page = client_for("board").get(reverse("blocs:agency_detail", args=[world.member.pk])).text

    assert "Tên trước đây" in page
    assert f"{OLD} (đến năm 2024)" in page


@pytest.mark.slow
def test_roster_of_an_old_year_prints_the_names_it_had(world, client_for):
    _edit_agency(client_for("board"), world.member, name=NEW, renamed_from=2025)
    world.bloc.name = "Khối thi đua số 2"
    world.bloc.former_names = [{"until": 2024, "name": "Khối thi đua số 6"}]
    world.bloc.save()

    report = reports.request_report(
        "bloc_roster", world.bloc_year.pk, {}, world.users["board"]
    ).report
    report.refresh_from_db()
    text = words(pdftotext(report))

    assert OLD in text
    assert NEW not in text
    assert "KHỐI THI ĐUA SỐ 6" in text
    assert "Khối thi đua số 2" not in text
