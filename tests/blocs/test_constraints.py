"""The database refuses what must never happen, whatever the code above it does."""

import unicodedata

import pytest
from django.db import IntegrityError, transaction

from blocs.models import Agency, MemberRole, Membership
from tests.factories import (
    AgencyFactory,
    BlocFactory,
    BlocYearFactory,
    MembershipFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db


def test_agency_cannot_be_in_two_blocs_in_one_year():
    first = MembershipFactory(bloc_year__year=2020)
    other_bloc_year = BlocYearFactory(bloc__province=first.agency.province, year=2020)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(bloc_year=other_bloc_year, agency=first.agency)


def test_agency_may_change_bloc_from_one_year_to_the_next():
    first = MembershipFactory(bloc_year__year=2020)
    next_year = BlocYearFactory(bloc__province=first.agency.province, year=2021)
    moved = Membership.objects.create(bloc_year=next_year, agency=first.agency)
    assert moved.year == 2021


def test_bloc_year_has_one_head_and_one_deputy():
    head = MembershipFactory(role=MemberRole.HEAD)
    MembershipFactory(bloc_year=head.bloc_year, role=MemberRole.DEPUTY)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(bloc_year=head.bloc_year, role=MemberRole.HEAD)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(bloc_year=head.bloc_year, role=MemberRole.DEPUTY)


def test_agency_names_are_unique_in_a_province_whatever_the_case():
    agency = AgencyFactory(name="Sở Nội vụ")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyFactory(province=agency.province, name="SỞ NỘI VỤ")


def test_same_agency_name_in_another_province_is_fine():
    agency = AgencyFactory(name="Sở Nội vụ")
    assert AgencyFactory(province=ProvinceFactory(), name="Sở Nội vụ").pk != agency.pk


def test_bloc_names_are_unique_in_a_province():
    bloc = BlocFactory(name="Khối thi đua số 6")
    with pytest.raises(IntegrityError), transaction.atomic():
        BlocFactory(province=bloc.province, name="Khối thi đua số 6")


def test_bloc_year_is_unique_per_bloc():
    bloc_year = BlocYearFactory(year=2020)
    with pytest.raises(IntegrityError), transaction.atomic():
        BlocYearFactory(bloc=bloc_year.bloc, year=2020)


def test_decomposed_names_are_stored_and_found_in_nfc():
    decomposed = unicodedata.normalize("NFD", "Sở Khoa học và Công nghệ")
    assert decomposed != "Sở Khoa học và Công nghệ"
    agency = AgencyFactory(name=decomposed)
    agency.refresh_from_db()
    assert agency.name == "Sở Khoa học và Công nghệ"
    assert Agency.objects.get(name=decomposed) == agency
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyFactory(province=agency.province, name="Sở Khoa học và Công nghệ")
