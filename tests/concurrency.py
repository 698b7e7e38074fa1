"""Running calls at the same moment, each over its own database connection (Django's
connections are per thread), for the tests of races (PostgreSQL only, transaction=True)."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def at_the_same_moment(*calls: Callable[[], Any]) -> list[Any]:
    """Run every call in its own thread, released together by a barrier; each result is the
    call's return value or the exception it raised."""
    barrier = threading.Barrier(len(calls), timeout=10)
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # handed back to the test
            results[index] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a call hung"
    return results
