"""Reads for the awards pages and for the sections awards adds to blocs' pages: each runs a fixed
number of queries whatever the number of rows."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.links import Action
from blocs.models import Agency, Province
from core.ordering import vn_sort_key

from .access import can_manage_awards, can_see_flags
from .models import AwardRecord, AwardType, EligibilityFlag, NominationDeadline, YearResult


@dataclass
class FlagRow:
    flag: EligibilityFlag
    in_force: bool


def flag_rows(flags: list[EligibilityFlag], today: datetime.date) -> list[FlagRow]:
    return [FlagRow(flag, flag.in_force_on(today)) for flag in flags]


@dataclass
class AgencyAwards:
    agency: Agency
    records: list[AwardRecord]
    results: list[YearResult]
    flags: list[FlagRow] | None  # None: this user does not see flags
    can_manage: bool


def agency_awards(user: Any, agency: Agency) -> AgencyAwards:
    """An agency's award history and entered results (whoever sees the agency), and its flags
    (the board only): two queries, three for the board."""
    records = list(
        AwardRecord.objects.filter(agency=agency)
        .select_related("award_type")
        .order_by("-year", "-decision_date", "-pk")
    )
    results = list(YearResult.objects.filter(agency=agency).order_by("-year"))
    flags = None
    if can_see_flags(user, agency.province_id):
        flags = flag_rows(
            list(
                EligibilityFlag.objects.filter(agency=agency)
                .select_related("set_by", "ended_by")
                .order_by("-starts_on", "-pk")
            ),
            timezone.localdate(),
        )
    return AgencyAwards(
        agency=agency,
        records=records,
        results=results,
        flags=flags,
        can_manage=can_manage_awards(user, agency.province_id),
    )


def agency_section(user: Any, agency: Agency) -> list[Action]:
    """The awards section of an agency's page (blocs.links "agency_sections")."""
    return [
        Action(
            template="awards/_agency_awards.html", context={"awards": agency_awards(user, agency)}
        )
    ]


def agency_buttons(user: Any, agency: Agency) -> list[Action]:
    """The board's way from an agency's page to its eligibility (blocs.links "agency")."""
    if not can_manage_awards(user, agency.province_id):
        return []
    return [
        Action(
            label=_("Award eligibility"),
            url=reverse("awards:eligibility", args=[agency.pk]),
            id="award-eligibility",
        )
    ]


def award_types_for(user: Any) -> list[AwardType]:
    """The award types of the user's province (every province's for an operator), in order."""
    return list(
        AwardType.objects.visible_to(user)
        .select_related("province", "quota_base")
        .order_by("province__sort_key", "position", "pk")
    )


def deadlines_for(user: Any) -> list[NominationDeadline]:
    return list(
        NominationDeadline.objects.visible_to(user)
        .select_related("province")
        .order_by("province__sort_key", "-year")
    )


def province_flags(user: Any) -> list[FlagRow]:
    """Every flag the user manages, those in force first, then by agency in Vietnamese order."""
    today = timezone.localdate()
    rows = flag_rows(
        list(EligibilityFlag.objects.visible_to(user).select_related("agency", "set_by")),
        today,
    )
    return sorted(
        rows,
        key=lambda row: (not row.in_force, vn_sort_key(row.flag.agency.name), row.flag.starts_on),
    )


def province_of(user: Any) -> Province | None:
    return user.province if getattr(user, "province_id", None) else None


# --- aw2: a bloc-year's ballots and nominations ------------------------------------------------


def bloc_year_nominations(bloc_year: Any) -> list[Any]:
    """The bloc-year's nominations, award by award (one query)."""
    from .models import Nomination

    return list(
        Nomination.objects.filter(bloc_year=bloc_year)
        .select_related("award_type", "agency", "ballot_line__ballot")
        .order_by("award_type__position", "award_type_id", "pk")
    )


def bloc_year_ballots(bloc_year: Any) -> list[Any]:
    """The ballots of the bloc-year's meetings (one query)."""
    from .models import Ballot

    return list(
        Ballot.objects.filter(meeting__bloc_year=bloc_year)
        .select_related("meeting")
        .order_by("meeting__starts_at", "sequence")
    )


def bloc_year_awards_section(user: Any, bloc_year: Any) -> list[Action]:
    """The bloc-year page's section: the selection at its tổng kết, its ballots and its
    nominations (blocs.links "bloc_year_sections"; one query, three when the bloc-year has
    ballots or nominations)."""
    from django.db.models import Exists, OuterRef

    from meetings.models import Meeting, MeetingKind

    from .access import can_prepare_nominations
    from .models import Ballot, Nomination

    # Its meetings, each saying whether a ballot or a nomination hangs on it: most bloc-years
    # of a province have neither, and then nothing more is read.
    meetings = list(
        Meeting.objects.filter(bloc_year=bloc_year).annotate(
            with_ballots=Exists(Ballot.objects.filter(meeting=OuterRef("pk"))),
            with_nominations=Exists(Nomination.objects.filter(meeting=OuterRef("pk"))),
        )
    )
    yearend = next((m for m in meetings if m.kind == MeetingKind.YEAREND), None)
    return [
        Action(
            template="awards/_bloc_year_awards.html",
            context={
                "bloc_year": bloc_year,
                "yearend": yearend,
                "ballots": (
                    bloc_year_ballots(bloc_year) if any(m.with_ballots for m in meetings) else []
                ),
                "nominations": (
                    bloc_year_nominations(bloc_year)
                    if any(m.with_nominations for m in meetings)
                    else []
                ),
                "can_prepare": can_prepare_nominations(user, bloc_year),
            },
        )
    ]


def ballots_to_vote(user: Any) -> list[Any]:
    """The dashboard's reminder (blocs.todo): every open online ballot of a bloc-year the
    user's agency is a member of, for its signers, that the agency has not voted in yet (one
    query)."""
    from blocs.todo import Todo

    from .models import Ballot, BallotKind, BallotStatus

    if not (
        user.is_authenticated
        and user.is_active
        and getattr(user, "is_agency_officer", False)
        and getattr(user, "can_sign", False)
        and user.agency_id
    ):
        return []
    open_ballots = (
        Ballot.objects.filter(
            kind=BallotKind.ONLINE,
            status=BallotStatus.OPEN,
            meeting__bloc_year__memberships__agency_id=user.agency_id,
        )
        .exclude(participations__agency_id=user.agency_id)
        .select_related("meeting__bloc_year__bloc")
        .order_by("meeting__starts_at", "sequence")
    )
    return [
        Todo(
            text=_("%(bloc)s: a secret ballot on award proposals is open for your agency's vote.")
            % {"bloc": ballot.meeting.bloc_year.bloc.name_in(ballot.meeting.bloc_year.year)},
            url=reverse("awards:ballot_vote", args=[ballot.pk]),
            action=_("Vote"),
        )
        for ballot in open_ballots
    ]
