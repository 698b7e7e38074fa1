"""Reads of the change log: one query per page whatever the history's length, each on one of
Change's indexes, always within one province (the tenant key)."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import Change

LIMIT = 200


def _newest(changes: "models.QuerySet[Change]", limit: int) -> list[Change]:
    return list(changes.select_related("actor").order_by("-at", "-pk")[:limit])


def changes_of(obj: models.Model, *, province_id: int, limit: int = LIMIT) -> list[Change]:
    """One object's history, newest first."""
    return _newest(
        Change.objects.filter(
            province_id=province_id,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
        ),
        limit,
    )


def changes_in_bloc_year(
    bloc_year_id: int,
    *,
    province_id: int,
    of: Iterable[type[models.Model]],
    limit: int = LIMIT,
) -> list[Change]:
    """A bloc-year's history of the given kinds of records (a pledge page: its pledges and its
    criteria set), newest first."""
    kinds = ContentType.objects.get_for_models(*of).values()
    return _newest(
        Change.objects.filter(
            province_id=province_id, bloc_year_id=bloc_year_id, content_type__in=kinds
        ),
        limit,
    )


def changes_in_province(
    province_id: int, *, of: Iterable[type[models.Model]] = (), limit: int = LIMIT
) -> list[Change]:
    """A province's history (the board's view of everything), newest first; only the given
    kinds of records when `of` names some."""
    changes = Change.objects.filter(province_id=province_id)
    kinds = list(ContentType.objects.get_for_models(*of).values()) if of else None
    if kinds is not None:
        changes = changes.filter(content_type__in=kinds)
    return _newest(changes, limit)
