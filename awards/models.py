"""Awards a bloc proposes (domain.md, "Awards a bloc proposes"): the province's award types and
their rules, the board's flags on agencies, each agency's award history, the selection at the
year-end review (secret ballots), nominations with their dossiers, and the board's decisions.

    AwardType (per province: level, decider, legal basis, eligibility, quota, ballot threshold,
        dossier checklist)
    EligibilityFlag (agency, discipline | investigation | complaint, for a period)
    YearResult (an agency's band and rank of a year the system did not score, entered by the board)
    AwardRecord (an agency's history: from a Decision, or entered by the board)
    NominationDeadline (province, year)
    Ballot (meeting; paper count or online) ─ BallotLine (candidate × award)
        ├─ BallotParticipation (an agency voted)          never joined to ─┐
        └─ VoteTally (per line: yes / no / blank counts of online votes) ◄─┘
    Nomination (bloc-year, meeting, award, nominee; status, round) ─ DossierFile ─ Decision

Rules that vary by province are data on AwardType, seeded per province (services/award_types.py)
and edited by the board. "One achievement is rewarded once" (Luật 06/2022 Art. 5) is a unique
constraint on AwardRecord (agency, award, year of the achievement).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from blocs.models import FIRST_YEAR, LAST_YEAR, Agency, BlocYear, Province
from core.models import Versioned
from core.text import NameKeyField, NFCCharField, NFCTextField
from meetings.models import Meeting
from reports.models import Report

from .access import (
    AwardRecordQuerySet,
    AwardTypeQuerySet,
    BallotQuerySet,
    DeadlineQuerySet,
    FlagQuerySet,
    NominationQuerySet,
    YearResultQuerySet,
)


def _year_field(label: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )


def _year_in_range(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR), name=name
    )


# --- Award types and their rules -------------------------------------------------------------


class AwardLevel(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial")
    NATIONAL = "national", _("National")


class Recipient(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class QuotaRule(models.TextChoices):
    NONE = "none", _("No quota")
    # Cờ thi đua của UBND tỉnh: each year to the unit leading its bloc (Luật 06/2022 Art. 26).
    LEADING_UNIT = "leading_unit", _("One per bloc: its leading unit")
    # Cờ thi đua của Chính phủ: a cap per province, formerly ≤ 20 % of the provincial flags.
    SHARE_OF_AWARD = "share_of_award", _("A share of another award's count in the province")


class ThresholdBase(models.TextChoices):
    MEMBERS = "members", _("the bloc's members")
    VALID_BALLOTS = "valid_ballots", _("valid ballots")


class DossierItem(models.TextChoices):
    """The standard parts of a nomination's dossier (Luật 06/2022 Art. 84; NĐ 152/2025). A
    province's checklist may add its own items (any other key)."""

    PROPOSAL = "to_trinh", _("Proposal letter (tờ trình, NĐ 152/2025 Mẫu 01)")
    LIST = "danh_sach", _("List of nominees (annex to the proposal letter)")
    MINUTES = "bien_ban", _("Minutes of the selection meeting")
    BALLOT_RESULT = "kiem_phieu", _("Ballot count record")
    ACHIEVEMENT_REPORT = (
        "bao_cao_thanh_tich",
        _("Achievement report signed by the nominee's head and certified by the level above"),
    )
    PROOF = "minh_chung", _("Proof of the achievements")
    ELECTRONIC = "ho_so_dien_tu", _("Word and PDF files for the national e-dossier system")


class AwardType(Versioned):
    """An award a bloc may propose, as the province applies it. Its rules are the board's data
    (they differ by province and change with the law); `citation` is what a refusal cites."""

    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    # A stable code for the seeded types ("co-thi-dua-tinh"), whatever the board renames them.
    key = models.SlugField(_("code"), max_length=50)
    name = NFCCharField(_("name"), max_length=200)
    short_name = NFCCharField(
        _("short name"), max_length=50, blank=True, help_text=_("For tables, e.g. “Cờ UBND”.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    level = models.CharField(_("level"), max_length=20, choices=AwardLevel.choices)
    recipient = models.CharField(
        _("awarded to"), max_length=20, choices=Recipient.choices, default=Recipient.COLLECTIVE
    )
    decider = NFCCharField(
        _("decided by"), max_length=200, help_text=_("e.g. “Chủ tịch UBND tỉnh Trà Vinh”.")
    )
    citation = NFCCharField(
        _("legal article"),
        max_length=300,
        help_text=_(
            "Cited when a nomination is refused, e.g. “Điều 26 Luật Thi đua, khen thưởng số "
            "06/2022/QH15”."
        ),
    )
    legal_basis = NFCTextField(_("legal basis"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    # Eligibility: the band (a label of the province's scoring bands) held for `band_years`
    # consecutive years ending with the achievement's year, and a rank in the bloc's year-end
    # ranking of that year.
    required_band = NFCCharField(
        _("band required"),
        max_length=200,
        blank=True,
        help_text=_("This band or a better one in the year-end ranking; empty: none."),
    )
    band_years = models.PositiveSmallIntegerField(
        _("consecutive years with that band"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    max_rank = models.PositiveSmallIntegerField(
        _("rank at most"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("In the bloc's year-end ranking; empty: any rank."),
    )

    # Quota.
    quota_rule = models.CharField(
        _("quota"), max_length=20, choices=QuotaRule.choices, default=QuotaRule.NONE
    )
    quota_base = models.ForeignKey(
        "self",
        verbose_name=_("counted against"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    quota_percent = models.DecimalField(
        _("share in percent"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )

    # The bloc's secret ballot: passed when the yes votes are above (strict) or at least the
    # percentage of the base.
    threshold_percent = models.DecimalField(
        _("ballot threshold in percent"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(50),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    threshold_strict = models.BooleanField(
        _("strictly above the threshold"),
        default=True,
        help_text=_("On: more than the percentage (> 50 %). Off: at least (≥ 70 %)."),
    )
    threshold_base = models.CharField(
        _("percentage of"),
        max_length=20,
        choices=ThresholdBase.choices,
        default=ThresholdBase.MEMBERS,
    )

    # Dossier: [{"key": "to_trinh", "label": "…"}, …]; keys of DossierItem or the province's own.
    checklist = models.JSONField(_("dossier checklist"), default=list, blank=True)

    objects = AwardTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["province", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["province", "key"], name="award_type_key_unique"),
            models.UniqueConstraint(
                fields=["province", "name"],
                name="award_type_name_unique",
                violation_error_message=_("The province already has an award with this name."),
            ),
            models.CheckConstraint(
                condition=~Q(quota_rule="share_of_award")
                | (Q(quota_base__isnull=False) & Q(quota_percent__isnull=False)),
                name="award_quota_share_has_base_and_percent",
            ),
            models.CheckConstraint(
                condition=Q(quota_base__isnull=True) | ~Q(quota_base=F("pk")),
                name="award_quota_not_of_itself",
            ),
            models.CheckConstraint(
                condition=Q(threshold_percent__gt=0) & Q(threshold_percent__lte=100),
                name="award_threshold_in_range",
            ),
            models.CheckConstraint(
                condition=Q(band_years__gte=1) & Q(band_years__lte=10),
                name="award_band_years_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("awards:award_type", args=[self.pk])

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def checklist_items(self) -> list[dict[str, str]]:
        return [item for item in self.checklist or [] if isinstance(item, dict)]


# --- The board's flags and an agency's results ------------------------------------------------


class FlagKind(models.TextChoices):
    DISCIPLINE = "discipline", _("Under discipline")
    INVESTIGATION = "investigation", _("Under investigation or inspection")
    COMPLAINT = "complaint", _("Complaint or denunciation being verified")


class EligibilityFlag(Versioned):
    """The board's mark that an agency may not be rewarded for a period: while it is under
    discipline, investigation, or a complaint not yet resolved (Luật 06/2022 Art. 5's
    principles, NĐ 152/2025). `ends_on` empty: until the board ends it."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FlagKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    reason = NFCTextField(_("reason"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    set_at = models.DateTimeField(_("set at"), auto_now_add=True)
    end_reason = NFCTextField(_("reason for ending"), blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = FlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("eligibility flag")
        verbose_name_plural = _("eligibility flags")
        ordering = ["agency", "-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="flag_ends_after_it_starts",
                violation_error_message=_("A flag cannot end before it starts."),
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="flag_has_a_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.get_kind_display()}"

    def in_force_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class YearResult(models.Model):
    """An agency's band (and rank) in a year the system did not score, as the board found it in
    that year's minutes, so that "two years running" rules can look back before the system was
    used. A year-end ranking the system computed always takes precedence."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    year = _year_field(_("year"))
    band = NFCCharField(_("band"), max_length=200)
    rank = models.PositiveSmallIntegerField(
        _("rank"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    source = NFCCharField(
        _("source"),
        max_length=500,
        help_text=_("Where it was found, e.g. “Biên bản tổng kết năm 2019 của Khối …”."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = YearResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("result of a year")
        verbose_name_plural = _("results of years")
        ordering = ["agency", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                name="one_result_per_agency_year",
                violation_error_message=_("This agency already has a result for that year."),
            ),
            _year_in_range("year_result_year_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.year}: {self.band}"


# --- Award history ----------------------------------------------------------------------------


class RecordSource(models.TextChoices):
    DECISION = "decision", _("Decision on a nomination")
    BOARD = "board", _("Entered by the board")


class AwardRecord(Versioned):
    """An award an agency received, for the achievement of `year`: from a Decision on a
    nomination, or entered by the board (awards decided outside the bloc process, e.g. a flag
    presented at a sơ kết). `award_name` is the award's name when it was given (a type's name
    may change later), or the only name of an award outside the province's types."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the agency: the board's statistics read a province's records without
    # joining every province's agencies (issue 14). Moves with the agency (awards.mergers).
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("award"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
    )
    award_name = NFCCharField(_("award"), max_length=200)
    award_key = NameKeyField(source="award_name", max_length=200)
    year = _year_field(_("year of the achievement"))
    decision_number = NFCCharField(_("decision number"), max_length=100)
    decision_date = models.DateField(_("decision date"))
    issuer = NFCCharField(
        _("issued by"), max_length=200, help_text=_("e.g. “Chủ tịch UBND tỉnh Điện Biên”.")
    )
    source = models.CharField(_("source"), max_length=20, choices=RecordSource.choices)
    decision = models.OneToOneField(
        "Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="record",
    )
    note = NFCTextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = AwardRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("award record")
        verbose_name_plural = _("award history")
        ordering = ["agency", "-year", "-decision_date", "-pk"]
        indexes = [models.Index(fields=["province", "year"], name="award_record_by_province")]
        constraints = [
            # Luật 06/2022 Art. 5: one achievement is rewarded once.
            models.UniqueConstraint(
                fields=["agency", "award_type", "year"],
                condition=Q(award_type__isnull=False),
                name="one_award_per_achievement",
                violation_error_message=_(
                    "This agency already has this award for that year's achievement."
                ),
            ),
            models.UniqueConstraint(
                fields=["agency", "award_key", "year"],
                name="one_award_name_per_achievement",
                violation_error_message=_(
                    "This agency already has this award for that year's achievement."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(source="decision") & Q(decision__isnull=False))
                | (Q(source="board") & Q(decision__isnull=True)),
                name="award_record_source_matches_decision",
            ),
            models.CheckConstraint(
                condition=~Q(award_name="") & ~Q(decision_number="") & ~Q(issuer=""),
                name="award_record_has_name_number_issuer",
            ),
            _year_in_range("award_record_year_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.award_name} {self.year} – {self.agency}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.province_id is None:
            self.province_id = self.agency.province_id
        super().save(*args, **kwargs)


# --- Deadlines --------------------------------------------------------------------------------


class NominationDeadline(Versioned):
    """The last day blocs submit their nominations for a year's achievements (Bắc Ninh: before
    10 December); after it only if the board allows late submissions."""

    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    year = _year_field(_("year of the achievements"))
    deadline = models.DateField(_("last day to submit"))
    late_allowed = models.BooleanField(_("late submissions allowed"), default=False)
    note = NFCTextField(_("note"), blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination deadline")
        verbose_name_plural = _("nomination deadlines")
        ordering = ["province", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="one_deadline_per_year"),
            _year_in_range("deadline_year_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.province} – {self.year}: {self.deadline:%d/%m/%Y}"


# --- The secret ballot at the year-end review -------------------------------------------------


class BallotKind(models.TextChoices):
    PAPER = "paper", _("Paper ballot (count entered)")
    ONLINE = "online", _("Online secret ballot")


class BallotStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("ballot status", "Being prepared")
    OPEN = "open", pgettext_lazy("ballot status", "Open")
    CLOSED = "closed", pgettext_lazy("ballot status", "Closed")


class Ballot(Versioned):
    """A secret ballot (bỏ phiếu kín) at a meeting on the candidates of its lines. A paper
    ballot's count is entered: ballots issued, returned and valid, and yes votes per line. An
    online ballot is cast by each member agency's signer; its counts are filled in when it
    closes. `thresholds` freezes each award's threshold when the ballot opens:
    {"<award type id>": {"percent": "50", "strict": true, "base": "members"}}; `members` is the
    number of member agencies then (the base "members")."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="ballots"
    )
    sequence = models.PositiveSmallIntegerField(_("round of voting"), default=1)
    kind = models.CharField(_("kind"), max_length=20, choices=BallotKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=BallotStatus.choices, default=BallotStatus.DRAFT
    )
    members = models.PositiveSmallIntegerField(_("member agencies"), null=True, blank=True)
    issued = models.PositiveSmallIntegerField(_("ballots issued"), null=True, blank=True)
    returned = models.PositiveSmallIntegerField(_("ballots returned"), null=True, blank=True)
    valid = models.PositiveSmallIntegerField(_("valid ballots"), null=True, blank=True)
    thresholds = models.JSONField(_("thresholds"), default=dict, blank=True, editable=False)
    number = models.CharField(_("number of the count record"), max_length=50, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = BallotQuerySet.as_manager()

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["meeting", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "sequence"], name="ballot_sequence"),
            models.CheckConstraint(
                condition=Q(returned__isnull=True)
                | Q(issued__isnull=True)
                | Q(returned__lte=F("issued")),
                name="ballots_returned_at_most_issued",
                violation_error_message=_("More ballots returned than issued."),
            ),
            models.CheckConstraint(
                condition=Q(valid__isnull=True)
                | Q(returned__isnull=True)
                | Q(valid__lte=F("returned")),
                name="ballots_valid_at_most_returned",
                violation_error_message=_("More valid ballots than returned."),
            ),
            models.CheckConstraint(
                condition=~Q(status="closed")
                | (Q(members__isnull=False) & Q(valid__isnull=False) & Q(closed_at__isnull=False)),
                name="closed_ballot_has_its_counts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.sequence}"

    @property
    def is_open(self) -> bool:
        return self.status == BallotStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == BallotStatus.CLOSED


class BallotLine(models.Model):
    """One candidate for one award on a ballot. `yes_votes` is entered (paper) or taken from the
    tally when the ballot closes (online); `passed` is computed then with the frozen threshold."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="lines"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="+"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("award"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    yes_votes = models.PositiveSmallIntegerField(_("yes votes"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        verbose_name = _("ballot line")
        verbose_name_plural = _("ballot lines")
        ordering = ["ballot", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "agency", "award_type"], name="one_line_per_candidate_award"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.award_type}"


class BallotParticipation(models.Model):
    """That an agency has cast its online vote (a second vote is refused by the database). It
    says nothing of the vote: see VoteTally."""

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="participations"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    voted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cast by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ballot participation")
        verbose_name_plural = _("ballot participations")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "agency"],
                name="one_vote_per_agency",
                violation_error_message=_("This agency has already voted."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ballot} – {self.agency}"


class VoteTally(models.Model):
    """The running count of an online ballot's votes on one line: how many voted yes, no, or
    left it blank. There is deliberately no row per vote.

    Anonymity (issue 13 §2: "never links a vote to it"). A row per vote, even without an
    agency, a user or a timestamp and with random UUID keys, can be joined to the participation
    written in the same transaction: PostgreSQL stamps both rows with that transaction's id
    (the `xmin` system column: `SELECT xmin FROM …` on both tables joins them), both tables
    keep the insertion order (`ctid`; SQLite's `rowid`), and the k-th batch of votes belongs to
    the k-th participation. Counters leave nothing of the kind: each vote adds 1 to one counter
    of every line of the ballot (so every voter touches the same rows, whatever they chose),
    and a table read shows only totals. The last voter's transaction id is on the tallies, but
    the totals before their vote are not in the table. What remains is what any count has:
    someone who watches the database while the ballot runs, or reads its write-ahead log, sees
    the totals move; a unanimous result tells everyone's vote.

    The web app never shows a tally while the ballot is open: closing copies the yes counts
    into BallotLine.yes_votes and the number of participations into the ballot's counts."""

    line = models.OneToOneField(
        BallotLine, verbose_name=_("ballot line"), on_delete=models.CASCADE, related_name="tally"
    )
    yes = models.PositiveSmallIntegerField(pgettext_lazy("vote", "yes"), default=0)
    no = models.PositiveSmallIntegerField(pgettext_lazy("vote", "no"), default=0)
    blank = models.PositiveSmallIntegerField(pgettext_lazy("vote", "blank"), default=0)

    class Meta:
        verbose_name = _("vote tally")
        verbose_name_plural = _("vote tallies")

    def __str__(self) -> str:
        return str(self.line)


# --- Nominations, dossiers and decisions -----------------------------------------------------


class NominationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("nomination status", "Being prepared")
    REFUSED_BY_BALLOT = (
        "refused_by_ballot",
        pgettext_lazy("nomination status", "Refused by the ballot"),
    )
    SUBMITTED = "submitted", pgettext_lazy("nomination status", "Submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("nomination status", "Under review")
    RETURNED = "returned", pgettext_lazy("nomination status", "Returned")
    SENT_TO_COUNCIL = "sent_to_council", pgettext_lazy("nomination status", "Sent to the council")
    DECIDED = "decided", pgettext_lazy("nomination status", "Decided")
    REJECTED = "rejected", pgettext_lazy("nomination status", "Rejected")


# Statuses that hold the award's place for the year (quotas, one nomination per achievement).
LIVE_STATUSES = (
    NominationStatus.DRAFT,
    NominationStatus.SUBMITTED,
    NominationStatus.UNDER_REVIEW,
    NominationStatus.RETURNED,
    NominationStatus.SENT_TO_COUNCIL,
    NominationStatus.DECIDED,
)
# Statuses that need their reason.
REASONED_STATUSES = (
    NominationStatus.REFUSED_BY_BALLOT,
    NominationStatus.RETURNED,
    NominationStatus.REJECTED,
)


class Nomination(Versioned):
    """A bloc's proposal of one agency for one award, for the achievement of its bloc-year's
    year, chosen at the year-end review (`meeting`). Returned and resubmitted, it stays the
    same nomination with its `round` raised; the change log keeps every round. Decided, it
    never changes again."""

    bloc_year = models.ForeignKey(
        BlocYear, verbose_name=_("bloc year"), on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="nominations"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("award"), on_delete=models.PROTECT, related_name="nominations"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("nominee"), on_delete=models.PROTECT, related_name="+"
    )
    # Copied from bloc_year.year, for the constraints and the province's yearly counts.
    year = models.PositiveSmallIntegerField(_("year of the achievement"), editable=False)
    # The bloc's province, copied: the board's inbox and statistics read a province's
    # nominations without joining every province's blocs (issue 14). Moves with the bloc
    # (awards.mergers). Not the bloc-year's province, which stays the merged one for years
    # before a merger.
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )
    ballot_line = models.OneToOneField(
        BallotLine,
        verbose_name=_("ballot line"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nomination",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.DRAFT,
    )
    status_reason = NFCTextField(
        _("reason"), blank=True, help_text=_("Why it was refused, returned or rejected.")
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    late = models.BooleanField(_("submitted after the deadline"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-year", "bloc_year", "award_type__position", "pk"]
        indexes = [
            models.Index(fields=["status", "year"], name="nomination_by_status"),
            models.Index(fields=["award_type", "year"], name="nomination_by_award_year"),
            models.Index(fields=["province", "year", "status"], name="nomination_by_province"),
        ]
        constraints = [
            # One live proposal of an agency for an award per achievement year; a refusal by
            # the ballot leaves room for another ballot, a rejection by the board does not.
            models.UniqueConstraint(
                fields=["agency", "award_type", "year"],
                condition=~Q(status="refused_by_ballot"),
                name="one_nomination_per_achievement",
                violation_error_message=_(
                    "This agency is already proposed for this award for that year."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["refused_by_ballot", "returned", "rejected"])
                | ~Q(status_reason=""),
                name="nomination_refusal_has_a_reason",
            ),
            models.CheckConstraint(condition=Q(round__gte=1), name="nomination_round_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.award_type} – {self.agency} ({self.year})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.year = self.bloc_year.year
        if self.province_id is None:
            self.province_id = self.bloc_year.bloc.province_id
        super().save(*args, **kwargs)

    @property
    def is_decided(self) -> bool:
        return self.status == NominationStatus.DECIDED


def dossier_path(dossier_file: "DossierFile", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return (
        f"awards/dossiers/{dossier_file.nomination_id}/{dossier_file.round}/"
        f"{dossier_file.sha256[:16]}.{extension}"
    )


class DossierFile(models.Model):
    """A part of a nomination's dossier, for one item of its award's checklist: a file uploaded
    (the báo cáo thành tích, proofs; checked by content through core/uploads.py, served only by
    a view that checks access), or a document the system generated (the tờ trình, the list,
    the minutes, the ballot count: a reports.Report). `round` is the nomination's round it was
    added in, so the history keeps what each submission carried."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="files"
    )
    item = models.CharField(_("checklist item"), max_length=50)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    file = models.FileField(_("file"), upload_to=dossier_path, max_length=255, blank=True)
    report = models.ForeignKey(
        Report,
        verbose_name=_("generated document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = NFCCharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["nomination", "round", "added_at", "pk"]
        constraints = [
            # Either an upload (with its fingerprint) or a generated document, never both.
            models.CheckConstraint(
                condition=(~Q(file="") & Q(report__isnull=True) & ~Q(sha256=""))
                | (Q(file="") & Q(report__isnull=False)),
                name="dossier_file_is_upload_or_document",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    """The decision on a nomination (quyết định khen thưởng): number, date, issuer and the award
    given (the council may give another than the one proposed). Recording it creates the
    agency's AwardRecord; a nomination has at most one."""

    nomination = models.OneToOneField(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="decision"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("award"), on_delete=models.PROTECT, related_name="+"
    )
    number = NFCCharField(_("decision number"), max_length=100)
    date = models.DateField(_("decision date"))
    issuer = NFCCharField(_("issued by"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(number="") & ~Q(issuer=""), name="decision_has_number_and_issuer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.nomination}"


# --- The change log's actions ----------------------------------------------------------------


class ChangeAction(models.TextChoices):
    """What the change log (core.changelog) records about awards. Keys shared with other apps
    carry the same label."""

    CREATED = "created", pgettext_lazy("history", "created")
    EDITED = "edited", pgettext_lazy("history", "edited")
    DELETED = "deleted", pgettext_lazy("history", "deleted")
    FLAG_SET = "flag_set", pgettext_lazy("history", "flag set")
    FLAG_ENDED = "flag_ended", pgettext_lazy("history", "flag ended")
    AWARD_ENTERED = "award_entered", pgettext_lazy("history", "award entered")
    RESULT_ENTERED = "result_entered", pgettext_lazy("history", "result entered")
    DEADLINE_SET = "deadline_set", pgettext_lazy("history", "deadline set")
    # Nominations, ballots and decisions (keys that say what they are about: meetings' and
    # pledges' "submitted" or "returned" are other events).
    NOMINATED = "nominated", pgettext_lazy("history", "nominated")
    NOMINATION_SUBMITTED = "nomination_submitted", pgettext_lazy("history", "dossier submitted")
    NOMINATION_RESUBMITTED = (
        "nomination_resubmitted",
        pgettext_lazy("history", "dossier resubmitted"),
    )
    REVIEW_STARTED = "review_started", pgettext_lazy("history", "review started")
    NOMINATION_RETURNED = "nomination_returned", pgettext_lazy("history", "dossier returned")
    SENT_TO_COUNCIL = "sent_to_council", pgettext_lazy("history", "sent to the council")
    DECIDED = "decided", pgettext_lazy("history", "decided")
    NOMINATION_REJECTED = "nomination_rejected", pgettext_lazy("history", "nomination rejected")
    REFUSED_BY_BALLOT = "refused_by_ballot", pgettext_lazy("history", "refused by the ballot")
    BALLOT_OPENED = "ballot_opened", pgettext_lazy("history", "ballot opened")
    BALLOT_COUNTED = "ballot_counted", pgettext_lazy("history", "ballot count entered")
    BALLOT_CLOSED = "ballot_closed", pgettext_lazy("history", "ballot closed")
