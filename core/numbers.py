"""Numbers as Vietnamese write them: a comma before decimals and dots between thousands ("2,5",
"1.000", "153.135.000 đồng"), on pages, in documents and in what users type."""

from decimal import Decimal, InvalidOperation
from functools import lru_cache


# Cached: a score table or grid writes the same few values (0, 2, 2,5, 10...) thousands of
# times per page. Equal numbers (Decimal("2") and Decimal("2.00")) are written alike.
@lru_cache(maxsize=4096)
def decimal_number(value: str | Decimal | int, *, grouping: bool = True) -> str:
    """A number with up to two decimals, without trailing zeros: "2,5", "10", "1.000" (with
    `grouping`; "1000" without, e.g. in a form field)."""
    whole, _dot, fraction = f"{Decimal(value):.2f}".partition(".")
    fraction = fraction.rstrip("0")
    if grouping:
        sign = "-" if whole.startswith("-") else ""
        whole = sign + f"{int(whole.lstrip('-')):,}".replace(",", ".")
    return f"{whole},{fraction}" if fraction else whole


def money(value: int | Decimal) -> str:
    """An amount in đồng: "153.135.000 đồng"."""
    return f"{decimal_number(Decimal(value).quantize(Decimal(1)))} đồng"


def parse_decimal(value: object) -> Decimal | None:
    """A number as typed: "2,5", "2.5", " 10 " (a comma or a dot before the decimals; no
    thousands separators, which would be ambiguous). None when it is not a finite number."""
    text = str(value).strip().replace(" ", "").replace(",", ".")
    if text.count(".") > 1:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
