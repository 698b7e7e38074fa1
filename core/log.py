"""Logging that a person can read in the terminal of `make run` and in the containers' logs."""

import copy
import logging


class ClientErrorsInOneLine(logging.Filter):
    """Django logs every 4xx answer with the exception that caused it ("Forbidden (Permission
    denied): /khoi/3/" and a full traceback). A 403 or 404 is the site working as meant: keep the
    line, drop the traceback. Server errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> logging.LogRecord | bool:
        status = getattr(record, "status_code", None)
        if record.exc_info and isinstance(status, int) and 400 <= status < 500:
            # A copy (Python 3.12+ filters may return one): other handlers still get the original.
            record = copy.copy(record)
            record.exc_info, record.exc_text = None, None
            return record
        return True
