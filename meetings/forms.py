"""Forms of the meetings pages: planning, guests, attendance and the invitation. Dates are typed
dd/mm/yyyy and times HH:MM, as Vietnamese users write them."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from blocs.models import Agency, BlocYear, Official
from core.forms import VersionField
from core.text import NFCForm

from .models import Meeting, MeetingKind, Presence
from .selectors import AttendanceLine
from .services.attendance import Mark
from .services.meetings import NewChair, chair_choices, default_chair, members


class AgencyChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, year: int = 0, **kwargs: Any) -> None:
        self.year = year
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name_in(self.year) if self.year else obj.name)


class MeetingForm(NFCForm):
    """The facts of a meeting; `chair` is picked among the member agencies' officials (the
    head's leader by default) or typed as a new one."""

    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(
        label=pgettext_lazy("meeting", "Title"),
        max_length=255,
        required=False,
        help_text=_("Only for other meetings, e.g. “Họp bàn tổ chức hội thao”."),
    )
    date = forms.DateField(label=_("Date"), help_text=_("dd/mm/yyyy, e.g. 10/08/2020"))
    time = forms.TimeField(
        label=_("Start time"),
        input_formats=["%H:%M", "%H giờ %M", "%Hh%M", "%H:%M:%S"],
        help_text=_("HH:MM, e.g. 08:00"),
        widget=forms.TimeInput(format="%H:%M"),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=255,
        help_text=_("e.g. “Hội trường Sở Khoa học và Công nghệ, số 1 đường …”"),
    )
    host = AgencyChoiceField(label=_("Host agency"), queryset=Agency.objects.none(), required=False)
    chair = forms.ModelChoiceField(
        label=_("Chair"), queryset=Official.objects.none(), required=False
    )
    new_chair_name = forms.CharField(
        label=_("Or a new chair: full name"),
        max_length=200,
        required=False,
        help_text=_("If the chair is not in the list: they are added to the province's officials."),
    )
    new_chair_title = forms.CharField(
        label=_("New chair's title"),
        max_length=255,
        required=False,
        help_text=_("e.g. “Giám đốc Sở Xây dựng”"),
    )
    new_chair_agency = AgencyChoiceField(
        label=_("New chair's agency"), queryset=Agency.objects.none(), required=False
    )
    secretary_name = forms.CharField(label=_("Secretary"), max_length=200, required=False)
    secretary_title = forms.CharField(label=_("Secretary's title"), max_length=255, required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item per line."),
    )
    expected_version = VersionField()

    def __init__(
        self, *args: Any, bloc_year: BlocYear, meeting: Meeting | None = None, **kwargs: Any
    ) -> None:
        if meeting is not None and "initial" not in kwargs:
            local = timezone.localtime(meeting.starts_at)
            kwargs["initial"] = {
                "kind": meeting.kind,
                "title": meeting.title,
                "date": local.date(),
                "time": local.time().replace(second=0, microsecond=0),
                "place": meeting.place,
                "host": meeting.host_id,
                "chair": meeting.chair_id,
                "secretary_name": meeting.secretary_name,
                "secretary_title": meeting.secretary_title,
                "agenda": meeting.agenda,
                "expected_version": meeting.version,
            }
        super().__init__(*args, **kwargs)
        self.bloc_year = bloc_year
        agencies = members(bloc_year)
        queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("sort_key")
        for name in ("host", "new_chair_agency"):
            field = self.fields[name]
            field.queryset = queryset  # type: ignore[attr-defined]
            field.year = bloc_year.year  # type: ignore[attr-defined]
        choices = chair_choices(bloc_year)
        chair = self.fields["chair"]
        chair.queryset = Official.objects.filter(pk__in=[o.pk for o in choices])  # type: ignore[attr-defined]
        # The list in the order chair_choices gives (the head agency's officials first).
        chair.choices = [("", "---------"), *((o.pk, str(o)) for o in choices)]  # type: ignore[attr-defined]
        if meeting is None:
            default = default_chair(bloc_year)
            if default is not None:
                chair.initial = default.pk
            head = bloc_year.head
            if head is not None:
                self.fields["new_chair_agency"].initial = head.pk

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("new_chair_name") and not cleaned.get("new_chair_title"):
            self.add_error("new_chair_title", _("Give the new chair's title."))
        if cleaned.get("new_chair_title") and not cleaned.get("new_chair_name"):
            self.add_error("new_chair_name", _("Give the new chair's full name."))
        return cleaned

    @property
    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        starts_at = timezone.make_aware(datetime.datetime.combine(data["date"], data["time"]))
        return {
            "kind": data["kind"],
            "title": data["title"] if data["kind"] == MeetingKind.OTHER else "",
            "starts_at": starts_at,
            "place": data["place"],
            "host": data["host"],
            "chair": data["chair"],
            "secretary_name": data["secretary_name"],
            "secretary_title": data["secretary_title"],
            "agenda": "\n".join(
                line.strip() for line in data["agenda"].splitlines() if line.strip()
            ),
        }

    @property
    def new_chair(self) -> NewChair | None:
        data = self.cleaned_data
        if not data.get("new_chair_name"):
            return None
        return NewChair(
            full_name=data["new_chair_name"],
            title=data["new_chair_title"],
            agency=data.get("new_chair_agency"),
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """A service's refusal, next to the fields it names (starts_at is the date field)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            target = "date" if name == "starts_at" else name
            self.add_error(target if target in self.fields else None, errors)


class GuestForm(NFCForm):
    name = forms.CharField(
        label=pgettext_lazy("person", "Full name"),
        max_length=200,
        help_text=_(
            "Or how the invitation names them, e.g. “Đại diện lãnh đạo Ban Thi đua - Khen "
            "thưởng tỉnh”."
        ),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("e.g. “Phó Trưởng Ban Thi đua - Khen thưởng tỉnh”"),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=255,
        required=False,
        help_text=_("e.g. “Công đoàn Viên chức tỉnh”"),
    )


class AttendanceForm(NFCForm):
    """One line per member agency (presence, who came, their title, the reason for an absence)
    and one box per guest."""

    expected_version = VersionField()

    PRESENCE_CHOICES = [("", _("not recorded")), *Presence.choices]

    def __init__(
        self, *args: Any, meeting: Meeting, lines: list[AttendanceLine], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.lines = lines
        self.fields["expected_version"].initial = meeting.attendance_version
        for line in lines:
            pk = line.agency.pk
            row = line.attendance
            self.fields[f"presence_{pk}"] = forms.ChoiceField(
                label=_("Presence"),
                choices=self.PRESENCE_CHOICES,
                required=False,
                initial=row.presence if row else "",
            )
            self.fields[f"name_{pk}"] = forms.CharField(
                label=_("Attended by"),
                max_length=200,
                required=False,
                initial=row.attendee_name if row else "",
            )
            self.fields[f"title_{pk}"] = forms.CharField(
                label=_("Title"),
                max_length=255,
                required=False,
                initial=row.attendee_title if row else "",
            )
            self.fields[f"reason_{pk}"] = forms.CharField(
                label=_("Reason for absence"),
                max_length=500,
                required=False,
                initial=row.reason if row else "",
            )
        for guest in meeting.guests.all():
            self.fields[f"guest_{guest.pk}"] = forms.BooleanField(
                label=guest.name, required=False, initial=guest.present
            )

    def rows(self) -> list[dict[str, Any]]:
        """The bound fields of each line, for the table."""
        rows = []
        for line in self.lines:
            fields = [
                self[f"{name}_{line.agency.pk}"] for name in ("presence", "name", "title", "reason")
            ]
            rows.append(
                {"line": line, "fields": fields, "has_errors": any(f.errors for f in fields)}
            )
        return rows

    def guest_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("guest_")]

    @property
    def marks(self) -> list[Mark]:
        data = self.cleaned_data
        return [
            Mark(
                agency_id=line.agency.pk,
                presence=data[f"presence_{line.agency.pk}"],
                attendee_name=data[f"name_{line.agency.pk}"],
                attendee_title=data[f"title_{line.agency.pk}"],
                reason=data[f"reason_{line.agency.pk}"],
            )
            for line in self.lines
        ]

    @property
    def guests_present(self) -> set[int]:
        return {
            int(name.removeprefix("guest_"))
            for name, value in self.cleaned_data.items()
            if name.startswith("guest_") and value
        }

    def add_line_errors(self, lines: dict[int, dict[str, str]]) -> None:
        names = {"presence": "presence", "attendee_name": "name", "reason": "reason"}
        for agency_id, problems in lines.items():
            for field, message in problems.items():
                self.add_error(f"{names.get(field, field)}_{agency_id}", message)


class InvitationForm(NFCForm):
    dated = forms.DateField(
        label=_("Date of the invitation"),
        help_text=_(
            "dd/mm/yyyy. Today, unless you are recording the invitation of a meeting already "
            "held: then the day it was issued."
        ),
    )
    note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when sending again, e.g. “Dời thời gian sang 14 giờ 00”."),
    )
