"""The foundation's official documents: the province's blocs of a year, and one bloc-year's roster
(reports sits above blocs: blocs knows nothing of documents).

Each is a template in reports/templates/reports/documents/ and a function that builds its data
(reports/kinds.py explains the contract). Access: the roster goes to anyone who can see the
bloc-year; the province's list only to its board staff.
"""

import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from blocs import links
from blocs.access import can_manage_province, get_province_for_user
from blocs.models import BlocKind, BlocYear, MemberRole, Membership, Official, Province
from blocs.selectors import in_roster_order
from blocs.terms import DocumentWords, terms_for
from blocs.years import YearField
from core.ordering import vn_sort_key

from .kinds import Document, DocumentKind, Signer, register
from .letterheads import bloc_issuer, board_issuer, board_signer


def role_name(words: DocumentWords, role: str) -> str:
    """A role as documents print it, in Vietnamese whatever the reader's language (they are
    official records), in the bloc's or the cluster's words: "Khối phó", "Cụm phó"."""
    leaders: dict[str, str] = {MemberRole.HEAD: words.head, MemberRole.DEPUTY: words.deputy}
    return leaders.get(role, "")


def _bloc_facts(bloc_year: BlocYear, memberships: Iterable[Membership]) -> dict[str, Any]:
    """What both documents say of a bloc-year, under the names of that year: its name, head,
    deputy, overseer and members (head, deputy, then the others by name), and the words of its
    kind (a cụm has a Cụm trưởng)."""
    members = in_roster_order(memberships)
    leaders = {m.role: m for m in members if m.role != MemberRole.MEMBER}
    overseer = bloc_year.overseer
    words = bloc_year.bloc.terms.vi
    return {
        "words": dataclasses.asdict(words),
        "cluster": bloc_year.bloc.kind == BlocKind.CLUSTER,
        "name": bloc_year.bloc.name_in(bloc_year.year),
        "head": leaders[MemberRole.HEAD].names["name"] if MemberRole.HEAD in leaders else "",  # type: ignore[attr-defined]
        "deputy": leaders[MemberRole.DEPUTY].names["name"]  # type: ignore[attr-defined]
        if MemberRole.DEPUTY in leaders
        else "",
        "overseer": f"{overseer.full_name}, {overseer.title}" if overseer else "",
        "members": [{**m.names, "role": role_name(words, m.role)} for m in members],  # type: ignore[attr-defined]
    }


# --- One bloc-year's roster ------------------------------------------------------------------


# What the roster prints besides the members: loaded with the bloc-year, by the web and the worker.
ROSTER_RELATED = ("bloc__province", "province", "overseer")


def roster_subject(user: Any, pk: int, params: Mapping[str, int]) -> BlocYear:
    return get_object_or_404(
        BlocYear.objects.visible_to(user).select_related(*ROSTER_RELATED), pk=pk
    )


def load_bloc_year(pk: int) -> BlocYear:
    return BlocYear.objects.select_related(*ROSTER_RELATED).get(pk=pk)


def leader_name(agency_id: int) -> str:
    """The person who signs for an agency, when the province recorded exactly one official of
    it (e.g. Lê Công Nhường, Giám đốc Sở KH&CN); otherwise "" and the document leaves a dotted
    line for the name, rather than guess between several."""
    names = list(
        Official.objects.filter(agency_id=agency_id).values_list("full_name", flat=True)[:2]
    )
    return names[0] if len(names) == 1 else ""


def build_roster(bloc_year: BlocYear, params: Mapping[str, int]) -> Document:
    # The province of that year, under that year's names (a merged province for its years).
    province = bloc_year.province_names
    memberships = list(bloc_year.memberships.select_related("agency"))
    facts = _bloc_facts(bloc_year, memberships)
    bloc_name = facts["name"]  # as it was that year
    signer = None
    # The head signs for the bloc; without one, the deputy.
    signing = next(
        (m for role in (MemberRole.HEAD, MemberRole.DEPUTY) for m in memberships if m.role == role),
        None,
    )
    if signing is not None:
        signer = Signer(
            authority=f"TM. {bloc_name}",
            title=role_name(bloc_year.bloc.terms.vi, signing.role),
            name=leader_name(signing.agency_id),
        )
    return Document(
        # A list of the members as they are when it is printed: dated that day, unnumbered
        # (a number is given when a document is issued, not each time an extract is printed).
        letterhead=bloc_issuer(bloc_year).letterhead(datetime.date.today()),
        doc_type="Danh sách",
        summary=f"Đơn vị thành viên {bloc_name} năm {bloc_year.year}",
        title=f"Danh sách thành viên {bloc_name} năm {bloc_year.year}",
        body={**facts, "year": bloc_year.year},
        signer=signer,
        recipients=(
            province.emulation_office,
            f"Các đơn vị {bloc_year.bloc.terms.vi.member}",
            "Lưu: VT",
        ),
    )


register(
    DocumentKind(
        key="bloc_roster",
        label=_("Bloc roster"),
        template="reports/documents/bloc_roster.html",
        get_subject=roster_subject,
        build=build_roster,
        province_of=lambda bloc_year: bloc_year.bloc.province_id,
        load=load_bloc_year,
        expires=True,
    )
)


# --- The province's blocs of a year (board staff) --------------------------------------------


def province_subject(user: Any, pk: int, params: Mapping[str, int]) -> Province:
    """The province's board exports its list, and the lists of the provinces merged into it
    for their years (blocs.merger: the new board keeps their history)."""
    province = get_province_for_user(user, pk)
    if not can_manage_province(user, province.successor.pk):
        raise PermissionDenied
    return province


def build_province_blocs(province: Province, params: Mapping[str, int]) -> Document:
    """The blocs that belonged to the province that year (a merged province's blocs, now the
    new province's, for its years), under the province's names of that year."""
    year = params["year"]
    names = province.in_year(year)
    bloc_years = (
        BlocYear.objects.filter(province=province, bloc__is_active=True, year=year)
        .select_related("bloc", "overseer")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("agency"))
        )
    )
    # In Vietnamese order of the names the blocs had that year ("số 2" before "số 10").
    blocs = sorted(
        (_bloc_facts(bloc_year, bloc_year.memberships.all()) for bloc_year in bloc_years),
        key=lambda facts: vn_sort_key(facts["name"]),
    )
    # "khối thi đua", "cụm thi đua", or for both kinds "cụm, khối thi đua".
    kinds = terms_for(BlocKind.CLUSTER if b["cluster"] else BlocKind.BLOC for b in blocs).vi.name
    clusters = sum(1 for b in blocs if b["cluster"])
    return Document(
        letterhead=board_issuer(province, year).letterhead(datetime.date.today()),
        doc_type="Danh sách",
        summary=f"Các {kinds} và đơn vị thành viên năm {year}",
        title=f"Danh sách {kinds} năm {year} - {names.name}",
        body={
            "year": year,
            "blocs": blocs,
            "bloc_count": len(blocs) - clusters,
            "cluster_count": clusters,
            "kinds": kinds,
            "agency_count": sum(len(b["members"]) for b in blocs),
            "province_kind": names.kind_word,
        },
        signer=board_signer(province, year),
        recipients=(
            f"Thường trực Hội đồng Thi đua - Khen thưởng {names.kind_word}",
            f"Các {kinds}",
            "Lưu: VT",
        ),
    )


register(
    DocumentKind(
        key="province_blocs",
        label=_("List of the province's blocs"),
        template="reports/documents/province_blocs.html",
        get_subject=province_subject,
        build=build_province_blocs,
        province_of=lambda province: province.successor.pk,
        load=lambda pk: Province.objects.get(pk=pk),
        params={"year": YearField()},
        expires=True,
    )
)


# --- Their buttons on blocs' pages (blocs.links) ---------------------------------------------

EXPORT_BUTTON = "reports/_export_button.html"


def bloc_year_actions(user: Any, bloc_year: BlocYear) -> list[links.Action]:
    return [
        links.Action(
            template=EXPORT_BUTTON, context={"kind": "bloc_roster", "subject": bloc_year.pk}
        )
    ]


def bloc_list_actions(user: Any, year: int) -> list[links.Action]:
    """The province's list of that year; when the year's blocs belonged to several provinces
    (the years before a merger), one list per province, each named (one query)."""
    if not (user.province_id and can_manage_province(user, user.province_id)):
        return []
    provinces = list(
        Province.objects.filter(
            bloc_years__year=year, bloc_years__bloc__province_id=user.province_id
        ).distinct()
    )
    if len(provinces) <= 1:
        subject = provinces[0].pk if provinces else user.province_id
        context = {"kind": "province_blocs", "subject": subject, "year": year}
        return [links.Action(template=EXPORT_BUTTON, context=context)]
    return [
        links.Action(
            template=EXPORT_BUTTON,
            context={
                "kind": "province_blocs",
                "subject": province.pk,
                "year": year,
                "label": _("Export PDF: %(province)s") % {"province": province.in_year(year).name},
            },
        )
        for province in sorted(provinces, key=lambda p: vn_sort_key(p.in_year(year).name))
    ]
