"""Accessibility checks with axe-core (bundled by axe-playwright-python, injected into the page
by Playwright, so the page's Content Security Policy is not involved): WCAG 2.x A and AA."""

from typing import Any

from axe_playwright_python.sync_playwright import Axe

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

_axe = Axe()


def violations(page: Any) -> list[str]:
    """Every WCAG A/AA violation on the page as it is now, one line each with the elements."""
    results = _axe.run(page, options={**WCAG, "resultTypes": ["violations"]})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
    ]


def assert_accessible(page: Any) -> None:
    found = violations(page)
    assert found == [], f"{page.url}:\n" + "\n".join(found)
