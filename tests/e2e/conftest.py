"""Browser journeys: Playwright drives Debian's chromium against pytest-django's live server.

Run only these with `pytest -m e2e`; they also run in `make test` (under xdist, each worker has
its own live server, test database and browser).
"""

import os

import pytest

# Playwright's sync API keeps an event loop running in the test thread; Django would otherwise
# refuse ORM calls from the test (factories, assertions) as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"  # Debian's package (.ci/run installs it), not Playwright's build


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def e2e_settings(settings):
    """The live server speaks plain HTTP: cookies that are Secure-only outside DEBUG would never
    come back from the browser."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    return settings


@pytest.fixture
def page(page, live_server, e2e_settings):
    """A page on the live server whose clicks, navigations and `expect`s wait up to 20 s: a busy
    CI machine has taken more than 10 s to answer a click that renders a PDF (the worker runs
    in the request in tests), and `expect`'s own default, 5 s, was short too."""
    from playwright.sync_api import expect

    page.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)
    return page


@pytest.fixture
def console_errors(page, live_server) -> list[str]:
    """What went wrong in the page: console errors (Chromium reports CSP violations there),
    uncaught exceptions, and our own responses that failed."""
    errors: list[str] = []

    def on_console(message):
        # Failed loads are reported with their URL by on_response below.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response):
        if response.url.startswith(live_server.url) and response.status >= 400:
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on("response", on_response)
    return errors


@pytest.fixture
def sign_in(page, live_server):
    """sign_in(email): through the real login form, as a person would; lands on the dashboard."""
    from playwright.sync_api import expect

    from tests.factories import PASSWORD

    def submit(email: str) -> None:
        page.goto(f"{live_server.url}/tai-khoan/login/")
        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("input[name=password]").press("Enter")
        expect(page).to_have_url(f"{live_server.url}/")

    return submit
