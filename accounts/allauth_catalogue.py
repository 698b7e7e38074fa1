"""The Vietnamese catalogue of the django-allauth strings our pages show.

allauth ships no Vietnamese translation, so locale/allauth/vi/LC_MESSAGES/django.po (a second
entry of LOCALE_PATHS, never touched by makemessages) holds ours. The msgids come from allauth's
own French catalogue, which lists every msgid with the files it occurs in: an entry belongs to
us when it occurs in one of ALLAUTH_SOURCES, the allauth files behind the pages we use.

After upgrading allauth:

    .venv/bin/python -m accounts.allauth_catalogue          # lists what is missing or stale
    .venv/bin/python -m accounts.allauth_catalogue --update # adds missing msgids (empty msgstr)

then translate the new entries and run compilemessages. tests/accounts/test_allauth_catalogue.py
fails while an entry is missing or untranslated. polib is a development dependency.
"""

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import allauth

ALLAUTH_DIR = Path(allauth.__file__).resolve().parent
REFERENCE = ALLAUTH_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# settings.LOCALE_PATHS[1]; computed from this file so that the tool runs without settings.
CATALOGUE = (
    Path(__file__).resolve().parent.parent
    / "locale"
    / "allauth"
    / "vi"
    / "LC_MESSAGES"
    / "django.po"
)

# The allauth files behind the pages we use (templates/account/ overrides the sign-in page and
# the set-a-password pages of the invitation link, with our own msgids): sign-in,
# sign-out, password reset and change, re-authentication, inactive account, two-factor
# authentication with TOTP and recovery codes, their messages, the password-reset e-mail
# (its greeting and signature are ours: templates/account/email/base_message.txt), and the
# Python modules with the forms' labels and error messages.
ALLAUTH_SOURCES = (
    "templates/account/logout.html",
    "templates/account/password_reset.html",
    "templates/account/password_reset_done.html",
    "templates/account/password_change.html",
    "templates/account/password_set.html",
    "templates/account/base_reauthenticate.html",
    "templates/account/reauthenticate.html",
    "templates/account/account_inactive.html",
    "templates/account/signup_closed.html",
    "templates/account/snippets/already_logged_in.html",
    "templates/account/messages/logged_in.txt",
    "templates/account/messages/logged_out.txt",
    "templates/account/messages/password_changed.txt",
    "templates/account/messages/password_set.txt",
    "templates/account/email/password_reset_key_subject.txt",
    "templates/account/email/password_reset_key_message.txt",
    "templates/mfa/index.html",
    "templates/mfa/authenticate.html",
    "templates/mfa/reauthenticate.html",
    "templates/mfa/totp/base.html",
    "templates/mfa/totp/activate_form.html",
    "templates/mfa/totp/deactivate_form.html",
    "templates/mfa/recovery_codes/base.html",
    "templates/mfa/recovery_codes/index.html",
    "templates/mfa/recovery_codes/generate.html",
    "templates/mfa/messages/totp_activated.txt",
    "templates/mfa/messages/totp_deactivated.txt",
    "templates/mfa/messages/recovery_codes_generated.txt",
    "account/forms.py",
    "account/fields.py",
    "account/adapter.py",
    "mfa/adapter.py",
    "mfa/base/forms.py",
    "mfa/totp/forms.py",
    # The admin (operators): allauth's app and model names, the types of authenticators.
    "account/apps.py",
    "account/models.py",
    "account/admin.py",
    "mfa/models.py",
    "mfa/apps.py",
)

Key = tuple[str, str]  # (msgctxt, msgid)


def _polib() -> Any:
    import polib  # a development dependency: only this tool and its test need it

    return polib


def _key(entry: Any) -> Key:
    return (entry.msgctxt or "", entry.msgid)


def reference_entries() -> list[Any]:
    """allauth's entries (from the French catalogue) that occur in ALLAUTH_SOURCES."""
    sources = set(ALLAUTH_SOURCES)
    return [
        entry
        for entry in _polib().pofile(str(REFERENCE))
        if not entry.obsolete and any(path in sources for path, _line in entry.occurrences)
    ]


@dataclass
class Report:
    missing: list[Key]  # used by our pages, absent from our catalogue
    untranslated: list[Key]  # present but empty or fuzzy
    unused: list[Key]  # in our catalogue, no longer in allauth's sources

    @property
    def ok(self) -> bool:
        return not (self.missing or self.untranslated)


def _translated(entry: Any) -> bool:
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def check(catalogue: Path = CATALOGUE) -> Report:
    wanted = {_key(e) for e in reference_entries()}
    ours = {_key(e): e for e in _polib().pofile(str(catalogue)) if not e.obsolete}
    return Report(
        missing=sorted(wanted - set(ours)),
        untranslated=sorted(k for k in wanted & set(ours) if not _translated(ours[k])),
        unused=sorted(set(ours) - wanted),
    )


def update(catalogue: Path = CATALOGUE) -> int:
    """Add the missing msgids with an empty translation; returns how many were added."""
    polib = _polib()
    po = polib.pofile(str(catalogue))
    have = {_key(e) for e in po}
    added = 0
    for ref in reference_entries():
        if _key(ref) in have:
            continue
        po.append(
            polib.POEntry(
                msgctxt=ref.msgctxt,
                msgid=ref.msgid,
                msgid_plural=ref.msgid_plural,
                msgstr="",
                msgstr_plural={0: ""} if ref.msgid_plural else {},
                # Where allauth uses it (line numbers change with every release: left out).
                occurrences=sorted({(path, "") for path, _line in ref.occurrences}),
                flags=[f for f in ref.flags if f != "fuzzy"],
            )
        )
        added += 1
    po.save(str(catalogue))
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="add missing msgids to the .po")
    args = parser.parse_args(argv)
    if args.update:
        print(f"{update()} msgids added to {CATALOGUE}")
    report = check()
    for title, keys in (
        ("Missing", report.missing),
        ("Untranslated", report.untranslated),
        ("No longer used by allauth's pages", report.unused),
    ):
        for ctxt, msgid in keys:
            print(f"{title}: {ctxt + ' | ' if ctxt else ''}{msgid!r}")
    print(f"{len(reference_entries())} allauth msgids are used by our pages.")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
