"""The board's side of the nominations (issue 13 §4): the inbox of the province's nominations
with filters and counts, a nomination's review page with its dossier checklist, and the review
steps (services/review.py). Deciding asks for a confirmation: the decision is final."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.typing import AuthenticatedRequest

from .. import board_selectors
from ..access import can_review_nominations, get_nomination_for_user, require_awards_manager
from ..models import Nomination
from ..review_forms import DecisionForm, InboxFilterForm, ReasonStepForm, StepForm
from ..services import review
from ..services.package import package_state


def _nomination_url(nomination: Nomination) -> str:
    return reverse("awards:board_nomination", args=[nomination.pk])


def _for_review(request: AuthenticatedRequest, pk: int) -> Nomination:
    """The nomination (404 for outsiders), then 403 for whoever may not review it."""
    nomination = get_nomination_for_user(request.user, pk)
    if not can_review_nominations(request.user, nomination.bloc_year.bloc.province_id):
        raise PermissionDenied
    return nomination


@login_required
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    require_awards_manager(request.user, request.user.province_id)
    province = request.user.province
    form = InboxFilterForm(request.GET or None, province=province)
    filters = form.filters()
    data = board_selectors.inbox(request.user, province, filters, request.GET.get("page", 1))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("status", None)
    return render(
        request,
        "awards/board_inbox.html",
        {
            "nav": "awards",
            "form": form,
            "inbox": data,
            "status": filters.get("status", ""),
            "query": query.urlencode(),
        },
    )


@login_required
def nomination(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = get_nomination_for_user(request.user, pk)
    page = board_selectors.nomination_page(item)
    steps = review.steps_for(request.user, item)
    return render(
        request,
        "awards/board_nomination.html",
        {
            "nav": "awards",
            "page": page,
            "nomination": item,
            "bloc_name": item.bloc_year.bloc.name_in(item.year),
            "agency_name": item.agency.name_in(item.year),
            "steps": steps,
            "can_review": can_review_nominations(request.user, item.bloc_year.bloc.province_id),
            "package": package_state(item, page.decision) if page.national else None,
        },
    )


def _panel(request: AuthenticatedRequest, pk: int, refused: str = "") -> HttpResponse:
    """The review panel alone, for an htmx step (template partial)."""
    from django.template.loader import render_to_string

    item = get_nomination_for_user(request.user, pk)
    context = {"nomination": item, "steps": review.steps_for(request.user, item)}
    html = render_to_string(
        "awards/board_nomination.html#review_panel", {**context, "refused": refused}, request
    )
    return HttpResponse(html)


def _step_done(request: AuthenticatedRequest, item: Nomination, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(_nomination_url(item))


def _refused(
    request: AuthenticatedRequest, item: Nomination, error: ValidationError
) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect(_nomination_url(item))


@login_required
@require_POST
def start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _for_review(request, pk)
    form = StepForm(request.POST)
    form.is_valid()
    try:
        review.start_review(
            item,
            actor=request.user,
            expected_status=form.cleaned_data.get("expected_status") or None,
        )
    except ValidationError as error:
        if request.htmx:
            return _panel(request, pk, " ".join(error.messages))
        return _refused(request, item, error)
    if request.htmx:
        return _panel(request, pk)
    return _step_done(request, item, _("The review has started."))


@login_required
@require_POST
def send(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _for_review(request, pk)
    form = StepForm(request.POST)
    form.is_valid()
    try:
        review.send_to_council(
            item,
            actor=request.user,
            expected_status=form.cleaned_data.get("expected_status") or None,
        )
    except ValidationError as error:
        if request.htmx:
            return _panel(request, pk, " ".join(error.messages))
        return _refused(request, item, error)
    if request.htmx:
        return _panel(request, pk)
    return _step_done(request, item, _("The nomination has been sent to the council."))


def _reason_step(
    request: AuthenticatedRequest, pk: int, *, step: str, title: str, intro: str, done: str
) -> HttpResponse:
    item = _for_review(request, pk)
    # f3: the texts name the bloc's or the cluster's secretariat.
    words = item.bloc_year.bloc.terms.words()
    title, intro, done = title % words, intro % words, done % words
    back = _nomination_url(item)
    if not review.can_do(item, step):
        return _refused(request, item, review.moved_on(item))
    form = ReasonStepForm(
        request.POST if request.method == "POST" else None,
        initial={"expected_status": item.status},
    )
    if request.method == "POST" and form.is_valid():
        service = review.return_nomination if step == "return" else review.reject_nomination
        try:
            service(
                item,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                expected_status=form.cleaned_data.get("expected_status") or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _step_done(request, item, done)
    return render(
        request,
        "form.html",
        {"nav": "awards", "form": form, "title": title, "intro": intro, "back": back},
    )


@login_required
def return_(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _reason_step(
        request,
        pk,
        step="return",
        title=_("Return the dossier to the %(secretariat)s"),
        intro=_("Say what must be corrected; the %(secretariat)s resubmits the same nomination."),
        done=_("The dossier has been returned to the %(secretariat)s."),
    )


@login_required
def reject(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _reason_step(
        request,
        pk,
        step="reject",
        title=_("Reject the nomination"),
        intro=_("A rejected nomination is closed; the reason is sent to the %(secretariat)s."),
        done=_("The nomination has been rejected."),
    )


@login_required
def decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _for_review(request, pk)
    back = _nomination_url(item)
    if not review.can_do(item, "decide"):
        return _refused(request, item, review.moved_on(item))
    province = item.bloc_year.bloc.province
    initial: dict[str, Any] = {
        "expected_status": item.status,
        "award_type": item.award_type_id,
        "issuer": item.award_type.decider,
        "date": timezone.localdate(),
    }
    form = DecisionForm(
        request.POST if request.method == "POST" else None, initial=initial, province=province
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review.decide(
                item,
                actor=request.user,
                number=data["number"],
                date=data["date"],
                issuer=data["issuer"],
                award_type=data["award_type"],
                expected_status=data.get("expected_status") or None,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            return _step_done(
                request,
                item,
                _("The decision has been recorded and the award added to the history."),
            )
    return render(
        request,
        "form.html",
        {
            "nav": "awards",
            "form": form,
            "title": _("Record the decision: %(award)s – %(agency)s")
            % {"award": item.award_type.name, "agency": item.agency.name_in(item.year)},
            "intro": _(
                "The decision is final: the nomination will never change again, and the award "
                "joins the agency's history."
            ),
            "back": back,
        },
    )


# --- The national e-dossier package -----------------------------------------------------------


@login_required
@require_POST
def package_build(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    from ..services import package

    item = _for_review(request, pk)
    try:
        queued = package.request_package(item, actor=request.user)
    except ValidationError as error:
        return _refused(request, item, error)
    if queued:
        messages.success(request, _("The package is being built; reload the page in a moment."))
    else:
        messages.error(request, _("The package could not be started now; try again later."))
    return redirect(_nomination_url(item))


@login_required
def package_download(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    from django.http import FileResponse, Http404

    from ..services import package

    item = _for_review(request, pk)
    try:
        package.check_can_build(request.user, item)
    except ValidationError:
        raise Http404 from None
    handle = package.open_package(item)
    if handle is None:
        raise Http404
    name = package.storage_path(item).rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/zip")
