"""Awards' official documents: the ballot's count record (biên bản kiểm phiếu), a nomination's
proposal letter (tờ trình, NĐ 152/2025 Mẫu 01) and its annex (danh sách đề nghị). A count
record exists only for a closed ballot (which never changes); a proposal letter is printed
with the number the register gave it (params: the DocumentNumber's id, checked to be the
nomination's). Anyone who can see the bloc-year may export them.
"""

import dataclasses
import datetime
from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blocs.models import MemberRole
from core.models import DocumentNumber, DocumentType
from reports.documents import leader_name, role_name
from reports.kinds import Document, DocumentKind, Signer, register
from reports.letterheads import bloc_issuer

from .models import LIVE_STATUSES, Ballot, BallotStatus, Nomination
from .services import ballots, ballots_record

BALLOT_RELATED = ("meeting__bloc_year__bloc",)
NOMINATION_RELATED = ("bloc_year__bloc", "award_type", "agency", "meeting", "ballot_line__ballot")

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022"
DECREE = (
    "Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết thi hành một số điều của "
    "Luật Thi đua, khen thưởng"
)


def ballot_subject(user: Any, pk: int, params: Mapping[str, int]) -> Ballot:
    return get_object_or_404(
        Ballot.objects.visible_to(user)
        .filter(status=BallotStatus.CLOSED)
        .select_related(*BALLOT_RELATED),
        pk=pk,
    )


def nomination_subject(user: Any, pk: int, params: Mapping[str, int]) -> Nomination:
    return get_object_or_404(
        Nomination.objects.visible_to(user).select_related(*NOMINATION_RELATED), pk=pk
    )


def _number(nomination: Nomination, params: Mapping[str, int]) -> DocumentNumber:
    number = DocumentNumber.objects.filter(
        pk=int(params.get("number") or 0),
        subject_type=ContentType.objects.get_for_model(Nomination),
        subject_id=nomination.pk,
        doc_type=DocumentType.PROPOSAL,
    ).first()
    if number is None:
        raise Http404
    return number


def _dated(params: Mapping[str, int]) -> datetime.date | None:
    value = int(params.get("dated") or 0)
    try:
        return datetime.date(value // 10000, value // 100 % 100, value % 100)
    except ValueError:
        return None


def _signer(nomination: Nomination, bloc_name: str) -> Signer | None:
    bloc_year = nomination.bloc_year
    signing = next(
        (
            m
            for role in (MemberRole.HEAD, MemberRole.DEPUTY)
            for m in bloc_year.memberships.all()
            if m.role == role
        ),
        None,
    )
    if signing is None:
        return None
    return Signer(
        title=role_name(bloc_year.bloc.terms.vi, signing.role),
        authority=f"TM. {bloc_name}",
        name=leader_name(signing.agency_id),
    )


def _heading(nomination: Nomination, params: Mapping[str, int]) -> tuple[Any, str, str]:
    number = _number(nomination, params)
    bloc_year = nomination.bloc_year
    dated = _dated(params) or timezone.localtime(number.issued_at).date()
    issuer = bloc_issuer(bloc_year, on=dated)
    letterhead = dataclasses.replace(issuer.letterhead(dated), number=number.printed(issuer.style))
    return letterhead, number.printed(issuer.style), bloc_year.bloc.name_in(bloc_year.year)


def _facts(nomination: Nomination) -> dict[str, Any]:
    year = nomination.year
    line = nomination.ballot_line
    ballot = line.ballot if line is not None else None
    meeting_day = timezone.localtime(nomination.meeting.starts_at).date()
    return {
        "year": year,
        "award": nomination.award_type.name,
        "decider": nomination.award_type.decider,
        "citation": nomination.award_type.citation,
        "agency": nomination.agency.name_in(year),
        "meeting": str(nomination.meeting),
        "meeting_day": meeting_day.strftime("%d/%m/%Y"),
        "ballot_number": ballot.number if ballot else "",
        "yes": line.yes_votes if line else None,
        "base": ballots.line_result(ballot, line).base
        if ballot and line and ballot.is_closed
        else None,
        "round": nomination.round,
    }


def build_proposal(nomination: Nomination, params: Mapping[str, int]) -> Document:
    letterhead, printed, bloc_name = _heading(nomination, params)
    facts = _facts(nomination)
    return Document(
        letterhead=letterhead,
        doc_type="Tờ trình",
        summary=f"Về việc đề nghị tặng {facts['award']} năm {facts['year']}",
        title=f"Tờ trình đề nghị tặng {facts['award']} - {facts['agency']} ({printed})",
        body={**facts, "bloc": bloc_name, "law": LAW, "decree": DECREE, "number": printed},
        signer=_signer(nomination, bloc_name),
        recipients=(
            f"{facts['decider']} (qua Ban Thi đua - Khen thưởng)",
            facts["agency"],
            "Lưu: VT",
        ),
    )


def build_list(nomination: Nomination, params: Mapping[str, int]) -> Document:
    letterhead, printed, bloc_name = _heading(nomination, params)
    year = nomination.year
    others = (
        Nomination.objects.filter(meeting_id=nomination.meeting_id, status__in=LIVE_STATUSES)
        .select_related("award_type", "agency", "ballot_line")
        .order_by("award_type__position", "ballot_line__position", "pk")
    )
    rows = [
        {
            "agency": other.agency.name_in(year),
            "award": other.award_type.name,
            "yes": other.ballot_line.yes_votes if other.ballot_line else None,
        }
        for other in others
    ]
    return Document(
        letterhead=dataclasses.replace(letterhead, number=""),
        doc_type="Danh sách",
        summary=(
            f"Đề nghị khen thưởng năm {year} (kèm theo Tờ trình "
            f"{printed.removeprefix('Số: ').removeprefix('Số ')} của {bloc_name})"
        ),
        title=f"Danh sách đề nghị khen thưởng {bloc_name} {year} ({printed})",
        body={"bloc": bloc_name, "year": year, "rows": rows},
        signer=_signer(nomination, bloc_name),
    )


def build_ballot_result(ballot: Ballot, params: Mapping[str, int]) -> Document:
    return ballots_record.document(ballot)


NUMBER = {
    "number": forms.IntegerField(min_value=1, max_value=2**62),
    "dated": forms.IntegerField(min_value=19000101, max_value=21001231, required=False),
}

register(
    DocumentKind(
        key="ballot_result",
        label=_("Ballot count record"),
        template="awards/documents/ballot_result.html",
        get_subject=ballot_subject,
        build=build_ballot_result,
        province_of=lambda ballot: ballot.meeting.bloc_year.bloc.province_id,
        load=lambda pk: Ballot.objects.select_related(*BALLOT_RELATED).get(pk=pk),
    )
)
register(
    DocumentKind(
        key="nomination_proposal",
        label=_("Proposal letter"),
        template="awards/documents/proposal.html",
        get_subject=nomination_subject,
        build=build_proposal,
        province_of=lambda nomination: nomination.bloc_year.bloc.province_id,
        load=lambda pk: Nomination.objects.select_related(*NOMINATION_RELATED).get(pk=pk),
        params=NUMBER,
    )
)
register(
    DocumentKind(
        key="nomination_list",
        label=_("List of nominees"),
        template="awards/documents/proposal_list.html",
        get_subject=nomination_subject,
        build=build_list,
        province_of=lambda nomination: nomination.bloc_year.bloc.province_id,
        load=lambda pk: Nomination.objects.select_related(*NOMINATION_RELATED).get(pk=pk),
        params=NUMBER,
    )
)
