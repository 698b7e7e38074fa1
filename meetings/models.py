"""The six-month and year-end reviews (sơ kết 6 tháng, tổng kết năm) of a bloc-year.

A Meeting has its attendance and guests. It may open one ScoringRound over the bloc-year's pledge
in force, scored against the pledge's frozen criteria (snapshot format 2 carries criterion ids):
each member agency has an Assessment with a Score per criterion (self, checked and agreed points
kept apart, domain.md "Scoring") and Evidence files. The meeting's Minutes are finalised with a
number from the register and then never change: a correction is a new revision that points at the
one it corrects. At the tổng kết the bloc elects next year's head and deputy (Election).

Rules that vary by province (the step of points, tie-breaks, classification bands, reminders)
are data: ScoringRules, one row per province.
"""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from blocs.models import Agency, Bloc, BlocYear, Official, Province
from core.models import Versioned
from core.text import NFCCharField, NFCTextField
from pledges.models import Pledge

from .access import AssessmentQuerySet, MeetingQuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from blocs.terms import Terms


# --- Province rules ---------------------------------------------------------------------------


class TieBreak(models.TextChoices):
    """Ways to order agencies with the same total; no order is fixed by law (domain.md)."""

    FIRST_SECTION = "first_section", _("More points in the first group of criteria")
    FEWER_DEDUCTIONS = "fewer_deductions", _("Fewer deduction points")
    MORE_BONUS = "more_bonus", _("More bonus points")
    VOTE = "vote", _("A vote recorded at the meeting")


def default_bands() -> list[dict]:
    """Cần Thơ's 2025 bands for a 100-point table (domain.md, "Scoring"): the top two also
    require that no criterion scored 0."""
    return [
        {"min": "95", "label": "Hoàn thành xuất sắc nhiệm vụ", "no_zero": True},
        {"min": "85", "label": "Hoàn thành tốt nhiệm vụ", "no_zero": True},
        {"min": "75", "label": "Hoàn thành nhiệm vụ", "no_zero": False},
        {"min": "0", "label": "Không hoàn thành nhiệm vụ", "no_zero": False},
    ]


def default_tie_breaks() -> list[str]:
    return [TieBreak.FIRST_SECTION, TieBreak.FEWER_DEDUCTIONS, TieBreak.VOTE]


class ScoringRules(models.Model):
    """How a province scores: the step points are entered in, the tie-break order, the
    classification bands (as shares of the standard total's maximum when `bands_in_percent`,
    else in points) and when agencies are reminded to submit."""

    province = models.OneToOneField(
        Province, verbose_name=_("province"), on_delete=models.CASCADE, related_name="+"
    )
    point_step = models.DecimalField(
        _("step of points"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.25"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Points are entered in multiples of this step, e.g. 0,25 or 0,5."),
    )
    tie_breaks = models.JSONField(_("tie-break order"), default=default_tie_breaks)
    bands = models.JSONField(_("classification bands"), default=default_bands)
    bands_in_percent = models.BooleanField(
        _("bands in percent of the maximum"),
        default=True,
        help_text=_(
            "On: 95 means 95 per cent of the standard maximum (a 1,000-point table works too)."
        ),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("reminder days before the meeting"), default=3
    )

    class Meta:
        verbose_name = _("scoring rules")
        verbose_name_plural = _("scoring rules")
        constraints = [
            models.CheckConstraint(condition=Q(point_step__gt=0), name="point_step_positive"),
        ]

    def __str__(self) -> str:
        return str(self.province)


class CheckingMode(models.TextChoices):
    SECRETARIAT = (
        "secretariat",
        _("The secretariat checks (the head checks all, the deputy the head)"),
    )
    CROSS = "cross", _("Cross-scoring: each agency checks another")


# --- f3: the checking modes in the bloc's or the cluster's words ---
def checking_choices(terms: "Terms") -> list[tuple[str, str]]:
    """CheckingMode's choices as a bloc's or a cluster's page shows them ("Thường trực cụm phúc
    tra (Cụm trưởng phúc tra các đơn vị, Cụm phó phúc tra Cụm trưởng)")."""
    from django.utils.text import capfirst

    secretariat = _(
        "The %(secretariat)s checks (the %(head)s checks all, the %(deputy)s the %(head)s)"
    ) % terms.words(secretariat=capfirst(str(terms.secretariat)))
    labels = {CheckingMode.SECRETARIAT.value: secretariat}
    return [(value, labels.get(value, str(label))) for value, label in CheckingMode.choices]


def checking_label(mode: str, terms: "Terms") -> str:
    return dict(checking_choices(terms)).get(mode, "")


# --- end f3 ---


class ReviewSettings(models.Model):
    """A bloc-year's choices for its reviews."""

    bloc_year = models.OneToOneField(
        BlocYear, verbose_name=_("bloc year"), on_delete=models.CASCADE, related_name="+"
    )
    score_first_half = models.BooleanField(
        _("score the first half at the six-month review"), default=False
    )
    checking = models.CharField(
        _("checking"), max_length=20, choices=CheckingMode.choices, default=CheckingMode.SECRETARIAT
    )

    class Meta:
        verbose_name = _("review settings")
        verbose_name_plural = _("review settings")

    def __str__(self) -> str:
        return str(self.bloc_year)


class RotationOrder(models.Model):
    """The order in which the bloc's agencies take the head's role, where the bloc rotates it
    (luân phiên): a list of agency ids."""

    bloc = models.OneToOneField(
        Bloc, verbose_name=_("bloc"), on_delete=models.CASCADE, related_name="+"
    )
    agency_ids = models.JSONField(_("agencies in order"), default=list)

    class Meta:
        verbose_name = _("rotation order")
        verbose_name_plural = _("rotation orders")

    def __str__(self) -> str:
        return str(self.bloc)


# --- Meetings ---------------------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    MIDYEAR = "midyear", _("Six-month review")
    YEAREND = "yearend", _("Year-end review")
    OTHER = "other", pgettext_lazy("meeting kind", "Other meeting")


class Meeting(Versioned):
    bloc_year = models.ForeignKey(
        BlocYear, verbose_name=_("bloc year"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = NFCCharField(
        pgettext_lazy("meeting", "title"),
        max_length=255,
        blank=True,
        help_text=_("Only for other meetings, e.g. “Họp bàn tổ chức hội thao”."),
    )
    starts_at = models.DateTimeField(_("date and start time"))
    place = NFCCharField(_("place"), max_length=255)
    host = models.ForeignKey(
        Agency,
        verbose_name=_("host agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    chair = models.ForeignKey(
        Official,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    secretary_name = NFCCharField(_("secretary"), max_length=200, blank=True)
    secretary_title = NFCCharField(_("secretary's title"), max_length=255, blank=True)
    agenda = NFCTextField(_("agenda"), blank=True, help_text=_("One item per line."))
    # The latest invitation's printed number ("Số: 01/GM-KTĐ6") and when it was issued; the
    # invitations themselves (each a frozen, numbered document) are Invitation rows.
    invitation_number = models.CharField(_("invitation number"), max_length=50, blank=True)
    invited_at = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    # Attendance is saved on its own page with its own version, so that recording it never
    # makes an open planning form stale, nor the reverse.
    attendance_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["bloc_year", "starts_at", "pk"]
        constraints = [
            # One six-month and one year-end review a year; other meetings as many as needed.
            models.UniqueConstraint(
                fields=["bloc_year", "kind"],
                condition=~Q(kind="other"),
                name="one_review_of_each_kind_per_bloc_year",
                violation_error_message=_("This bloc-year already has a meeting of this kind."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def name(self) -> str:
        return (
            self.title
            if self.kind == MeetingKind.OTHER and self.title
            else str(self.get_kind_display())
        )

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    REPRESENTED = "represented", _("Represented")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    """A member agency at a meeting: present (by whom), represented, or absent with a reason."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    presence = models.CharField(_("presence"), max_length=20, choices=Presence.choices)
    attendee_name = NFCCharField(_("attended by"), max_length=200, blank=True)
    attendee_title = NFCCharField(_("attendee's title"), max_length=255, blank=True)
    reason = NFCCharField(_("reason for absence"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="one_attendance_per_agency"),
            models.CheckConstraint(
                condition=~Q(presence="absent") | ~Q(reason=""),
                name="absence_has_a_reason",
                violation_error_message=_("Give the reason for the absence."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.get_presence_display()}"


class Guest(models.Model):
    """An invited guest: e.g. the Phó Trưởng Ban TĐKT tỉnh at Điện Biên's 2019 sơ kết."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="guests"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = NFCCharField(pgettext_lazy("person", "full name"), max_length=200)
    title = NFCCharField(_("title"), max_length=255, blank=True)
    organisation = NFCCharField(_("organisation"), max_length=255, blank=True)
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """A giấy mời (GM, NĐ 30/2020 Phụ lục III Mẫu 1.7) as issued: its number from the register,
    its date, and what it says, frozen, so that a later change of the meeting never changes an
    invitation already sent. Sending again after a change issues a new one, with a note saying
    what changed; the e-mails of each are recorded one by one (InvitationEmail)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="invitations"
    )
    number = models.CharField(_("number"), max_length=50)
    dated = models.DateField(_("dated"))
    note = NFCTextField(_("what changed"), blank=True)
    content = models.JSONField(_("issued content"), editable=False)
    # Whether it goes out by e-mail: a meeting already held is recorded, not announced.
    emailed = models.BooleanField(_("sent by e-mail"), default=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting", "issued_at", "pk"]

    def __str__(self) -> str:
        return self.number


class InvitationEmail(models.Model):
    """One invitation e-mail sent to one address: the row is written in the transaction that
    sends it, so a retried task never sends the same invitation to an address twice."""

    invitation = models.ForeignKey(
        Invitation, verbose_name=_("invitation"), on_delete=models.CASCADE, related_name="emails"
    )
    email = models.EmailField(_("e-mail"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation e-mail")
        verbose_name_plural = _("invitation e-mails")
        constraints = [
            models.UniqueConstraint(fields=["invitation", "email"], name="one_invitation_email"),
        ]

    def __str__(self) -> str:
        return self.email


class MeetingReminder(models.Model):
    """A day's reminder to an agency whose assessment for a coming meeting is not submitted
    (one per meeting, agency and day, so that a retried task never sends twice)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="reminders"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField(_("sent on"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("meeting reminder")
        verbose_name_plural = _("meeting reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "agency", "sent_on"], name="one_meeting_reminder_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.sent_on:%d/%m/%Y}"


# --- Scoring ----------------------------------------------------------------------------------


class Period(models.TextChoices):
    FIRST_HALF = "first_half", _("First half of the year")
    FULL_YEAR = "full_year", _("Whole year")


class ScoringRound(models.Model):
    """Scoring at a meeting, over the pledge in force and its frozen criteria. While a round
    exists the pledge cannot be withdrawn (pledges' withdrawal blockers)."""

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="scoring"
    )
    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=20, choices=Period.choices)
    checking = models.CharField(_("checking"), max_length=20, choices=CheckingMode.choices)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set when the agreed points are confirmed at the meeting; frozen with the minutes.
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    # Votes recorded at the meeting to break ties (TieBreak.VOTE): {agency id: votes}.
    tie_votes = models.JSONField(_("tie-break votes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("scoring round")
        verbose_name_plural = _("scoring rounds")

    def __str__(self) -> str:
        return f"{self.meeting} – {self.get_period_display()}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("assessment status", "Being entered")
    SUBMITTED = "submitted", pgettext_lazy("assessment status", "Submitted")
    RETURNED = "returned", pgettext_lazy("assessment status", "Returned")


class Assessment(Versioned):
    """One member agency's scores in a round, and who checks them."""

    round = models.ForeignKey(
        ScoringRound,
        verbose_name=_("scoring round"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    checker = models.ForeignKey(
        Agency,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    returned_reason = NFCTextField(_("reason for return"), blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["round", "agency"], name="one_assessment_per_agency"),
            # An agency never checks itself (domain.md, "Scoring": cross-scoring).
            models.CheckConstraint(
                condition=Q(checker__isnull=True) | ~Q(checker=F("agency")),
                name="agency_does_not_check_itself",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(returned_reason=""),
                name="return_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:assessment", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED


def _points(label: "StrOrPromise") -> models.DecimalField:
    return models.DecimalField(label, max_digits=7, decimal_places=2, null=True, blank=True)


def _setter(label: "StrOrPromise") -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


class ScoreColumn(models.TextChoices):
    SELF = "self", _("Self points")
    CHECKED = "checked", _("Checked points")
    AGREED = "agreed", _("Agreed points")


class Score(models.Model):
    """Points for one criterion of the pledge's snapshot (by its id), kept apart by who gives
    them: self (the agency), checked (the checker) and agreed (the meeting). Each column saves on
    its own, with its own version and who set it: a save over a newer value of the same column is
    refused with that value and its author, never silently overwritten; saves of different
    columns of one row do not collide."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion_id = models.PositiveBigIntegerField(_("criterion"))
    self_points = _points(_("self points"))
    self_note = NFCTextField(_("self note"), blank=True)
    self_by = _setter(_("self points set by"))
    self_version = models.PositiveIntegerField(default=0, editable=False)
    checked_points = _points(_("checked points"))
    checked_note = NFCTextField(_("checker's note"), blank=True)
    checked_by = _setter(_("checked by"))
    checked_version = models.PositiveIntegerField(default=0, editable=False)
    agreed_points = _points(_("agreed points"))
    agreed_reason = NFCTextField(_("reason for the agreed points"), blank=True)
    agreed_by = _setter(_("agreed points set by"))
    agreed_version = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion_id"], name="one_score_per_criterion"
            ),
            # Points are never negative: a deduction is entered as a positive number and
            # subtracted by the ranking; the maximum is the service's (the snapshot's) rule.
            models.CheckConstraint(
                condition=(Q(self_points__isnull=True) | Q(self_points__gte=0))
                & (Q(checked_points__isnull=True) | Q(checked_points__gte=0))
                & (Q(agreed_points__isnull=True) | Q(agreed_points__gte=0)),
                name="points_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} – {self.criterion_id}"


def evidence_path(evidence: "Evidence", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return (
        f"meetings/evidence/{evidence.assessment.round_id}/{evidence.assessment_id}/"
        f"{evidence.criterion_id}/{evidence.sha256[:16]}.{extension}"
    )


class Evidence(models.Model):
    """A file proving a self score (minh chứng): PDF, image, Word or Excel, checked by content,
    served only through a view that checks access."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    criterion_id = models.PositiveBigIntegerField(_("criterion"))
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    name = NFCCharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["assessment", "criterion_id"], name="evidence_by_cell")]

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """The overseer's comment on an assessment or on a meeting's minutes: kept and shown,
    nothing else changes."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="comments"
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = NFCTextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


# --- Minutes, report, election ---------------------------------------------------------------


class Minutes(Versioned):
    """The biên bản of a meeting (NĐ 30/2020 Mẫu 1.9). A draft is edited; finalising gives it a
    number, freezes what it says (`content`) and renders its PDF. A correction is a new revision
    pointing at the one it corrects; finalised minutes never change."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="minutes"
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
    )
    discussion = NFCTextField(_("discussion"), blank=True)
    conclusions = NFCTextField(_("conclusions"), blank=True)
    tasks = NFCTextField(_("tasks for the coming period"), blank=True)
    ended_at = models.TimeField(_("closing time"), null=True, blank=True)
    number = models.CharField(_("number"), max_length=50, blank=True)
    content = models.JSONField(_("finalised content"), null=True, blank=True, editable=False)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["meeting", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "revision"], name="minutes_revision"),
            # One draft at a time per meeting.
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(finalised_at__isnull=True),
                name="one_draft_minutes_per_meeting",
            ),
            models.CheckConstraint(
                condition=Q(finalised_at__isnull=True) | (~Q(number="") & Q(content__isnull=False)),
                name="final_minutes_have_number_and_content",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.revision}"

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None


class ReviewReport(Versioned):
    """The báo cáo sơ kết / tổng kết (BC): results, shortcomings and tasks, with figures drawn
    from the scores and attendance; numbered when issued."""

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="report"
    )
    results = NFCTextField(_("results"), blank=True)
    shortcomings = NFCTextField(_("shortcomings"), blank=True)
    tasks = NFCTextField(_("tasks"), blank=True)
    number = models.CharField(_("number"), max_length=50, blank=True)
    content = models.JSONField(_("issued content"), null=True, blank=True, editable=False)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)

    class Meta:
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")

    def __str__(self) -> str:
        return str(self.meeting)


class ElectionMethod(models.TextChoices):
    ROTATION = "rotation", _("Rotation (luân phiên)")
    ACCLAMATION = "acclamation", _("Acclamation (suy tôn)")


class Election(models.Model):
    """Next year's head and deputy, elected at the year-end review; recording it creates (or
    updates) next year's bloc-year with this year's members."""

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="election"
    )
    method = models.CharField(_("method"), max_length=20, choices=ElectionMethod.choices)
    head = models.ForeignKey(
        Agency, verbose_name=_("head of bloc"), on_delete=models.PROTECT, related_name="+"
    )
    deputy = models.ForeignKey(
        Agency, verbose_name=_("deputy head of bloc"), on_delete=models.PROTECT, related_name="+"
    )
    # Acclamation: votes for each agency as head and as deputy, {"head": {id: n}, "deputy": …}.
    votes = models.JSONField(_("votes"), default=dict, blank=True)
    next_bloc_year = models.ForeignKey(
        BlocYear, verbose_name=_("next year"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.CheckConstraint(
                condition=~Q(head=F("deputy")), name="elected_head_and_deputy_differ"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.head} / {self.deputy}"
