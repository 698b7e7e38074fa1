from decimal import Decimal

import pytest

from core.numbers import decimal_number, money, parse_decimal


@pytest.mark.parametrize(
    ("value", "text"),
    [("2.50", "2,5"), ("1000", "1.000"), ("-1234.5", "-1.234,5"), (Decimal("0.25"), "0,25")],
)
def test_numbers_are_written_the_vietnamese_way(value, text):
    assert decimal_number(value) == text


def test_money_is_in_dong_with_dots_between_thousands():
    # Bình Định's Khối Tham mưu - Tổng hợp funded three charity houses (domain.md).
    assert money(153135000) == "153.135.000 đồng"


@pytest.mark.parametrize(
    ("typed", "value"),
    [("2,5", Decimal("2.5")), (" 10 ", Decimal(10)), ("0.25", Decimal("0.25"))],
)
def test_typed_numbers_are_read_with_a_comma_or_a_dot(typed, value):
    assert parse_decimal(typed) == value


@pytest.mark.parametrize("typed", ["abc", "1.000,5", "NaN", "Infinity", "", "2,5,1"])
def test_what_is_not_a_plain_number_is_refused(typed):
    assert parse_decimal(typed) is None
