"""Abstract models every app shares: versioned edits and names that change by year."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """Optimistic locking: forms carry the version they read; a stale save is refused
    (core.versioning.save_versioned) instead of silently overwriting someone else's edit."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class Renamable(models.Model):
    """A record whose official name changes now and then (the 2025 reorganisation renamed and
    merged many agencies): old years keep the names they had (domain.md, "Legal baseline").

    `former_names` lists earlier names, each with the last year it was used:
    [{"until": 2024, "name": "Sở Khoa học và Công nghệ", "short_name": "Sở KH&CN"}]. A plain
    correction (a typo) changes the name without an entry (core.versioning.save_versioned).
    """

    NAME_FIELDS: tuple[str, ...] = ("name",)

    former_names = models.JSONField(_("former names"), default=list, blank=True, editable=False)

    class Meta:
        abstract = True

    def names_in(self, year: int) -> dict[str, str]:
        """The name fields as they were in `year`."""
        for former in sorted(self.former_names, key=lambda entry: entry["until"]):
            if year <= former["until"]:
                return {field: former.get(field, "") for field in self.NAME_FIELDS}
        return {field: getattr(self, field) for field in self.NAME_FIELDS}

    def name_in(self, year: int) -> str:
        return self.names_in(year)["name"]
