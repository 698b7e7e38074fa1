"""Everything a user reads is in Vietnamese: every msgid in our code and templates has a
translation, none is fuzzy, and the placeholders survive translation."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "var", ".git", "tests", "bench", "node_modules", "__pycache__", "static"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def _catalogues(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("locale/**/vi/LC_MESSAGES/django.po")
        if not SKIP & set(p.relative_to(root).parts)
    )


def _problems(catalogue: Path) -> list[str]:
    po = polib.pofile(str(catalogue))
    # A fuzzy header is dropped by msgfmt, and with it the charset and plural forms.
    problems = [f"fuzzy header {catalogue}"] if po.metadata_is_fuzzy else []
    for entry in po:
        if entry.obsolete:
            continue
        where = f"{catalogue.relative_to(catalogue.parents[4])}: {entry.msgid!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy {where}")
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not all(translations):
            problems.append(f"untranslated {where}")
            continue
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        for text in translations:
            if entry.msgid_plural:
                wanted |= set(PLACEHOLDER.findall(entry.msgid_plural))
                got = set(PLACEHOLDER.findall(text))
                if not got <= wanted:
                    problems.append(f"placeholders {where}")
            elif set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"placeholders {where}")
    return problems


def test_catalogues_are_complete():
    catalogues = _catalogues(ROOT)
    assert catalogues, "no Vietnamese catalogue found"
    problems = [p for c in catalogues for p in _problems(c)]
    assert problems == []


@pytest.mark.slow
def test_every_source_string_is_in_a_catalogue(tmp_path):
    """makemessages on a copy of the sources (as `make messages` runs it) adds nothing
    untranslated, nor a fuzzy guess (a new msgid close to an existing one gets that one's
    translation, marked fuzzy, which gettext then ignores: the user would read English), and
    finds every msgid of the catalogues in the code: one it no longer finds (a string changed, or
    marked in a way xgettext cannot read, such as an alias of gettext_noop) would be dropped by
    the next `make messages`."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*SKIP, "*.mo"))
    (copy / "var").mkdir()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "vi",
            "--no-location",
            "--ignore",
            "var/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "VAR_DIR": str(copy / "var"),
            "SECRET_KEY": "makemessages-only",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        },
    )
    problems = [
        p
        for c in _catalogues(copy)
        for p in _problems(c)
        if p.startswith(("untranslated", "fuzzy"))
    ]
    problems += [
        f"not in the code {c.relative_to(copy)}: {entry.msgid!r}"
        for c in _catalogues(copy)
        for entry in polib.pofile(str(c)).obsolete_entries()
    ]
    assert problems == []


def test_every_catalogue_compiles():
    """msgfmt's own checks (a "%" in a msgid makes it a Python format that the translation must
    match): what `make` runs before the tests, caught here for a plain pytest run too."""
    problems = []
    for catalogue in _catalogues(ROOT):
        run = subprocess.run(
            ["msgfmt", "--check-format", "-o", "/dev/null", str(catalogue)],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode:
            problems.append(run.stderr.strip())
    assert problems == []
