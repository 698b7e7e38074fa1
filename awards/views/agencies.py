"""What the board records about an agency: flags, awards entered by hand, results of years before
the system; and its eligibility for the province's awards. The agency's page shows them
(selectors.agency_section, registered with blocs.links)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.typing import AuthenticatedRequest

from .. import selectors
from ..access import (
    get_agency_for_awards,
    get_award_record_for_user,
    get_flag_for_user,
    get_year_result_for_user,
    require_awards_manager,
)
from ..forms import (
    AwardRecordForm,
    EligibilityYearForm,
    EndFlagForm,
    FlagForm,
    ReasonForm,
    YearResultForm,
)
from ..services import award_types, eligibility, flags, records


def _agency_url(agency_id: int) -> str:
    return reverse("blocs:agency_detail", args=[agency_id]) + "#awards"


def _form_page(request: AuthenticatedRequest, form: object, title: str, back: str) -> HttpResponse:
    return render(
        request, "form.html", {"nav": "agencies", "form": form, "title": title, "back": back}
    )


# --- Flags ------------------------------------------------------------------------------------


@login_required
def flag_list(request: AuthenticatedRequest) -> HttpResponse:
    require_awards_manager(request.user, request.user.province_id)
    return render(
        request,
        "awards/flag_list.html",
        {"nav": "awards", "rows": selectors.province_flags(request.user)},
    )


@login_required
def flag_set(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_awards(request.user, pk, write=True)
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            flags.set_flag(agency, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The flag has been set."))
            return redirect(_agency_url(agency.pk))
    return _form_page(
        request,
        form,
        _("Not to be rewarded: %(agency)s") % {"agency": agency.name},
        _agency_url(agency.pk),
    )


@login_required
def flag_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    flag = get_flag_for_user(request.user, pk)
    require_awards_manager(request.user, flag.agency.province_id)
    back = _agency_url(flag.agency_id)
    try:
        flags.check_can_end(flag)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    form = EndFlagForm(
        request.POST if request.method == "POST" else None,
        initial={"expected_version": flag.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            flags.end_flag(
                flag,
                form.cleaned_data["expected_version"],
                actor=request.user,
                ends_on=form.cleaned_data["ends_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The flag has been ended."))
            return redirect(back)
    return _form_page(
        request,
        form,
        _("End the flag “%(kind)s” on %(agency)s")
        % {"kind": flag.get_kind_display(), "agency": flag.agency.name},
        back,
    )


# --- Awards entered by the board --------------------------------------------------------------


@login_required
def award_enter(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_awards(request.user, pk, write=True)
    award_types.award_types_of(agency.province)
    form = AwardRecordForm(
        request.POST if request.method == "POST" else None, province=agency.province
    )
    if request.method == "POST" and form.is_valid():
        try:
            records.enter_award(agency, actor=request.user, **form.values)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The award has been added to the agency's history."))
            return redirect(_agency_url(agency.pk))
    return _form_page(
        request,
        form,
        _("Add an award of %(agency)s") % {"agency": agency.name},
        _agency_url(agency.pk),
    )


@login_required
def award_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = get_award_record_for_user(request.user, pk, write=True)
    back = _agency_url(record.agency_id)
    try:
        records.check_editable(record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    form = AwardRecordForm(
        request.POST if request.method == "POST" else None,
        province=record.agency.province,
        record=record,
    )
    if request.method == "POST" and form.is_valid():
        try:
            records.update_award(
                record, form.cleaned_data["expected_version"], actor=request.user, **form.values
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The award has been saved."))
            return redirect(back)
    return _form_page(
        request,
        form,
        _("Correct an award of %(agency)s") % {"agency": record.agency.name},
        back,
    )


@login_required
def award_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    record = get_award_record_for_user(request.user, pk, write=True)
    back = _agency_url(record.agency_id)
    try:
        records.check_editable(record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            records.delete_award(record, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The award has been removed from the history."))
            return redirect(back)
    return _form_page(
        request,
        form,
        _("Remove %(award)s %(year)s from the history of %(agency)s")
        % {"award": record.award_name, "year": record.year, "agency": record.agency.name},
        back,
    )


# --- Results of years before the system -------------------------------------------------------


@login_required
def result_enter(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_awards(request.user, pk, write=True)
    form = YearResultForm(
        request.POST if request.method == "POST" else None, province=agency.province
    )
    if request.method == "POST" and form.is_valid():
        try:
            records.enter_result(agency, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The result has been recorded."))
            return redirect(_agency_url(agency.pk))
    return _form_page(
        request,
        form,
        _("Result of a year before the system: %(agency)s") % {"agency": agency.name},
        _agency_url(agency.pk),
    )


@login_required
def result_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    result = get_year_result_for_user(request.user, pk, write=True)
    back = _agency_url(result.agency_id)
    if request.method == "POST":
        form = ReasonForm(request.POST)
        if form.is_valid():
            records.delete_result(result, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The result has been removed."))
            return redirect(back)
        return _form_page(request, form, _("Remove a result"), back)
    return _form_page(
        request,
        ReasonForm(),
        _("Remove the result of %(year)s of %(agency)s")
        % {"year": result.year, "agency": result.agency.name},
        back,
    )


# --- Eligibility ------------------------------------------------------------------------------


@login_required
def agency_eligibility(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Every award of the province for this agency and a year, with each rule it fails."""
    agency = get_agency_for_awards(request.user, pk, write=True)
    form = EligibilityYearForm(request.GET)
    today = timezone.localdate()
    year = (form.cleaned_data.get("nam") if form.is_valid() else None) or today.year - 1
    types = award_types.award_types_of(agency.province)
    table = eligibility.eligibility_table(agency.province, [agency.pk], types, year, on=today)
    return render(
        request,
        "awards/eligibility.html",
        {
            "nav": "agencies",
            "agency": agency,
            "year": year,
            "today": today,
            "rows": [(award_type, table[(agency.pk, award_type.pk)]) for award_type in types],
        },
    )
