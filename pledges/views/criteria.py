"""Building a criteria set in the browser: sections and criteria added, edited, moved and deleted
in place with htmx, the totals updated with every change.

Every action also works without JavaScript: a plain POST redirects back to the set's page. An
htmx request gets the fragment it changed (one section, or the list of sections) and the totals,
swapped out of band; a refused change comes back as the same fragment with the form's errors.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.typing import AuthenticatedRequest
from core.views import confirm_page, refuse

from .. import selectors
from ..access import (
    can_edit_criteria_set,
    get_criteria_set_for_user,
    get_criterion_for_user,
    get_section_for_user,
)
from ..forms import CriterionForm, SectionForm
from ..models import CriteriaSet, Section
from ..services import criteria as services

PAGE = "pledges/criteria_set.html"


def _editing(user: Any, criteria_set: CriteriaSet) -> bool:
    return can_edit_criteria_set(user, criteria_set) and not services.locked_reason(criteria_set)


def _back(criteria_set: CriteriaSet) -> str:
    if criteria_set.bloc_year is None:
        return reverse("pledges:template_list")
    return reverse(
        "pledges:bloc_year_pledge",
        args=[criteria_set.bloc_year.bloc_id, criteria_set.bloc_year.year],
    )


@login_required
def criteria_set_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    criteria_set = get_criteria_set_for_user(request.user, pk)
    can_write = can_edit_criteria_set(request.user, criteria_set)
    locked = services.locked_reason(criteria_set)
    return render(
        request,
        PAGE,
        {
            "nav": "blocs" if criteria_set.bloc_year else "templates",
            "criteria_set": criteria_set,
            "outline": selectors.outline(criteria_set),
            "can_edit": can_write and not locked,
            "can_write": can_write,
            "locked": locked,
            "section_form": SectionForm(),
            "changes": selectors.criteria_set_changes(criteria_set, limit=50),
            "back": _back(criteria_set),
        },
    )


# --- Fragments -------------------------------------------------------------------------------


def _totals(outline: selectors.Outline) -> str:
    return render_to_string(f"{PAGE}#totals", {"outline": outline, "oob": True})


def _sections_response(
    request: AuthenticatedRequest, criteria_set: CriteriaSet, section_form: SectionForm | None
) -> HttpResponse:
    if not request.htmx:
        return redirect(criteria_set)
    outline = selectors.outline(criteria_set)
    html = render_to_string(
        f"{PAGE}#sections",
        {
            "criteria_set": criteria_set,
            "outline": outline,
            "can_edit": _editing(request.user, criteria_set),
            "section_form": section_form or SectionForm(),
        },
        request=request,
    )
    return HttpResponse(html + _totals(outline))


def _section_response(
    request: AuthenticatedRequest, section: Section, **forms: Any
) -> HttpResponse:
    """The section as it is now (with a form open or showing errors, if given) and the totals."""
    criteria_set = section.criteria_set
    if not request.htmx:
        return redirect(f"{criteria_set.get_absolute_url()}#section-{section.pk}")
    outline = selectors.outline(criteria_set)
    item = next(s for s in outline.sections if s.section.pk == section.pk)
    html = render_to_string(
        f"{PAGE}#section",
        {
            "criteria_set": criteria_set,
            "item": item,
            "can_edit": _editing(request.user, criteria_set),
            **forms,
        },
        request=request,
    )
    return HttpResponse(html + _totals(outline))


def _refuse_if_locked(
    request: AuthenticatedRequest, criteria_set: CriteriaSet
) -> HttpResponse | None:
    """Every write view asks first: a locked set offers no form and takes no change."""
    try:
        services.check_editable(criteria_set)
    except ValidationError as error:
        return _refused(request, error, criteria_set.get_absolute_url())
    return None


def _refused(request: AuthenticatedRequest, error: ValidationError, url: str) -> HttpResponse:
    refuse(request, error)
    if request.htmx:
        # A redirect would be followed by htmx and the whole page swapped into the fragment.
        return HttpResponseClientRedirect(url)
    return redirect(url)


# --- Sections --------------------------------------------------------------------------------


@login_required
def section_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The section alone (htmx: "Cancel" of an edit)."""
    section = get_section_for_user(request.user, pk)
    return _section_response(request, section)


@login_required
@require_POST
def section_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    criteria_set = get_criteria_set_for_user(request.user, pk, write=True)
    if refused := _refuse_if_locked(request, criteria_set):
        return refused
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            services.add_section(
                criteria_set,
                actor=request.user,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _sections_response(request, criteria_set, None)
    if not request.htmx:  # a redirect would lose the form's errors
        return _form_page(request, form, criteria_set, _("Add a section"))
    return _sections_response(request, criteria_set, form)


@login_required
def section_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    section = get_section_for_user(request.user, pk, write=True)
    if refused := _refuse_if_locked(request, section.criteria_set):
        return refused
    form = SectionForm.for_section(section, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_section(
                section,
                form.cleaned_data["expected_version"],
                actor=request.user,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _section_response(request, section)
    if not request.htmx:
        return _form_page(request, form, section.criteria_set, _("Edit the section"))
    return _section_response(request, section, header_form=form)


@login_required
def section_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    section = get_section_for_user(request.user, pk, write=True)
    criteria_set = section.criteria_set
    if refused := _refuse_if_locked(request, criteria_set):
        return refused
    if request.method == "POST":
        try:
            services.delete_section(section, actor=request.user)
        except ValidationError as error:
            return _refused(request, error, criteria_set.get_absolute_url())
        return _sections_response(request, criteria_set, None)
    return _confirm_delete(
        request,
        criteria_set,
        _("Delete the section “%(title)s”") % {"title": section.title},
        _("The section and its %(count)s criteria will be deleted.")
        % {"count": section.criteria.count()},
    )


@login_required
@require_POST
def section_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    section = get_section_for_user(request.user, pk, write=True)
    if refused := _refuse_if_locked(request, section.criteria_set):
        return refused
    try:
        services.move_section(section, _direction(request), actor=request.user)
    except ValidationError as error:
        return _refused(request, error, section.criteria_set.get_absolute_url())
    return _sections_response(request, section.criteria_set, None)


def _direction(request: AuthenticatedRequest) -> services.Direction:
    return "up" if request.POST.get("direction") == "up" else "down"


# --- Criteria --------------------------------------------------------------------------------


@login_required
def criterion_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    section = get_section_for_user(request.user, pk, write=True)
    if refused := _refuse_if_locked(request, section.criteria_set):
        return refused
    form = CriterionForm(
        request.POST if request.method == "POST" else None,
        section=section,
        prefix=f"add-{section.pk}",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_criterion(section, actor=request.user, **form.values)
        except ValidationError as error:
            if services.locked_reason(section.criteria_set):  # the fragment has no form to show it
                return _refused(request, error, section.criteria_set.get_absolute_url())
            form.add_error(None, error)
        else:
            return _section_response(request, section)
    if not request.htmx:
        return _form_page(request, form, section.criteria_set, _("Add a criterion"))
    return _section_response(request, section, add_form=form)


@login_required
def criterion_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    criterion = get_criterion_for_user(request.user, pk, write=True)
    if refused := _refuse_if_locked(request, criterion.section.criteria_set):
        return refused
    form = CriterionForm.for_criterion(
        criterion, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_criterion(
                criterion, form.cleaned_data["expected_version"], actor=request.user, **form.values
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _section_response(request, criterion.section)
    if not request.htmx:
        return _form_page(request, form, criterion.section.criteria_set, _("Edit the criterion"))
    return _section_response(request, criterion.section, edit_id=criterion.pk, edit_form=form)


@login_required
def criterion_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    criterion = get_criterion_for_user(request.user, pk, write=True)
    section = criterion.section
    if refused := _refuse_if_locked(request, section.criteria_set):
        return refused
    if request.method == "POST":
        try:
            services.delete_criterion(criterion, actor=request.user)
        except ValidationError as error:
            return _refused(request, error, section.criteria_set.get_absolute_url())
        return _section_response(request, section)
    return _confirm_delete(
        request,
        section.criteria_set,
        _("Delete a criterion"),
        _("“%(text)s” will be deleted.") % {"text": criterion.text},
    )


@login_required
@require_POST
def criterion_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    criterion = get_criterion_for_user(request.user, pk, write=True)
    if refused := _refuse_if_locked(request, criterion.section.criteria_set):
        return refused
    try:
        services.move_criterion(criterion, _direction(request), actor=request.user)
    except ValidationError as error:
        return _refused(request, error, criterion.section.criteria_set.get_absolute_url())
    return _section_response(request, criterion.section)


# --- Pages without JavaScript ----------------------------------------------------------------


def _form_page(
    request: AuthenticatedRequest, form: Any, criteria_set: CriteriaSet, title: str
) -> HttpResponse:
    return render(
        request,
        "form.html",
        {"nav": "blocs", "form": form, "title": title, "back": criteria_set.get_absolute_url()},
    )


def _confirm_delete(
    request: AuthenticatedRequest, criteria_set: CriteriaSet, title: str, message: str
) -> HttpResponse:
    return confirm_page(
        request,
        nav="blocs",
        back=criteria_set.get_absolute_url(),
        title=title,
        message=message,
        confirm_label=_("Delete"),
        danger=True,
    )
