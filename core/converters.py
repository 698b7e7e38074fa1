"""Path converters with bounds: Django's <int:> takes any number of digits, and a number beyond
a column's range made the database raise (SQLite's OverflowError, PostgreSQL's "out of range")
instead of answering 404. A number these refuse simply matches no URL: 404."""

BIGGEST_ID = 2**63 - 1  # BigAutoField


class IdConverter:
    """A record's id: 1 to 19 digits, at most the largest id a BigAutoField holds."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= BIGGEST_ID:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)


class YearConverter:
    """A year: four digits (the year's own range is checked with the record)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
