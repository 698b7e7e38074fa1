"""Provinces, agencies, blocs by year and memberships (design.md, "Data").

Membership carries the year's roles: the head (Trưởng khối) and the deputy (Khối phó) are
memberships with a role, so "head and deputy are members of that bloc-year" holds by construction,
and partial unique constraints allow one of each per bloc-year.
"""

import dataclasses
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.links import link
from core.models import LetterheadStyle, Renamable, Versioned
from core.ordering import SortKeyField
from core.text import NameKeyField, NFCCharField, NFCTextField

from .access import (
    AgencyQuerySet,
    BlocQuerySet,
    BlocYearQuerySet,
    MembershipQuerySet,
    OfficialQuerySet,
    ProvinceQuerySet,
)
from .terms import Terms, terms_of
from .years import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """What get_FOO_display() gives, at a table's pace: Django's builds a dict of the field's
    choices on every call, hashing (so translating) each label: a 50-row table translated
    300 labels to show 50."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class ProvinceKind(models.TextChoices):
    """A province (tỉnh) or a centrally run city (thành phố trực thuộc trung ương): documents
    say "tỉnh có 51 khối", "Hội đồng … tỉnh" or "thành phố có …", "Hội đồng … thành phố"."""

    PROVINCE = "province", pgettext_lazy("province kind", "Province")
    CITY = "city", pgettext_lazy("province kind", "City")


# How documents name the kind, whatever the reader's language (they are official records).
PROVINCE_KIND_WORDS: dict[str, str] = {
    ProvinceKind.PROVINCE: "tỉnh",
    ProvinceKind.CITY: "thành phố",
}


@dataclass(frozen=True)
class ProvinceNames:
    """A province as documents of one year name it: its name and kind, its board and the
    bodies above a bloc's and the board's name (Province.in_year). The 2025 reorganisation
    renamed boards ("Phòng Thi đua, Khen thưởng – Sở Nội vụ") and merged provinces: a year's
    pages and documents keep that year's names."""

    name: str
    kind: str = ProvinceKind.PROVINCE
    emulation_office: str = ""
    emulation_office_parent: str = ""
    emulation_office_code: str = ""
    emulation_office_signer: str = ""
    emulation_office_signer_name: str = ""
    people_committee: str = ""
    party_committee: str = ""

    @property
    def kind_word(self) -> str:
        """ "tỉnh" or "thành phố", as documents write it after "Hội đồng …" or before "có"."""
        return PROVINCE_KIND_WORDS.get(self.kind, PROVINCE_KIND_WORDS[ProvinceKind.PROVINCE])

    @property
    def bare_name(self) -> str:
        """The name without its kind: "Hồ Chí Minh" for "Thành phố Hồ Chí Minh"."""
        for prefix in ("thành phố ", "tỉnh "):
            if self.name.lower().startswith(prefix):
                return self.name[len(prefix) :]
        return self.name

    @property
    def people_committee_name(self) -> str:
        """ "UBND tỉnh Trà Vinh", "UBND thành phố Hà Nội"."""
        return self.people_committee or f"UBND {self.kind_word} {self.bare_name}"

    @property
    def party_committee_name(self) -> str:
        """ "Đảng bộ tỉnh Quảng Bình": the parent a Party-style bloc prints."""
        return self.party_committee or f"Đảng bộ {self.kind_word} {self.bare_name}"


class Province(Renamable, Versioned):
    """A province or centrally run city: the tenant every record belongs to.

    Its name, kind and the names its documents print change by year (Renamable: an official
    renaming says from which year). When provinces merge (01/07/2025: 63 became 34), the merged
    province keeps its row, with `merged_into` and `merged_on`, so that documents and pages of
    its years still print its names (blocs.merger).
    """

    NAME_FIELDS = tuple(f.name for f in dataclasses.fields(ProvinceNames))
    DEFAULT_EMULATION_OFFICE = "Ban Thi đua - Khen thưởng"

    name = NFCCharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ProvinceKind.choices, default=ProvinceKind.PROVINCE
    )
    emulation_office = NFCCharField(
        _("emulation office"),
        max_length=200,
        default=DEFAULT_EMULATION_OFFICE,
        help_text=_(
            "The board's name as printed on documents, e.g. "
            "“Phòng Thi đua, khen thưởng – Sở Nội vụ”."
        ),
    )
    emulation_office_parent = NFCCharField(
        _("governing body of the emulation office"),
        max_length=200,
        blank=True,
        help_text=_(
            "Printed above the board's name on its documents, e.g. “Sở Nội vụ tỉnh Trà Vinh”."
        ),
    )
    emulation_office_code = NFCCharField(
        _("emulation office's symbol"),
        max_length=30,
        blank=True,
        help_text=_(
            "Used in the numbers of the board's documents, e.g. “BTĐKT”. Empty: the initials "
            "of its name."
        ),
    )
    emulation_office_signer = NFCCharField(
        _("title of the emulation office's signer"),
        max_length=200,
        default="Trưởng ban",
        help_text=_(
            "Printed above the signature on the board's documents, e.g. “Trưởng ban” or "
            "“Trưởng phòng”."
        ),
    )
    emulation_office_signer_name = NFCCharField(
        _("name of the emulation office's signer"),
        max_length=200,
        blank=True,
        help_text=_("Printed under the signature; empty leaves a line to write it by hand."),
    )
    people_committee = NFCCharField(
        _("people's committee"),
        max_length=200,
        blank=True,
        help_text=_(
            "The body that forms the blocs, printed above a bloc's name on its documents. "
            "Empty: “UBND tỉnh” and the province's name."
        ),
    )
    party_committee = NFCCharField(
        _("Party committee"),
        max_length=200,
        blank=True,
        help_text=_(
            "Printed above the name of a bloc that uses the Party's letterhead. Empty: "
            "“Đảng bộ tỉnh” and the province's name."
        ),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_provinces",
    )
    merged_on = models.DateField(_("merged on"), null=True, blank=True, editable=False)
    sort_key = SortKeyField(source="name")

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True, merged_on__isnull=True)
                | Q(merged_into__isnull=False, merged_on__isnull=False),
                name="province_merger_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")), name="province_not_merged_into_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link("blocs:province_detail", self.pk)

    def in_year(self, year: int) -> ProvinceNames:
        """Its names as pages and documents of `year` print them."""
        return ProvinceNames(**self.names_in(year))

    @property
    def current(self) -> ProvinceNames:
        return ProvinceNames(**{field: getattr(self, field) for field in self.NAME_FIELDS})

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    def successor_on(self, day: datetime.date) -> "Province":
        """The province in charge on `day`: this one, or the one it had been merged into by
        then (and so on, should that one merge again)."""
        province = self
        while province.merged_on is not None and province.merged_on <= day:
            province = province.merged_into  # type: ignore[assignment]
        return province

    @property
    def successor(self) -> "Province":
        """The province in charge of this one's records now (itself unless merged)."""
        return self.successor_on(datetime.date.max)

    # Today's names, for pages and documents about now.
    @property
    def kind_word(self) -> str:
        return self.current.kind_word

    @property
    def bare_name(self) -> str:
        return self.current.bare_name

    @property
    def people_committee_name(self) -> str:
        return self.current.people_committee_name

    @property
    def party_committee_name(self) -> str:
        return self.current.party_committee_name


class AgencyKind(models.TextChoices):
    DEPARTMENT = "department", _("Department or provincial agency")
    PARTY = "party", _("Party body")
    MASS_ORGANISATION = "mass", _("Front or mass organisation")
    ENTERPRISE = "enterprise", _("Enterprise")
    LOCAL = "local", _("Local government")
    OTHER = "other", _("Other")


class Agency(Renamable, Versioned):
    NAME_FIELDS = ("name", "short_name")

    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="agencies"
    )
    name = NFCCharField(_("agency name"), max_length=255)
    short_name = NFCCharField(
        _("short name"),
        max_length=100,
        blank=True,
        help_text=_("As used in tables, e.g. “Sở KH&CN”."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT
    )
    is_active = models.BooleanField(_("active"), default=True)
    name_key = NameKeyField(source="name")
    short_name_key = NameKeyField(source="short_name", max_length=100)
    sort_key = SortKeyField(source="name")

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name_key"],
                name="agency_name_unique_in_province",
                violation_error_message=_(
                    "An agency with this name already exists in the province."
                ),
            ),
            models.UniqueConstraint(
                fields=["province", "short_name_key"],
                condition=~Q(short_name_key=""),
                name="agency_short_name_unique_in_province",
                violation_error_message=_(
                    "An agency with this short name already exists in the province."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link("blocs:agency_detail", self.pk)

    def get_kind_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(AgencyKind, self.kind)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Official(Versioned):
    """A person who chairs, signs or oversees: e.g. Phạm Khải Trung, Chánh thanh tra tỉnh."""

    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="officials"
    )
    full_name = NFCCharField(pgettext_lazy("person", "full name"), max_length=200)
    title = NFCCharField(
        _("title"),
        max_length=255,
        help_text=_("e.g. “Chánh Thanh tra tỉnh, Ủy viên Hội đồng TĐKT tỉnh”."),
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officials",
    )
    sort_key = SortKeyField(source="full_name")

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["sort_key", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "full_name", "title"],
                name="official_unique_in_province",
                violation_error_message=_("This person is already recorded with this title."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.title}"


class BlocKind(models.TextChoices):
    BLOC = "bloc", _("Emulation bloc")
    CLUSTER = "cluster", _("Emulation cluster")


class Bloc(Renamable, Versioned):
    NAME_FIELDS = ("name", "code")

    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="blocs"
    )
    name = NFCCharField(_("name"), max_length=255)
    code = NFCCharField(
        _("symbol"),
        max_length=30,
        blank=True,
        help_text=_("Used in document numbers, e.g. “KTĐ6” in “05/BB-KTĐ6”."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=BlocKind.choices, default=BlocKind.BLOC
    )
    letterhead = models.CharField(
        _("letterhead"),
        max_length=10,
        choices=LetterheadStyle.choices,
        default=LetterheadStyle.STATE,
        help_text=_(
            "A bloc of Party agencies heads its documents “ĐẢNG CỘNG SẢN VIỆT NAM” "
            "(Hướng dẫn 36-HD/VPTW) instead of the national name and motto."
        ),
    )
    description = NFCTextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    name_key = NameKeyField(source="name")
    sort_key = SortKeyField(source="name")

    objects = BlocQuerySet.as_manager()

    class Meta:
        verbose_name = _("bloc")
        verbose_name_plural = _("blocs")
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name_key"],
                name="bloc_name_unique_in_province",
                violation_error_message=_("A bloc with this name already exists in the province."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link("blocs:bloc_detail", self.pk)

    def get_kind_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(BlocKind, self.kind)

    @property
    def is_cluster(self) -> bool:
        """A cụm thi đua (of districts, enterprises…): pages say "cụm" where a bloc says "khối"."""
        return self.kind == BlocKind.CLUSTER

    @property
    def terms(self) -> Terms:
        """Its words: a cluster's head is a Cụm trưởng, a bloc's a Trưởng khối (blocs.terms)."""
        return terms_of(self.kind)


class BlocYear(Versioned):
    bloc = models.ForeignKey(
        Bloc, verbose_name=_("bloc"), on_delete=models.PROTECT, related_name="years"
    )
    # The province the bloc belonged to that year: its own, or for a year that began before
    # a merger, the province merged into it (blocs.merger), whose names the year's pages and
    # documents print. Set from the bloc when a year is opened.
    province = models.ForeignKey(
        Province,
        verbose_name=_("province that year"),
        on_delete=models.PROTECT,
        editable=False,
        related_name="bloc_years",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    overseer = models.ForeignKey(
        Official,
        verbose_name=_("overseeing council member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bloc_years",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = BlocYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("bloc year")
        verbose_name_plural = _("bloc years")
        ordering = ["bloc__sort_key", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year"],
                name="bloc_year_unique",
                violation_error_message=_("This bloc already has this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR),
                name="bloc_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bloc.name} – {self.year}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.province_id is None:
            self.province_id = self.bloc.province_id
        super().save(*args, **kwargs)

    @property
    def province_names(self) -> ProvinceNames:
        """The province as this year's pages and documents name it."""
        return self.province.in_year(self.year)

    def get_absolute_url(self) -> str:
        return link("blocs:bloc_year_detail", self.bloc_id, self.year)

    def member_with_role(self, role: str) -> "Membership | None":
        """The head or deputy membership. Uses `leaders` (the head and deputy memberships, as
        prefetched for the agency dashboard or taken from the bloc-year page's members) or
        prefetched memberships when present, so that pages run no query per row."""
        candidates = getattr(self, "leaders", None)
        if candidates is None:
            candidates = self.memberships.all()
        for membership in candidates:
            if membership.role == role:
                return membership
        return None

    @property
    def head(self) -> "Agency | None":
        membership = self.member_with_role(MemberRole.HEAD)
        return membership.agency if membership else None

    @property
    def deputy(self) -> "Agency | None":
        membership = self.member_with_role(MemberRole.DEPUTY)
        return membership.agency if membership else None


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Member")
    HEAD = "head", _("Head of bloc")
    DEPUTY = "deputy", _("Deputy head of bloc")


class Membership(models.Model):
    bloc_year = models.ForeignKey(
        BlocYear, verbose_name=_("bloc year"), on_delete=models.CASCADE, related_name="memberships"
    )
    # No index of its own: agency_one_bloc_per_year (agency, year) serves every look-up by
    # agency, and a year's with one probe (an agency "still free this year", issue 14).
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="memberships",
        db_index=False,
    )
    # Copied from bloc_year.year so that the database can refuse a second bloc in the same year.
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["bloc_year", "agency__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["bloc_year", "agency"], name="membership_unique"),
            # An agency is in at most one bloc of its province in a year.
            models.UniqueConstraint(
                fields=["agency", "year"],
                name="agency_one_bloc_per_year",
                violation_error_message=_("This agency is already in a bloc that year."),
            ),
            models.UniqueConstraint(
                fields=["bloc_year"],
                condition=Q(role=MemberRole.HEAD),
                name="one_head_per_bloc_year",
            ),
            models.UniqueConstraint(
                fields=["bloc_year"],
                condition=Q(role=MemberRole.DEPUTY),
                name="one_deputy_per_bloc_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.bloc_year}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.year = self.bloc_year.year
        super().save(*args, **kwargs)

    def get_role_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(MemberRole, self.role)

    @property
    def is_leader(self) -> bool:
        """The head or the deputy."""
        return self.role != MemberRole.MEMBER

    @property
    def role_label(self) -> "StrOrPromise":
        """The role as its bloc's kind names it ("Cụm phó" in a cluster)."""
        return self.bloc_year.bloc.terms.role(self.role)
