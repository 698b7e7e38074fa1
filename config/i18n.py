"""Strings of Django and its contrib apps that their Vietnamese catalogues lack.

Listed here so that `make messages` puts them in locale/vi (config's catalogue), which is
searched first.
This module is never imported.
"""

from django.utils.translation import gettext_noop

MISSING_FROM_DJANGO = [
    gettext_noop("- Select an option -"),  # Django 6.1 BLANK_CHOICE_LABEL
]
