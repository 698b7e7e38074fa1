"""The invitation (giấy mời, GM): a numbered document in the bloc's letterhead (NĐ 30/2020,
Phụ lục III, Mẫu 1.7), signed "TM. <bloc>" by the head agency, and an e-mail to the member
agencies' officers and the overseer with the PDF and a calendar file (.ics) attached.

Issuing gives the next GM number of the bloc for the year of the invitation's date, freezes what
the invitation says (Invitation.content) and, for a meeting still to come, queues the e-mails
(a Celery task, after the transaction commits). A meeting already held is recorded with its
invitation but nobody is e-mailed. After a change of time or place the secretariat sends the
invitation again, saying what changed: a new number, and the calendar file updates the event
already in the recipients' calendars (same UID, higher SEQUENCE).

Sending is idempotent: each e-mail is recorded (InvitationEmail) in the transaction that sends
it, so a retried or doubled task sends nobody the same invitation twice.
"""

import dataclasses
import datetime
import logging
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role, User
from blocs.models import MemberRole
from core.models import DocumentType
from core.numbering import issue_number
from reports.documents import leader_name, role_name
from reports.kinds import Document, Signer
from reports.letterheads import Issuer, bloc_issuer

from .. import ics
from ..history import MeetingAction, on_meeting
from ..models import Invitation, InvitationEmail, Meeting
from ..wording import document_name, short_time, time_and_day
from .meetings import check_can_run, check_not_final, lock_meeting, members

logger = logging.getLogger(__name__)

FORMAT = 1


# --- Rules -----------------------------------------------------------------------------------


def default_date(meeting: Meeting, today: datetime.date | None = None) -> datetime.date:
    """Today, or the meeting's day when recording the invitation of a meeting already held."""
    today = today or timezone.localdate()
    return min(today, timezone.localtime(meeting.starts_at).date())


def check_date(meeting: Meeting, dated: datetime.date) -> None:
    """An invitation is dated the day it is issued: never in the future, never after the
    meeting, and not before the year ahead of the bloc-year's."""
    meeting_day = timezone.localtime(meeting.starts_at).date()
    if dated > timezone.localdate():
        raise ValidationError({"dated": _("The invitation's date cannot be in the future.")})
    if dated > meeting_day:
        raise ValidationError(
            {"dated": _("The invitation's date must be on or before the meeting's day.")}
        )
    if dated.year < meeting.bloc_year.year - 1:
        raise ValidationError(
            {
                "dated": _("The invitation's date is too early for a meeting of %(year)s.")
                % {"year": meeting.bloc_year.year}
            }
        )


def will_email(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    """Only a meeting still to come is announced by e-mail."""
    return meeting.starts_at > (now or timezone.now())


def recipients(meeting: Meeting) -> list[User]:
    """The member agencies' officers and the overseer's account: active, with an address."""
    bloc_year = meeting.bloc_year
    officers = User.objects.filter(
        role=Role.AGENCY, agency__memberships__bloc_year=bloc_year, is_active=True
    )
    overseers = (
        User.objects.filter(role=Role.OVERSEER, official_id=bloc_year.overseer_id, is_active=True)
        if bloc_year.overseer_id
        else User.objects.none()
    )
    users = {u.pk: u for u in [*officers.exclude(email=""), *overseers.exclude(email="")]}
    return sorted(users.values(), key=lambda u: (u.agency_id or 0, u.email))


# --- What the invitation says ------------------------------------------------------------------


def bloc_signer(meeting: Meeting, bloc_name: str) -> dict[str, str]:
    """TM. the bloc, by the head agency (without one, the deputy): its leader's name when the
    chair is of that agency or the province recorded one official of it."""
    bloc_year = meeting.bloc_year
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
        return {}
    chair = meeting.chair
    name = (
        chair.full_name
        if chair is not None and chair.agency_id == signing.agency_id
        else leader_name(signing.agency_id)
    )
    return {
        "authority": f"TM. {bloc_name}",
        "title": role_name(bloc_year.bloc.terms.vi, signing.role),
        "name": name,
    }


def _lower_first(text: str) -> str:
    """ "Hội nghị sơ kết …" inside a sentence: "hội nghị sơ kết …" (names in it keep theirs)."""
    return text[:1].lower() + text[1:]


def build_content(
    meeting: Meeting, issuer: Issuer, number: str, dated: datetime.date, note: str, sequence: int
) -> dict[str, Any]:
    bloc_year = meeting.bloc_year
    year = bloc_year.year
    bloc_name = bloc_year.bloc.name_in(year)
    agencies = members(bloc_year)
    overseer = bloc_year.overseer
    invited = []
    if overseer is not None:
        invited.append(f"Đồng chí {overseer.full_name}, {overseer.title}")
    for guest in meeting.guests.all():
        invited.append(", ".join(p for p in (guest.name, guest.title, guest.organisation) if p))
    invited.append(
        f"Lãnh đạo và cán bộ phụ trách công tác thi đua, khen thưởng các đơn vị thành viên "
        f"{bloc_name}"
    )
    previous = (
        meeting.invitations.order_by("-issued_at", "-pk").values("number", "dated").first()
        if sequence
        else None
    )
    return {
        "format": FORMAT,
        "issuer": issuer.frozen(),
        "number": number,
        "dated": dated.isoformat(),
        "sequence": sequence,
        "bloc": bloc_name,
        "name": document_name(meeting),
        "name_in_sentence": _lower_first(document_name(meeting)),
        "starts_at": timezone.localtime(meeting.starts_at).isoformat(),
        "time": time_and_day(meeting.starts_at),
        "place": meeting.place,
        "host": meeting.host.name_in(year) if meeting.host else "",
        "chair": f"{meeting.chair.full_name}, {meeting.chair.title}" if meeting.chair else "",
        "agenda": meeting.agenda_items,
        "invited": invited,
        "signer": bloc_signer(meeting, bloc_name),
        "recipients": [
            *(
                [f"Đồng chí {overseer.full_name} (chỉ đạo {bloc_year.bloc.terms.vi.noun})"]
                if overseer
                else []
            ),
            *(agency.name_in(year) for agency in agencies),
            "Lưu: VT",
        ],
        "note": note,
        # "Giấy mời này thay thế Giấy mời số 01/GM-KTĐ6 ngày 03/08/2020: …"
        "replaces": (
            {
                "number": previous["number"].removeprefix("Số: ").removeprefix("Số "),
                "dated": f"{previous['dated']:%d/%m/%Y}",
            }
            if previous
            else None
        ),
    }


def document(invitation: Invitation) -> Document:
    """The giấy mời as reports renders it, from its frozen content only."""
    content = invitation.content
    issuer = Issuer.from_frozen(content["issuer"])
    dated = datetime.date.fromisoformat(content["dated"])
    letterhead = dataclasses.replace(issuer.letterhead(dated), number=content["number"])
    signer = Signer(**content["signer"]) if content.get("signer") else None
    return Document(
        letterhead=letterhead,
        doc_type="Giấy mời",
        summary=f"Dự {content['name_in_sentence']}",
        title=f"Giấy mời {content['name']} - {content['bloc']}",
        body=content,
        signer=signer,
        recipients=tuple(content["recipients"]),
    )


# --- Issuing ---------------------------------------------------------------------------------


@transaction.atomic
def issue_invitation(
    meeting: Meeting, *, actor: Any, dated: datetime.date, note: str = ""
) -> Invitation:
    """A numbered invitation for the meeting as planned now; the first, or one sent again after
    a change (which needs `note`: what changed). The e-mails go after the commit."""
    check_can_run(actor, meeting)
    lock_meeting(meeting)
    check_not_final(meeting)
    sequence = meeting.invitations.count()
    note = note.strip()
    if sequence and not note:
        raise ValidationError(
            {"note": _("Say what changed since the last invitation, e.g. “Dời sang 14 giờ”.")}
        )
    check_date(meeting, dated)
    bloc = meeting.bloc_year.bloc
    issuer = bloc_issuer(meeting.bloc_year, on=dated)
    number = issue_number(
        bloc,
        year=dated.year,
        doc_type=DocumentType.INVITATION,
        symbol=issuer.symbol,
        subject=meeting,
    ).printed(issuer.style)
    emailed = will_email(meeting)
    invitation = Invitation.objects.create(
        meeting=meeting,
        number=number,
        dated=dated,
        note=note,
        content=build_content(meeting, issuer, number, dated, note, sequence),
        emailed=emailed,
        recipient_count=len(recipients(meeting)) if emailed else 0,
        issued_by=actor if getattr(actor, "pk", None) else None,
    )
    meeting.invitation_number = number
    meeting.invited_at = invitation.issued_at
    Meeting.objects.filter(pk=meeting.pk).update(
        invitation_number=number, invited_at=invitation.issued_at
    )
    on_meeting(
        actor,
        MeetingAction.INVITATION_REISSUED if sequence else MeetingAction.INVITATION_ISSUED,
        meeting,
        subject=f"{meeting} – {number}",
        after={
            "number": number,
            "dated": f"{dated:%d/%m/%Y}",
            "recipients": invitation.recipient_count,
        },
        reason=note,
    )
    if emailed:
        transaction.on_commit(lambda: queue_emails(invitation))
    return invitation


def queue_emails(invitation: Invitation) -> bool:
    """Hand the e-mails to the worker; False when the broker cannot be reached (logged: the
    page shows the e-mails as not all sent and offers to send the rest)."""
    from core.background import send_now

    from ..tasks import send_invitation

    try:
        send_now(send_invitation, (invitation.pk,))
    except Exception:
        logger.warning("invitation %s: e-mails could not be queued", invitation.pk, exc_info=True)
        return False
    return True


def check_can_resume(invitation: Invitation) -> None:
    if not invitation.emailed:
        raise ValidationError(_("This invitation was recorded without e-mails."))
    if invitation != latest(invitation.meeting):
        raise ValidationError(_("A newer invitation has been issued since this one."))


def resume_emails(invitation: Invitation, *, actor: Any) -> bool:
    """Queue again the e-mails of an invitation not yet sent to everyone (no new number)."""
    check_can_run(actor, invitation.meeting)
    check_can_resume(invitation)
    return queue_emails(invitation)


def latest(meeting: Meeting) -> Invitation | None:
    return meeting.invitations.order_by("-issued_at", "-pk").first()


# --- Sending (the worker) ----------------------------------------------------------------------


def calendar_event(invitation: Invitation) -> ics.Event:
    content = invitation.content
    meeting_url = urljoin(settings.SITE_URL, invitation.meeting.get_absolute_url())
    agenda = "\n".join(f"{i}. {item}" for i, item in enumerate(content["agenda"], start=1))
    description = "\n".join(
        part
        for part in (
            f"{content['number']} của {content['bloc']}",
            f"Nội dung:\n{agenda}" if agenda else "",
            f"Thay đổi: {content['note']}" if content.get("note") else "",
            meeting_url,
        )
        if part
    )
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return ics.Event(
        uid=f"hoi-nghi-{invitation.meeting_id}@{host}",
        sequence=content["sequence"],
        starts_at=datetime.datetime.fromisoformat(content["starts_at"]),
        summary=f"{content['name']} - {content['bloc']}",
        location=content["place"],
        description=description,
        stamp=invitation.issued_at,
        url=meeting_url,
    )


def _message(invitation: Invitation, attachments: list[tuple[str, bytes, str]]) -> EmailMessage:
    content = invitation.content
    context = {
        "content": content,
        "when": short_time(datetime.datetime.fromisoformat(content["starts_at"])),
        "url": urljoin(settings.SITE_URL, invitation.meeting.get_absolute_url()),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("meetings/email/invitation_subject.txt", context)
        body = render_to_string("meetings/email/invitation.txt", context)
    message = EmailMessage(" ".join(subject.split()), body)
    for name, data, mimetype in attachments:
        message.attach(name, data, mimetype)
    return message


def send_invitation_emails(invitation_id: int) -> int:
    """Send the invitation to every recipient not sent it yet; the number sent now."""
    from reports.kinds import get_kind
    from reports.services import render_document

    invitation = (
        Invitation.objects.select_related("meeting__bloc_year__bloc__province")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.emailed:
        return 0
    done = set(invitation.emails.values_list("email", flat=True))
    todo = [user.email for user in recipients(invitation.meeting) if user.email not in done]
    if not todo:
        return 0
    pdf = render_document(get_kind("meeting_invitation"), document(invitation))
    attachments = [
        (f"giay-moi-{invitation.pk}.pdf", pdf.content, "application/pdf"),
        ("hoi-nghi.ics", ics.calendar_file(calendar_event(invitation)), "text/calendar"),
    ]
    sent = 0
    for email in todo:
        message = _message(invitation, attachments)
        message.to = [email]
        try:
            with transaction.atomic():
                InvitationEmail.objects.create(invitation=invitation, email=email)
                # Sent inside the transaction: a failed send rolls its row back and the retried
                # task tries that address again; a sent one is never sent twice.
                message.send()
        except IntegrityError:
            continue  # sent by a doubled task meanwhile
        sent += 1
    return sent
