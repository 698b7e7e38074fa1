"""Settings for the load benchmark (bench/load.py) only: production's settings with a URLconf
that adds a bare login-required view, the yardstick every page is compared with. Never used by
the site: config/urls.py does not know the bare view.
"""

from config.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# The harness logs in with a session it writes itself; a board user without TOTP must not be
# sent to the enrolment page.
REQUIRE_2FA = False
