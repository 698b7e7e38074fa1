"""Every URL of the app, for every role: outsiders get 404, read-only users 403.

A new URL must be added to EXPECTED, or test_every_url_is_in_the_matrix fails.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from awards.models import (
    AwardRecord,
    AwardType,
    Ballot,
    BallotLine,
    DossierFile,
    EligibilityFlag,
    FlagKind,
    Nomination,
    NominationDeadline,
    YearResult,
)
from awards.services.flags import set_flag
from awards.services.records import enter_award, enter_result
from blocs.models import Province
from core.models import Change
from meetings.models import Attendance, Guest, Invitation, Meeting, MeetingKind
from meetings.services import scoring as scoring_services
from pledges.models import CriteriaSet, Criterion, Pledge, Signature
from pledges.services import criteria as criteria_services
from pledges.services import criteria_sets, signatures, signing
from reports import services
from tests.conftest import ROLES
from tests.factories import GuestFactory, InvitationFactory, MeetingFactory
from tests.pledges.pages import minimal_pdf

OK, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405

# Expected status of a GET per role, in the order of ROLES:
# anonymous, board, secretariat, member, other_bloc_member, overseer, foreign_board, no_role,
# superuser.
ANYONE = (REDIRECT, OK, OK, OK, OK, OK, OK, OK, OK)
BOARD_PAGE = (REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK)
# Creating needs a province of one's own: operators (superusers) create provinces instead.
BOARD_CREATE = (REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN)
# A page about one's own province (its flags): operators have no province of their own.
OWN_PROVINCE = BOARD_CREATE
# The provinces and their first board staff: operators only.
OPERATOR = (REDIRECT, *(FORBIDDEN,) * 7, OK)
BLOC_READ = (REDIRECT, OK, OK, OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK)
BLOC_WRITE = (REDIRECT, OK, FORBIDDEN, FORBIDDEN, NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, OK)
# Running a bloc-year (criteria, pledge): board staff and the year's secretariat.
BLOC_RUN = (REDIRECT, OK, OK, FORBIDDEN, NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, OK)
# Signing for a member agency: its officers who sign (the world's secretariat user does).
SIGNER = (REDIRECT, FORBIDDEN, OK, FORBIDDEN, NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, FORBIDDEN)
PUBLIC = (OK,) * 9
# A province's page: every user of it (and operators); its names: its board staff.
PROVINCE_READ = (REDIRECT, OK, OK, OK, OK, OK, NOT_FOUND, NOT_FOUND, OK)
PROVINCE_WRITE = (
    REDIRECT,
    OK,
    FORBIDDEN,
    FORBIDDEN,
    FORBIDDEN,
    FORBIDDEN,
    NOT_FOUND,
    NOT_FOUND,
    OK,
)
# Recording a merger: operators only.
OPERATOR_ONLY = (
    REDIRECT,
    FORBIDDEN,
    FORBIDDEN,
    FORBIDDEN,
    FORBIDDEN,
    FORBIDDEN,
    NOT_FOUND,
    NOT_FOUND,
    OK,
)
POST_ONLY = (
    REDIRECT,
    NOT_ALLOWED,
    NOT_ALLOWED,
    NOT_ALLOWED,
    NOT_ALLOWED,
    NOT_ALLOWED,
    NOT_ALLOWED,
    NOT_ALLOWED,
    NOT_ALLOWED,
)

# A document is its requester's: everyone else gets 404, even the board of its province.
# Operators (superusers) see every document (reports.access.ReportQuerySet.visible_to).
REQUESTER_ONLY = (
    REDIRECT,
    NOT_FOUND,
    NOT_FOUND,
    OK,
    NOT_FOUND,
    NOT_FOUND,
    NOT_FOUND,
    NOT_FOUND,
    OK,
)


# Records of a province that everyone of the province reads (award types): 404 outside it.
PROVINCE_READ = (REDIRECT, OK, OK, OK, OK, OK, NOT_FOUND, NOT_FOUND, OK)
PROVINCE_WRITE = (
    REDIRECT,
    OK,
    FORBIDDEN,
    FORBIDDEN,
    FORBIDDEN,
    FORBIDDEN,
    NOT_FOUND,
    NOT_FOUND,
    OK,
)
# The board's own records (flags on agencies): nobody else even learns they exist.
BOARD_ONLY = (REDIRECT, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK)


def _redirects_to_year(statuses: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(REDIRECT if s == OK else s for s in statuses)


def _member_document(w) -> dict[str, int]:
    """The roster of the world's bloc-year, exported (and rendered) by the "member" user."""
    report = services.request_report("bloc_roster", w.bloc_year.pk, {}, w.users["member"]).report
    return {"pk": report.pk}


def _criteria_set(w) -> CriteriaSet:
    existing = w.bloc_year.criteria_sets.first()
    if existing:
        return existing
    board = w.users["board"]
    cs = criteria_sets.create_criteria_set(
        actor=board, province=w.province, year=2020, bloc_year=w.bloc_year
    )
    section = criteria_services.add_section(
        cs, actor=board, title="Nhiệm vụ chính trị", kind="standard"
    )
    criteria_services.add_criterion(
        section, actor=board, text="Hoàn thành kế hoạch", max_points=Decimal(10)
    )
    return cs


def _section(w) -> dict[str, int]:
    return {"pk": _criteria_set(w).sections.get().pk}


def _criterion(w) -> dict[str, int]:
    return {"pk": Criterion.objects.get(section__criteria_set=_criteria_set(w)).pk}


def _draft(w) -> Pledge:
    return signing.create_draft(w.bloc_year, actor=w.users["board"], criteria_set=_criteria_set(w))


def _open(w) -> Pledge:
    return signing.open_for_signing(_draft(w), actor=w.users["board"])


def _paper_signature(w) -> dict[str, int]:
    signature = signatures.record_paper_signature(
        _open(w),
        actor=w.users["board"],
        agency=w.member,
        signer_name="Nguyễn Văn A",
        signer_title="Chánh Thanh tra",
        signed_on=datetime.date.today(),
        scan=SimpleUploadedFile("scan.pdf", minimal_pdf(), content_type="application/pdf"),
    )
    return {"pk": signature.pk}


def _year(w) -> dict[str, int]:
    return {"pk": w.bloc.pk, "year": 2020}


def _meeting(w) -> Meeting:
    """The world's bloc-year's sơ kết (10/08/2020) with a guest and a recorded invitation."""
    meeting = w.bloc_year.meetings.filter(kind=MeetingKind.MIDYEAR).first()
    if meeting is None:
        meeting = MeetingFactory(bloc_year=w.bloc_year)
        GuestFactory(meeting=meeting)
        InvitationFactory(meeting=meeting)
    return meeting


def _guest(w) -> dict[str, int]:
    return {"pk": _meeting(w).guests.get().pk}


# --- mc: the minutes part's subjects ---


def _mc_draft_meeting(w) -> dict[str, int]:
    """The sơ kết with a draft of its minutes."""
    from meetings.models import Minutes

    meeting = _meeting(w)
    if not meeting.minutes.exists():
        Minutes.objects.create(meeting=meeting, ended_at=datetime.time(11, 30))
    return {"pk": meeting.pk}


def _mc_final_minutes(w) -> dict[str, int]:
    from tests.factories import FinalMinutesFactory

    meeting = _meeting(w)
    final = meeting.minutes.filter(finalised_at__isnull=False).first()
    return {"pk": (final or FinalMinutesFactory(meeting=meeting)).pk}


def _mc_scored_meeting(w) -> dict[str, int]:
    from tests.factories import scored_round

    meeting = _meeting(w)
    if not hasattr(meeting, "scoring"):
        scoring = scored_round(meeting, [w.head, w.deputy, w.member], criteria=4)
        # Agreed at the meeting: every reader of the meeting may read the score table.
        scoring.agreed_at = datetime.datetime(2020, 8, 10, 4, tzinfo=datetime.UTC)
        scoring.save()
    return {"pk": meeting.pk}


def _mc_yearend(w) -> dict[str, int]:
    meeting = w.bloc_year.meetings.filter(kind=MeetingKind.YEAREND).first() or MeetingFactory(
        bloc_year=w.bloc_year,
        kind=MeetingKind.YEAREND,
        starts_at=datetime.datetime(2021, 1, 15, 8, tzinfo=datetime.UTC),
    )
    return {"pk": meeting.pk}


def _mc_state() -> tuple:
    from meetings.models import Election, Minutes, ReviewReport, RotationOrder

    return (
        Change.objects.count(),
        list(Minutes.objects.values_list("pk", "version", "number", "discussion")),
        list(ReviewReport.objects.values_list("pk", "version", "number")),
        Election.objects.count(),
        list(RotationOrder.objects.values_list("pk", "agency_ids")),
        Meeting.objects.values("bloc_year__bloc").count(),
    )


# --- end mc ---


def _award_type(w) -> dict[str, int]:
    return {"pk": AwardType.objects.get(province=w.province, key="bang-khen-tinh").pk}


def _eligibility_flag(w) -> dict[str, int]:
    flag = set_flag(
        w.member,
        actor=w.users["board"],
        kind=FlagKind.DISCIPLINE,
        starts_on=datetime.date(2020, 3, 1),
        reason="Kỷ luật",
    )
    return {"pk": flag.pk}


def _award_record(w) -> dict[str, int]:
    record = enter_award(
        w.member,
        actor=w.users["board"],
        award_type=None,
        award_name="Cờ thi đua của Bộ",
        year=2019,
        decision_number="Số 1/QĐ-BXD",
        decision_date=datetime.date(2020, 1, 15),
        issuer="Bộ Xây dựng",
    )
    return {"pk": record.pk}


def _year_result(w) -> dict[str, int]:
    result = enter_result(
        w.member, actor=w.users["board"], year=2019, band="Hoàn thành tốt nhiệm vụ", source="BB"
    )
    return {"pk": result.pk}


def _member_agency(w) -> dict[str, int]:
    return {"pk": w.member.pk}


# --- aw2: selection, ballots and dossiers -------------------------------------------------------


def _aw2_yearend(w) -> Meeting:
    """The world's bloc-year's tổng kết (11/01/2021)."""
    meeting = w.bloc_year.meetings.filter(kind=MeetingKind.YEAREND).first()
    if meeting is None:
        meeting = MeetingFactory(
            bloc_year=w.bloc_year,
            kind=MeetingKind.YEAREND,
            starts_at=datetime.datetime(2021, 1, 11, 8, tzinfo=datetime.UTC),
        )
    return meeting


def _aw2_ballot(w, kind: str = "paper") -> Ballot:
    meeting = _aw2_yearend(w)
    ballot = meeting.ballots.filter(kind=kind).first()
    if ballot is None:
        ballot = Ballot.objects.create(
            meeting=meeting, sequence=meeting.ballots.count() + 1, kind=kind
        )
        BallotLine.objects.create(
            ballot=ballot,
            agency=w.head,
            award_type=AwardType.objects.get(province=w.province, key="co-thi-dua-tinh"),
            position=1,
        )
    return ballot


def _aw2_nomination(w) -> Nomination:
    nomination = Nomination.objects.filter(bloc_year=w.bloc_year).first()
    if nomination is None:
        nomination = Nomination.objects.create(
            bloc_year=w.bloc_year,
            meeting=_aw2_yearend(w),
            award_type=AwardType.objects.get(province=w.province, key="bang-khen-tinh"),
            agency=w.deputy,
        )
    return nomination


def _aw2_file(w) -> dict[str, int]:
    nomination = _aw2_nomination(w)
    item = nomination.files.first()
    if item is None:
        item = DossierFile(
            nomination=nomination,
            item="bao_cao_thanh_tich",
            name="bao-cao.pdf",
            content_type="application/pdf",
            size=10,
            sha256="a" * 64,
            added_by=w.users["board"],
        )
        item.file.save("bao-cao.pdf", ContentFile(minimal_pdf()), save=False)
        item.save()
    return {"pk": item.pk}


AW2_EXPECTED = {
    "awards:selection": (lambda w: {"pk": _aw2_yearend(w).pk}, BLOC_RUN),
    "awards:ballot": (lambda w: {"pk": _aw2_ballot(w).pk}, BLOC_READ),
    "awards:ballot_open": (lambda w: {"pk": _aw2_ballot(w, "online").pk}, POST_ONLY),
    "awards:ballot_close": (lambda w: {"pk": _aw2_ballot(w, "online").pk}, POST_ONLY),
    "awards:ballot_delete": (lambda w: {"pk": _aw2_ballot(w).pk}, POST_ONLY),
    "awards:ballot_count": (lambda w: {"pk": _aw2_ballot(w).pk}, BLOC_RUN),
    "awards:ballot_vote": (lambda w: {"pk": _aw2_ballot(w, "online").pk}, SIGNER),
    "awards:nomination": (lambda w: {"pk": _aw2_nomination(w).pk}, BLOC_READ),
    "awards:dossier_generate": (lambda w: {"pk": _aw2_nomination(w).pk}, POST_ONLY),
    "awards:dossier_upload": (lambda w: {"pk": _aw2_nomination(w).pk}, BLOC_RUN),
    "awards:nomination_submit": (lambda w: {"pk": _aw2_nomination(w).pk}, POST_ONLY),
    "awards:dossier_file": (_aw2_file, BLOC_READ),
    "awards:dossier_file_remove": (_aw2_file, POST_ONLY),
    "awards:bloc_year_nominations": (_year, BLOC_READ),
}
# --- end aw2 ---


# url name -> (kwargs built from the world, expected statuses)
EXPECTED = {
    "blocs:dashboard": (lambda w: {}, ANYONE),
    "blocs:bloc_list": (lambda w: {}, ANYONE),
    "blocs:bloc_create": (lambda w: {}, BOARD_CREATE),
    "blocs:start_year_for_province": (lambda w: {}, POST_ONLY),
    "blocs:bloc_detail": (lambda w: {"pk": w.bloc.pk}, _redirects_to_year(BLOC_READ)),
    "blocs:bloc_edit": (lambda w: {"pk": w.bloc.pk}, BLOC_WRITE),
    "blocs:start_new_year": (lambda w: {"pk": w.bloc.pk}, BLOC_WRITE),
    "blocs:bloc_year_create": (lambda w: {"pk": w.bloc.pk}, BLOC_WRITE),
    "blocs:bloc_year_detail": (lambda w: {"pk": w.bloc.pk, "year": 2020}, BLOC_READ),
    "blocs:bloc_year_edit": (lambda w: {"pk": w.bloc.pk, "year": 2020}, BLOC_WRITE),
    "blocs:members_add": (lambda w: {"pk": w.bloc.pk, "year": 2020}, BLOC_WRITE),
    "blocs:member_remove": (lambda w: {"membership_pk": w.membership.pk}, BLOC_WRITE),
    "blocs:province_detail": (lambda w: {"pk": w.province.pk}, PROVINCE_READ),
    "blocs:province_edit": (lambda w: {"pk": w.province.pk}, PROVINCE_WRITE),
    "blocs:province_merge": (lambda w: {"pk": w.province.pk}, OPERATOR_ONLY),
    "blocs:agency_list": (lambda w: {}, ANYONE),
    "blocs:agency_create": (lambda w: {}, BOARD_CREATE),
    "blocs:agency_detail": (lambda w: {"pk": w.member.pk}, BLOC_READ),
    "blocs:agency_edit": (lambda w: {"pk": w.member.pk}, BLOC_WRITE),
    "blocs:official_list": (lambda w: {}, BOARD_PAGE),
    "blocs:official_create": (lambda w: {}, BOARD_CREATE),
    "blocs:official_edit": (lambda w: {"pk": w.official.pk}, BLOC_WRITE),
    "blocs:import_agencies": (lambda w: {}, BOARD_CREATE),
    "blocs:import_memberships": (lambda w: {}, BOARD_CREATE),
    "blocs:import_agencies_template": (lambda w: {}, BOARD_CREATE),
    "blocs:import_memberships_template": (lambda w: {}, BOARD_CREATE),
    "blocs:import_agencies_confirm": (lambda w: {}, POST_ONLY),
    "blocs:import_memberships_confirm": (lambda w: {}, POST_ONLY),
    "accounts:user_list": (lambda w: {}, BOARD_PAGE),
    "accounts:user_invite": (lambda w: {}, BOARD_CREATE),
    # A user of province A: 403 for anyone but board staff, 404 for the board of another province.
    "accounts:user_edit": (
        lambda w: {"pk": w.users["member"].pk},
        (REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, FORBIDDEN, OK),
    ),
    "accounts:user_deactivate": (
        lambda w: {"pk": w.users["member"].pk},
        (REDIRECT, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND, FORBIDDEN, OK),
    ),
    "accounts:user_reactivate": (lambda w: {"pk": w.users["member"].pk}, POST_ONLY),
    "accounts:province_list": (lambda w: {}, OPERATOR),
    "accounts:province_create": (lambda w: {}, OPERATOR),
    "accounts:province_invite": (lambda w: {"pk": w.province.pk}, OPERATOR),
    "accounts:user_resend_invitation": (lambda w: {"pk": w.users["member"].pk}, POST_ONLY),
    "pledges:template_list": (lambda w: {}, ANYONE),
    "pledges:template_create": (lambda w: {}, BOARD_CREATE),
    "pledges:criteria_set": (lambda w: {"pk": _criteria_set(w).pk}, BLOC_READ),
    "pledges:criteria_set_start": (_year, BLOC_RUN),
    "pledges:section_add": (lambda w: {"pk": _criteria_set(w).pk}, POST_ONLY),
    "pledges:criteria_export": (lambda w: {"pk": _criteria_set(w).pk}, BLOC_READ),
    "pledges:criteria_import": (lambda w: {"pk": _criteria_set(w).pk}, BLOC_RUN),
    "pledges:criteria_import_confirm": (lambda w: {"pk": _criteria_set(w).pk}, POST_ONLY),
    # Without htmx the section alone redirects to its set's page.
    "pledges:section": (_section, _redirects_to_year(BLOC_READ)),
    "pledges:section_edit": (_section, BLOC_RUN),
    "pledges:section_delete": (_section, BLOC_RUN),
    "pledges:section_move": (_section, POST_ONLY),
    "pledges:criterion_add": (_section, BLOC_RUN),
    "pledges:criterion_edit": (_criterion, BLOC_RUN),
    "pledges:criterion_delete": (_criterion, BLOC_RUN),
    "pledges:criterion_move": (_criterion, POST_ONLY),
    "pledges:bloc_year_pledge": (_year, BLOC_READ),
    "pledges:pledge_create": (_year, POST_ONLY),
    "pledges:pledge": (lambda w: {"pk": _draft(w).pk}, BLOC_READ),
    "pledges:pledge_edit": (lambda w: {"pk": _draft(w).pk}, BLOC_RUN),
    "pledges:pledge_open": (lambda w: {"pk": _draft(w).pk}, BLOC_RUN),
    "pledges:pledge_withdraw": (lambda w: {"pk": _open(w).pk}, BLOC_RUN),
    "pledges:status_board": (lambda w: {"pk": _open(w).pk}, BLOC_READ),
    "pledges:sign": (lambda w: {"pk": _open(w).pk}, SIGNER),
    "pledges:paper_signature": (lambda w: {"pk": _open(w).pk}, BLOC_RUN),
    "pledges:signature_scan": (_paper_signature, BLOC_READ),
    # Public: the QR code on a signed PDF opens it.
    "pledges:verify": (lambda w: {"sha256": _open(w).snapshot_sha256}, PUBLIC),
    "meetings:bloc_year_meetings": (_year, BLOC_READ),
    "meetings:meeting_create": (_year, BLOC_RUN),
    "meetings:meeting": (lambda w: {"pk": _meeting(w).pk}, BLOC_READ),
    "meetings:meeting_edit": (lambda w: {"pk": _meeting(w).pk}, BLOC_RUN),
    "meetings:guests": (lambda w: {"pk": _meeting(w).pk}, BLOC_RUN),
    "meetings:guest_remove": (_guest, POST_ONLY),
    "meetings:guest_move": (_guest, POST_ONLY),
    "meetings:attendance": (lambda w: {"pk": _meeting(w).pk}, BLOC_RUN),
    "meetings:invitation": (lambda w: {"pk": _meeting(w).pk}, BLOC_RUN),
    "meetings:calendar": (lambda w: {"pk": _meeting(w).pk}, BLOC_READ),
    # --- mc: minutes, review report, score table, election ---
    "meetings:minutes": (lambda w: _mc_draft_meeting(w), BLOC_RUN),
    "meetings:minutes_finalise": (lambda w: _mc_draft_meeting(w), BLOC_RUN),
    "meetings:minutes_correct": (lambda w: _mc_final_minutes(w), POST_ONLY),
    "meetings:score_table_xlsx": (lambda w: _mc_scored_meeting(w), BLOC_READ),
    "meetings:review_report": (lambda w: {"pk": _meeting(w).pk}, BLOC_RUN),
    "meetings:review_report_issue": (lambda w: {"pk": _meeting(w).pk}, BLOC_RUN),
    "meetings:election": (lambda w: _mc_yearend(w), BLOC_RUN),
    "meetings:rotation": (_year, BLOC_RUN),
    # --- end mc ---
    "reports:mine": (lambda w: {}, ANYONE),
    "awards:award_types": (lambda w: {}, ANYONE),
    "awards:award_type": (_award_type, PROVINCE_READ),
    "awards:award_type_edit": (_award_type, PROVINCE_WRITE),
    "awards:deadlines": (lambda w: {}, ANYONE),
    # A deadline is set in one's own province: the other province's board sets its own.
    "awards:deadline_edit": (lambda w: {"year": 2020}, BOARD_CREATE),
    "awards:flags": (lambda w: {}, OWN_PROVINCE),
    "awards:flag_set": (_member_agency, BLOC_WRITE),
    "awards:flag_end": (_eligibility_flag, BOARD_ONLY),
    "awards:award_enter": (_member_agency, BLOC_WRITE),
    "awards:award_edit": (_award_record, BLOC_WRITE),
    "awards:award_delete": (_award_record, BLOC_WRITE),
    "awards:result_enter": (_member_agency, BLOC_WRITE),
    "awards:result_delete": (_year_result, BLOC_WRITE),
    "awards:eligibility": (_member_agency, BLOC_WRITE),
    "reports:request": (lambda w: {"kind": "bloc_roster", "pk": w.bloc_year.pk}, POST_ONLY),
    "reports:status": (_member_document, REQUESTER_ONLY),
    "reports:download": (_member_document, REQUESTER_ONLY),
    **AW2_EXPECTED,  # aw2: selection, ballots and dossiers
}

# --- mb: scoring (rounds, assessments, evidence, the grid, the ranking) ---------------------------


def _scored_meeting(w) -> Meeting:
    """The world's sơ kết with its scoring round open over a pledge in force."""
    from meetings.models import ScoringRound
    from tests.meetings.scoring_setup import midyear, pledge_in_force

    meeting = _meeting(w)
    if not ScoringRound.objects.filter(meeting=meeting).exists():
        pledge_in_force(w.bloc_year)
        midyear(w.bloc_year)
        scoring_services.open_round(meeting, actor=w.users["board"])
    return meeting


def _member_assessment(w) -> dict[str, int]:
    return {"pk": _scored_meeting(w).scoring.assessments.get(agency=w.member).pk}


def _member_evidence(w) -> dict[str, int]:
    from meetings.models import Evidence
    from meetings.services.evidence import add_evidence

    assessment = _scored_meeting(w).scoring.assessments.get(agency=w.member)
    found = Evidence.objects.filter(assessment=assessment).first()
    if found is None:
        criterion = assessment.round.pledge.snapshot["sections"][0]["criteria"][0]["id"]
        found = add_evidence(
            assessment,
            criterion,
            SimpleUploadedFile("minh-chung.pdf", minimal_pdf(), content_type="application/pdf"),
            actor=w.users["member"],
        )
    return {"pk": found.pk}


def _scored(w) -> dict[str, int]:
    return {"pk": _scored_meeting(w).pk}


MB_EXPECTED = {
    "meetings:scoring": (_scored, BLOC_READ),
    "meetings:scoring_open": (_scored, POST_ONLY),
    "meetings:review_settings": (_scored, POST_ONLY),
    "meetings:grid": (_scored, BLOC_RUN),
    "meetings:grid_cell": (_scored, POST_ONLY),
    "meetings:ranking": (_scored, BLOC_READ),
    "meetings:scoring_agree": (_scored, POST_ONLY),
    "meetings:tie_votes": (_scored, POST_ONLY),
    # The member agency's own assessment: runners, the overseer and the agency read it.
    "meetings:assessment": (_member_assessment, BLOC_READ),
    "meetings:assessment_cell": (_member_assessment, POST_ONLY),
    "meetings:assessment_submit": (_member_assessment, POST_ONLY),
    "meetings:assessment_return": (_member_assessment, POST_ONLY),
    "meetings:assessment_comment": (_member_assessment, POST_ONLY),
    "meetings:assessment_checker": (_member_assessment, POST_ONLY),
    "meetings:evidence_upload": (_member_assessment, POST_ONLY),
    "meetings:evidence": (_member_evidence, BLOC_READ),
    "meetings:evidence_remove": (_member_evidence, POST_ONLY),
}
EXPECTED.update(MB_EXPECTED)

# Who is refused a POST to each scoring URL, and how (404 outside, 403 without the right); the
# roles left out may write (their answers are the pages' own).
OUTSIDERS = {
    "anonymous": REDIRECT,
    "other_bloc_member": NOT_FOUND,
    "foreign_board": NOT_FOUND,
    "no_role": NOT_FOUND,
}
RUNNERS_ONLY = {**OUTSIDERS, "member": FORBIDDEN, "overseer": FORBIDDEN}
AGENCY_ONLY = {
    **OUTSIDERS,
    "board": FORBIDDEN,
    "secretariat": FORBIDDEN,
    "overseer": FORBIDDEN,
    "superuser": FORBIDDEN,
}
MB_POSTS = {
    "meetings:scoring_open": RUNNERS_ONLY,
    "meetings:review_settings": RUNNERS_ONLY,
    "meetings:grid": RUNNERS_ONLY,
    "meetings:grid_cell": RUNNERS_ONLY,
    "meetings:scoring_agree": RUNNERS_ONLY,
    "meetings:tie_votes": RUNNERS_ONLY,
    "meetings:assessment_cell": {**OUTSIDERS, "overseer": FORBIDDEN},
    "meetings:assessment_submit": AGENCY_ONLY,
    "meetings:assessment_return": RUNNERS_ONLY,
    "meetings:assessment_comment": {
        **OUTSIDERS,
        "board": FORBIDDEN,
        "secretariat": FORBIDDEN,
        "member": FORBIDDEN,
        "superuser": FORBIDDEN,
    },
    "meetings:assessment_checker": RUNNERS_ONLY,
    "meetings:evidence_upload": AGENCY_ONLY,
    "meetings:evidence_remove": AGENCY_ONLY,
}


def _scoring_state() -> tuple:
    from meetings.models import (
        Assessment,
        Comment,
        Evidence,
        ReviewSettings,
        Score,
        ScoringRound,
    )

    return (
        Change.objects.count(),
        list(ScoringRound.objects.values_list("pk", "agreed_at", "tie_votes")),
        list(Assessment.objects.values_list("pk", "status", "version", "checker_id")),
        list(Score.objects.filter(self_version__gt=0).values_list("pk", "self_points")),
        Score.objects.filter(checked_version__gt=0).count(),
        Score.objects.filter(agreed_version__gt=0).count(),
        Evidence.objects.count(),
        Comment.objects.count(),
        list(ReviewSettings.objects.values_list("pk", "score_first_half", "checking")),
    )


@pytest.mark.parametrize("name", sorted(MB_POSTS))
def test_scoring_posts_by_outsiders_and_readers_change_nothing(name, world, client_for):
    kwargs, _statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    criterion = _scored_meeting(world).scoring.pledge.snapshot["sections"][0]["criteria"][0]["id"]
    before = _scoring_state()
    data = {
        "criterion": criterion,
        "column": "self",
        "points": "5",
        "version": "0",
        "assessment": _member_assessment(world)["pk"],
        "reason": "x",
        "text": "x",
        "checker": world.deputy.pk,
        f"vote_{world.member.pk}": "3",
        "checking": "cross",
        "file": SimpleUploadedFile("x.pdf", minimal_pdf(), content_type="application/pdf"),
    }
    for role, expected in MB_POSTS[name].items():
        data["file"].seek(0)
        assert client_for(role).post(url, data).status_code == expected, role
    assert _scoring_state() == before


# --- end mb --------------------------------------------------------------------------------------

# --- aw3: the board's review, statistics and the national package ---


def _nomination_under_review(w) -> dict[str, int]:
    from awards.models import NominationStatus
    from tests.awards.conftest import submitted_nomination

    nomination = submitted_nomination(w.bloc_year, w.member, status=NominationStatus.UNDER_REVIEW)
    return {"pk": nomination.pk}


def _decided_national(w) -> dict[str, int]:
    from tests.awards.test_package import decided_national_nomination

    return {"pk": decided_national_nomination(w).pk}


AW3_POSTS = ("awards:board_start", "awards:board_send", "awards:package_build")
EXPECTED.update(
    {
        "awards:board": (lambda w: {}, OWN_PROVINCE),
        "awards:board_nomination": (_nomination_under_review, BLOC_READ),
        "awards:board_start": (_nomination_under_review, POST_ONLY),
        "awards:board_send": (_nomination_under_review, POST_ONLY),
        "awards:board_return": (_nomination_under_review, BLOC_WRITE),
        "awards:board_reject": (_nomination_under_review, BLOC_WRITE),
        "awards:board_decide": (_nomination_under_review, BLOC_WRITE),
        "awards:statistics": (lambda w: {}, OWN_PROVINCE),
        "awards:statistics_xlsx": (lambda w: {}, OWN_PROVINCE),
        "awards:agency_trend": (_member_agency, BLOC_READ),
        "awards:package_build": (_decided_national, POST_ONLY),
        "awards:package_download": (_decided_national, BLOC_WRITE),
    }
)
# What a POST to the board's POST-only steps answers per role: the board is sent back to the
# page (302), readers 403, outsiders 404.
AW3_POST_STATUSES = (
    REDIRECT,
    REDIRECT,
    FORBIDDEN,
    FORBIDDEN,
    NOT_FOUND,
    FORBIDDEN,
    NOT_FOUND,
    NOT_FOUND,
    REDIRECT,
)


@pytest.mark.parametrize("name", AW3_POSTS)
def test_aw3_board_posts_refused_like_a_get_and_change_nothing(name, world, client_for):
    from awards.models import Decision, Nomination

    kwargs, _statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    before = (
        Change.objects.count(),
        list(Nomination.objects.values_list("pk", "status", "version")),
        Decision.objects.count(),
    )
    for role, expected in zip(ROLES, AW3_POST_STATUSES, strict=True):
        if expected != REDIRECT:
            assert client_for(role).post(url, {"reason": "x"}).status_code == expected, role
    assert (
        Change.objects.count(),
        list(Nomination.objects.values_list("pk", "status", "version")),
        Decision.objects.count(),
    ) == before


# --- end aw3 ---

# --- f1: the overseer's comments on the minutes ---------------------------------------------------

# The minutes page: runners write it; the bloc-year's overseer reads it and comments on it.
RUN_AND_OVERSEER = (REDIRECT, OK, OK, FORBIDDEN, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK)
F1_EXPECTED = {
    "meetings:minutes_comment": (lambda w: _mc_draft_meeting(w), POST_ONLY),
}
EXPECTED.update(F1_EXPECTED)
EXPECTED["meetings:minutes"] = (lambda w: _mc_draft_meeting(w), RUN_AND_OVERSEER)
# A comment on the minutes: only the overseer writes; everyone else is refused, 404 outside.
F1_POSTS = {
    "meetings:minutes_comment": (
        REDIRECT,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        NOT_FOUND,
        None,
        NOT_FOUND,
        NOT_FOUND,
        FORBIDDEN,
    ),
}


def _f1_state() -> tuple:
    from meetings.models import Comment, Minutes

    return (
        Change.objects.count(),
        Comment.objects.count(),
        list(Minutes.objects.values_list("pk", "version", "number", "discussion")),
    )


@pytest.mark.parametrize("name", sorted(F1_POSTS))
def test_f1_minutes_comment_only_by_the_overseer(name, world, client_for):
    kwargs, _statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    before = _f1_state()
    for role, expected in zip(ROLES, F1_POSTS[name], strict=True):
        if expected is not None:
            assert client_for(role).post(url, {"text": "x"}).status_code == expected, role
    assert _f1_state() == before
    # The overseer's comment is kept; the minutes do not change.
    assert client_for("overseer").post(url, {"text": "Ví dụ: nhận xét"}).status_code == REDIRECT
    after = _f1_state()
    assert after[1] == before[1] + 1
    assert after[2] == before[2]


# --- end f1 ---------------------------------------------------------------------------------------

# URLs that are not ours to guard: allauth's account pages, the admin, the health check.
EXTERNAL_PREFIXES = ("admin:", "account_", "mfa_", "healthz", "socialaccount_", "headless")


def _all_url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix():
    ours = {n for n in _all_url_names() if not n.startswith(EXTERNAL_PREFIXES)}
    assert ours - set(EXPECTED) == set(), "add the new URLs to EXPECTED"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_get_status_for_every_role(name, world, client_for):
    kwargs, statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    got = {role: client_for(role).get(url).status_code for role in ROLES}
    assert got == dict(zip(ROLES, statuses, strict=True)), url


@pytest.mark.parametrize("name", sorted(n for n, (_, s) in EXPECTED.items() if s is BLOC_WRITE))
def test_post_by_outsiders_and_readers_changes_nothing(name, world, client_for):
    """A POST is refused the same way as a GET: 404 outside, 403 read-only."""
    kwargs, statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    for role, expected in zip(ROLES, statuses, strict=True):
        if expected in (FORBIDDEN, NOT_FOUND):
            assert client_for(role).post(url, {"name": "x"}).status_code == expected, role
    world.bloc.refresh_from_db()
    world.member.refresh_from_db()
    assert world.bloc.name == "Khối thi đua số 6"
    assert world.member.name == "Thanh tra tỉnh"
    assert world.bloc_year.memberships.count() == 3


@pytest.mark.parametrize(
    "name", sorted(n for n, (_, s) in EXPECTED.items() if s in (PROVINCE_WRITE, OPERATOR_ONLY))
)
def test_province_writes_by_outsiders_and_readers_change_nothing(name, world, client_for):
    """A POST to a province's edit or merger page is refused like a GET, and changes nothing:
    not its names, not which province anything belongs to."""
    kwargs, statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    data = {
        "name": "Tỉnh khác",
        "kind": "province",
        "merged": world.foreign_province.pk,
        "effective": "01/07/2025",
        "rename_clashes": "on",
        "confirm": "1",
    }
    for role, expected in zip(ROLES, statuses, strict=True):
        if expected in (FORBIDDEN, NOT_FOUND):
            assert client_for(role).post(url, data).status_code == expected, role
    world.province.refresh_from_db()
    world.foreign_province.refresh_from_db()
    world.foreign_bloc.refresh_from_db()
    assert world.province.name == "Trà Vinh"
    assert world.foreign_province.merged_into is None
    assert world.foreign_bloc.province == world.foreign_province


def _pledge_state() -> tuple:
    return (
        Change.objects.count(),
        Criterion.objects.count(),
        Signature.objects.count(),
        list(Pledge.objects.values_list("status", "version")),
    )


@pytest.mark.parametrize("name", sorted(n for n, (_, s) in EXPECTED.items() if s is BLOC_RUN))
def test_pledge_writes_by_outsiders_and_readers_change_nothing(name, world, client_for):
    """Criteria and pledge pages refuse a POST like a GET (404 outside, 403 read-only), and the
    refused POST writes nothing: no criterion, pledge, signature or history row."""
    kwargs, statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    before = _pledge_state()
    data = {"title": "x", "reason": "x", "source": "empty", "year": 2021, "kind": "standard"}
    for role, expected in zip(ROLES, statuses, strict=True):
        if expected in (FORBIDDEN, NOT_FOUND):
            assert client_for(role).post(url, data).status_code == expected, role
    assert _pledge_state() == before


# --- Meetings: every POST refused the same way as a GET, and writing nothing ------------------

# What a POST to each meetings URL answers, per role (the runners' answers are the pages' own:
# a redirect after a save, or the form again with its errors).
RUN_POST = (REDIRECT, None, None, FORBIDDEN, NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, None)
MEETING_POSTS = [
    name
    for name, (_, s) in EXPECTED.items()
    if name.startswith("meetings:")
    and s is not BLOC_READ
    and name not in MB_EXPECTED
    and name not in F1_EXPECTED  # f1: tested in its own block
]
MEETING_READS = [
    name for name, (_, s) in EXPECTED.items() if name.startswith("meetings:") and s is BLOC_READ
]


def _meetings_state() -> tuple:
    return (
        Change.objects.count(),
        list(Meeting.objects.values_list("pk", "version", "attendance_version", "place")),
        list(Guest.objects.values_list("pk", "position", "present")),
        Attendance.objects.count(),
        Invitation.objects.count(),
    )


@pytest.mark.parametrize("name", MEETING_POSTS)
def test_meetings_posts_by_outsiders_and_readers_change_nothing(name, world, client_for):
    kwargs, _statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    before = _meetings_state()
    data = {
        "kind": "other",
        "title": "x",
        "date": "10/08/2020",
        "time": "08:00",
        "place": "x",
        "name": "x",
        "direction": "up",
        "dated": "01/08/2020",
        "note": "x",
        "expected_version": "1",
        f"presence_{world.member.pk}": "present",
        f"name_{world.member.pk}": "x",
    }
    for role, expected in zip(ROLES, RUN_POST, strict=True):
        if expected is not None:
            assert client_for(role).post(url, data).status_code == expected, role
    assert _meetings_state() == before


@pytest.mark.parametrize("name", MEETING_READS)
def test_meetings_read_pages_take_no_post(name, world, client_for):
    kwargs, _statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    before = _meetings_state()
    assert client_for("board").post(url, {"place": "x"}).status_code == NOT_ALLOWED
    assert client_for("anonymous").post(url).status_code == REDIRECT
    assert _meetings_state() == before


@pytest.mark.parametrize("name", sorted(n for n, (_, s) in EXPECTED.items() if s is OPERATOR))
def test_operator_pages_refuse_posts_by_everyone_else(name, world, client_for):
    """Creating a province or inviting its board staff: 403 for every other role, nothing made."""
    kwargs, statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    data = {
        "province-name": "Tỉnh Mới",
        "province-code": "tinh-moi",
        "province-emulation_office": "Ban Thi đua - Khen thưởng",
        "officer-email": "moi@example.vn",
        "officer-full_name": "Người Mới",
    }
    before = (Province.objects.count(), User.objects.count())
    for role, expected in zip(ROLES, statuses, strict=True):
        if expected != OK:
            assert client_for(role).post(url, data).status_code == expected, role
    assert (Province.objects.count(), User.objects.count()) == before


def _awards_state() -> tuple:
    return (
        Change.objects.count(),
        list(AwardType.objects.values_list("pk", "version", "threshold_percent")),
        list(EligibilityFlag.objects.values_list("pk", "version", "end_reason")),
        list(AwardRecord.objects.values_list("pk", "version", "decision_number")),
        YearResult.objects.count(),
        NominationDeadline.objects.count(),
    )


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.startswith("awards:")))
def test_awards_writes_by_outsiders_and_readers_change_nothing(name, world, client_for):
    """Every awards page refuses a POST like a GET (404 outside, 403 read-only), and the refused
    POST writes nothing: no type, flag, award, result, deadline or history row."""
    kwargs, statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    before = _awards_state()
    data = {
        "reason": "x",
        "kind": "discipline",
        "starts_on": "01/01/2020",
        "year": "2019",
        "band": "Hoàn thành tốt nhiệm vụ",
        "source": "x",
        "award_name": "Cờ",
        "decision_number": "1",
        "decision_date": "01/02/2020",
        "issuer": "UBND",
        "deadline": "10/12/2020",
        "threshold_percent": "70",
    }
    for role, expected in zip(ROLES, statuses, strict=True):
        if expected in (FORBIDDEN, NOT_FOUND):
            assert client_for(role).post(url, data).status_code == expected, role
    assert _awards_state() == before


# --- mc: the minutes part's POSTs by outsiders and readers write nothing ---


@pytest.mark.parametrize(
    "name",
    [
        "meetings:minutes",
        "meetings:minutes_finalise",
        "meetings:minutes_correct",
        "meetings:review_report",
        "meetings:review_report_issue",
        "meetings:election",
        "meetings:rotation",
    ],
)
def test_mc_minutes_posts_by_outsiders_and_readers_change_nothing(name, world, client_for):
    kwargs, _statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    before = _mc_state()
    data = {
        "expected_version": "0",
        "discussion": "x",
        "results": "x",
        "method": "rotation",
        "head": str(world.member.pk),
        "deputy": str(world.head.pk),
        **{
            f"position_{a.pk}": str(i)
            for i, a in enumerate([world.head, world.deputy, world.member], 1)
        },
    }
    for role, expected in zip(ROLES, RUN_POST, strict=True):
        if expected is not None:
            assert client_for(role).post(url, data).status_code == expected, role
    assert _mc_state() == before


# --- end mc ---
# --- aw2: every POST of selection, ballots and dossiers refused like a GET, writing nothing -----

# What a POST answers per role for the aw2 URLs that change something: 404 outside, 403 for
# readers (and for those who may not vote), whatever the method.
AW2_POST = {
    "awards:selection": BLOC_RUN,
    "awards:ballot_open": BLOC_RUN,
    "awards:ballot_close": BLOC_RUN,
    "awards:ballot_delete": BLOC_RUN,
    "awards:ballot_count": BLOC_RUN,
    "awards:ballot_vote": SIGNER,
    "awards:dossier_generate": BLOC_RUN,
    "awards:dossier_upload": BLOC_RUN,
    "awards:nomination_submit": BLOC_RUN,
    "awards:dossier_file_remove": BLOC_RUN,
}


def _aw2_state() -> tuple:
    from awards.models import BallotParticipation, VoteTally

    return (
        Change.objects.count(),
        list(Ballot.objects.values_list("pk", "status", "version", "valid")),
        BallotLine.objects.count(),
        list(Nomination.objects.values_list("pk", "status", "round", "version")),
        DossierFile.objects.count(),
        BallotParticipation.objects.count(),
        list(VoteTally.objects.values_list("yes", "no", "blank")),
    )


@pytest.mark.parametrize("name", sorted(AW2_POST))
def test_aw2_posts_by_outsiders_and_readers_change_nothing(name, world, client_for):
    kwargs, _statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    before = _aw2_state()
    line = BallotLine.objects.first()
    data = {
        "kind": "paper",
        "pick": f"{world.head.pk}:{line.award_type_id if line else 0}",
        "issued": "3",
        "returned": "3",
        "valid": "3",
        "password": "x",
        "item": "minh_chung",
        "file": SimpleUploadedFile("a.pdf", minimal_pdf(), content_type="application/pdf"),
    }
    if line:
        data[f"yes_{line.pk}"] = "3"
        data[f"line_{line.pk}"] = "yes"
    for role, expected in zip(ROLES, AW2_POST[name], strict=True):
        if expected in (FORBIDDEN, NOT_FOUND, REDIRECT):
            data["file"].seek(0)
            assert client_for(role).post(url, data).status_code == expected, role
    assert _aw2_state() == before


@pytest.mark.parametrize("name", ["awards:ballot", "awards:nomination", "awards:dossier_file"])
def test_aw2_read_pages_take_no_post(name, world, client_for):
    kwargs, _statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    assert client_for("board").post(url).status_code == NOT_ALLOWED
    assert client_for("foreign_board").post(url).status_code == NOT_FOUND
