"""Leaving a page in a browser test: a check that follows a click (axe-core's, say) must read the
page the click leads to, not the one being left, whatever the machine's speed."""

from typing import Any


def follow(page: Any, target: Any) -> None:
    """Clicks a link or a form's button (a locator) and waits until the page it leads to has
    loaded."""
    with page.expect_navigation():
        target.click()
