"""`make run` starts the web server where HOST and PORT say, and the links it makes (e-mails, the
signed pledge's QR code) point there too, unless SITE_URL is given."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(*arguments: str, **environment: str) -> str:
    """The commands `make run` would execute, without running them."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | environment
    return subprocess.run(
        ["make", "--no-print-directory", "-n", "run", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout


def test_make_run_on_another_port_links_to_that_port():
    commands = dry_run("PORT=8101")

    assert "SITE_URL='http://127.0.0.1:8101'" in commands
    assert "runserver 127.0.0.1:8101" in commands


def test_make_run_keeps_a_site_url_that_is_given():
    commands = dry_run("PORT=8101", SITE_URL="https://thidua.example.vn")

    assert "SITE_URL='https://thidua.example.vn'" in commands
