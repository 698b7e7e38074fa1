"""Two documents of one issuer issued at the same moment, over two real PostgreSQL connections:
each gets its own number. Without the counter's row lock both would read the same last number
and the second would fail on the unique constraint (or, without it, print the same number)."""

import time

import pytest

from core.models import DocumentCounter, DocumentNumber, DocumentType
from core.numbering import issue_number
from tests.concurrency import at_the_same_moment
from tests.factories import BlocFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql_only")]


@pytest.fixture
def slow_counter(monkeypatch):
    """Each issue waits a moment between reading its counter and writing it back."""
    save = DocumentCounter.save

    def slow(self, *args, **kwargs):
        time.sleep(0.3)
        save(self, *args, **kwargs)

    monkeypatch.setattr(DocumentCounter, "save", slow)


def issues(bloc):
    return lambda: issue_number(bloc, year=2021, doc_type=DocumentType.MINUTES, symbol="KTĐ6")


@pytest.mark.usefixtures("slow_counter")
def test_two_documents_issued_together_get_two_numbers(db):
    bloc = BlocFactory(code="KTĐ6")

    # The bloc's first minutes of 2021: both also create its counter at the same moment.
    results = at_the_same_moment(issues(bloc), issues(bloc))

    assert all(isinstance(result, DocumentNumber) for result in results), results
    assert sorted(number.sequence for number in results) == [1, 2]
    assert DocumentCounter.objects.get(issuer_id=bloc.pk, year=2021).last == 2


def test_many_documents_issued_together_get_consecutive_numbers(db):
    bloc = BlocFactory(code="KTĐ6")
    issue_number(bloc, year=2021, doc_type=DocumentType.MINUTES, symbol="KTĐ6")

    results = at_the_same_moment(*(issues(bloc) for _ in range(6)))

    assert all(isinstance(result, DocumentNumber) for result in results), results
    assert sorted(number.sequence for number in results) == [2, 3, 4, 5, 6, 7]
