"""The document number register: each issuer's numbers of a year and type run 1, 2, 3…,
printed the state's way ("Số: 05/BB-KTĐ6") or the Party's ("Số 05-BB/KTĐ6"), never given twice."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from blocs.models import Bloc, Province
from core.models import DocumentNumber, DocumentType, LetterheadStyle
from core.numbering import initials, issue_number, issuer_symbol, printed_number
from tests.factories import BlocFactory


@pytest.mark.parametrize(
    ("sequence", "doc_type", "symbol", "style", "printed"),
    [
        (5, "BB", "KTĐ6", LetterheadStyle.STATE, "Số: 05/BB-KTĐ6"),
        (5, "BB", "KTĐ6", LetterheadStyle.PARTY, "Số 05-BB/KTĐ6"),
        (12, "TTr", "KTĐ6", LetterheadStyle.STATE, "Số: 12/TTr-KTĐ6"),
        (1, "GƯ", "KBĐ", LetterheadStyle.PARTY, "Số 01-GƯ/KBĐ"),
        (123, "QyĐ", "BTĐKT", LetterheadStyle.STATE, "Số: 123/QyĐ-BTĐKT"),
    ],
)
def test_numbers_print_in_the_issuers_style(sequence, doc_type, symbol, style, printed):
    assert printed_number(sequence, doc_type, symbol, style) == printed


@pytest.mark.parametrize(
    ("name", "abbreviation"),
    [
        ("Khối thi đua số 6", "KTĐ6"),
        ("Khối thi đua số 12", "KTĐ12"),
        ("Ban Thi đua - Khen thưởng", "BTĐKT"),
        ("Khối Tham mưu - Tổng hợp", "KTMTH"),
    ],
)
def test_an_issuer_without_a_symbol_is_abbreviated_by_its_initials(name, abbreviation):
    assert initials(name) == abbreviation
    assert issuer_symbol("", name) == abbreviation
    assert issuer_symbol(" KTĐ ", name) == "KTĐ"  # its own symbol wins


def test_numbers_run_per_issuer_year_and_type(db):
    bloc, other = BlocFactory(code="KTĐ6"), BlocFactory(code="KTĐ1")

    def issue(issuer, year=2020, doc_type=DocumentType.MINUTES) -> int:
        return issue_number(issuer, year=year, doc_type=doc_type, symbol="X").sequence

    assert [issue(bloc), issue(bloc), issue(bloc)] == [1, 2, 3]
    assert issue(bloc, doc_type=DocumentType.REPORT) == 1  # each type its own series
    assert issue(bloc, year=2021) == 1  # numbers restart every year
    assert issue(other) == 1  # each issuer its own register
    assert issue(bloc.province) == 1  # the province's board too
    assert issue(bloc) == 4


def test_a_number_records_its_issuer_symbol_and_subject(db):
    bloc = BlocFactory(code="KTĐ6")

    number = issue_number(
        bloc, year=2020, doc_type=DocumentType.PLEDGE, symbol="KTĐ6", subject=bloc.province
    )

    number.refresh_from_db()
    assert number.issuer_type == ContentType.objects.get_for_model(Bloc)
    assert number.issuer_id == bloc.pk
    assert (number.subject_type.model_class(), number.subject_id) == (Province, bloc.province_id)
    assert number.printed(LetterheadStyle.STATE) == "Số: 01/GƯ-KTĐ6"
    assert number.printed(LetterheadStyle.PARTY) == "Số 01-GƯ/KTĐ6"
    assert str(number) == "Số: 01/GƯ-KTĐ6"


def test_a_symbol_changed_later_leaves_issued_numbers_alone(db):
    bloc = BlocFactory(code="KTĐ6")
    number = issue_number(bloc, year=2020, doc_type="BB", symbol=bloc.code)

    Bloc.objects.filter(pk=bloc.pk).update(code="K6")

    number.refresh_from_db()
    assert number.printed(LetterheadStyle.STATE) == "Số: 01/BB-KTĐ6"


def test_the_database_refuses_a_number_given_twice(db):
    bloc = BlocFactory()
    number = issue_number(bloc, year=2020, doc_type="BB", symbol="X")

    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentNumber.objects.create(
            issuer_type=number.issuer_type,
            issuer_id=bloc.pk,
            year=2020,
            doc_type="BB",
            sequence=1,
            issuer_symbol="X",
        )


def test_a_number_given_in_a_transaction_that_fails_was_never_issued(db):
    bloc = BlocFactory()
    issue_number(bloc, year=2020, doc_type="BB", symbol="X")

    def issue_then_fail() -> None:
        with transaction.atomic():
            issue_number(bloc, year=2020, doc_type="BB", symbol="X")
            raise RuntimeError("the minutes could not be saved")

    with pytest.raises(RuntimeError):
        issue_then_fail()

    # Number 2 was never committed: the next document gets it, and nothing is skipped.
    assert issue_number(bloc, year=2020, doc_type="BB", symbol="X").sequence == 2
