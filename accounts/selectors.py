"""Reads for the user pages, scoped by the viewer (access.UserQuerySet.visible_to)."""

from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from blocs.models import Agency, Bloc, Province
from core.text import nfc

from .access import UserQuerySet
from .models import Role, User

# Status filter of the user list: value in the URL -> label.
STATUSES = {
    "active": _("Active"),
    "pending": _("Invitation pending"),
    "inactive": _("Deactivated"),
}


def user_rows(viewer: Any, *, query: str = "", role: str = "", status: str = "") -> UserQuerySet:
    """The accounts the viewer manages, searched by name, e-mail, job title or agency."""
    users: UserQuerySet = User.objects.visible_to(viewer).select_related(
        "agency", "official", "province"
    )
    query = nfc(query)
    if query:
        users = users.filter(
            Q(full_name__icontains=query)
            | Q(email__icontains=query)
            | Q(job_title__icontains=query)
            | Q(agency__name__icontains=query)
            | Q(agency__short_name__icontains=query)
        )
    if role in Role.values:
        users = users.filter(role=role)
    if status == "active":
        users = users.filter(is_active=True).with_password()
    elif status == "pending":
        users = users.filter(is_active=True).pending_invitation()
    elif status == "inactive":
        users = users.filter(is_active=False)
    return users.order_by("sort_key", "email")


def province_rows() -> list[Province]:
    """Every province for the operators' page: its blocs and agencies counted, its board staff
    listed (`board`), in three queries whatever the number of provinces."""

    def count(queryset: QuerySet) -> Coalesce:
        per_province = queryset.filter(province=OuterRef("pk")).order_by().values("province")
        return Coalesce(Subquery(per_province.annotate(n=Count("pk")).values("n")), 0)

    board = User.objects.filter(role=Role.BOARD).order_by("-is_active", "sort_key", "email")
    return list(
        Province.objects.annotate(
            bloc_count=count(Bloc.objects.all()),
            agency_count=count(Agency.objects.all()),
        )
        .select_related("merged_into")
        .prefetch_related(Prefetch("users", queryset=board, to_attr="board"))
        .order_by("sort_key")
    )
