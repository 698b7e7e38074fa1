"""Excel import of agencies and of a year's memberships (board staff of a province).

Upload -> preview (every row, its outcome or its errors) -> confirm, through core.excel.flow:
confirming checks the rows again inside the import's transaction (blocs.imports), so what is
written is what the preview showed, or nothing at all.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.excel.base import Preview
from core.excel.flow import ImportFlow, ImportPage, Pending, xlsx_response
from core.excel.forms import UploadForm
from core.typing import AuthenticatedRequest

from .. import selectors
from ..access import managed_province
from ..imports import agencies as agency_import
from ..imports import memberships as membership_import
from ..imports.forms import MembershipUploadForm
from ..models import Province

CHANGED = gettext_lazy(
    "The data changed since the preview (someone else may have edited it), so nothing was "
    "imported. Check the new preview below."
)
AGENCIES = ImportFlow(agency_import.SPEC, CHANGED, upload_template="blocs/import_agencies.html")
MEMBERSHIPS = ImportFlow(
    membership_import.SPEC, CHANGED, upload_template="blocs/import_memberships.html"
)


def _scope(province: Province) -> dict[str, int]:
    """What a pending import is bound to: another province's board cannot confirm it."""
    return {"province": province.pk}


# --- Agencies --------------------------------------------------------------------------------


def _agencies_page(*, preview: bool = False) -> ImportPage:
    upload = reverse("blocs:import_agencies")
    return ImportPage(
        title=gettext_lazy("Import agencies from Excel"),
        upload_url=upload,
        confirm_url=reverse("blocs:import_agencies_confirm"),
        back_url=upload if preview else reverse("blocs:agency_list"),
        nav="agencies",
    )


def _agency_descriptions() -> dict[str, str]:
    return {
        "name": _("The agency's full name, e.g. “Sở Khoa học và Công nghệ”."),
        "short_name": _(
            "As used in tables, e.g. “Sở KH&CN”; unique in the province. Empty: keep the "
            "existing one."
        ),
        "kind": _(
            "One of the kinds listed in the template. Empty: keep the existing kind, or the "
            "default for a new agency."
        ),
    }


@login_required
def import_agencies(request: AuthenticatedRequest) -> HttpResponse:
    province = managed_province(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, spec=AGENCIES.spec)
    if request.method == "POST" and form.is_valid():
        preview = agency_import.preview(province, form.rows)
        return AGENCIES.preview_page(
            request, _agencies_page(preview=True), preview, form.rows, scope=_scope(province)
        )
    return AGENCIES.upload_page(
        request,
        _agencies_page(),
        form,
        descriptions=_agency_descriptions(),
        template_url=reverse("blocs:import_agencies_template"),
    )


@login_required
def import_agencies_template(request: AuthenticatedRequest) -> HttpResponse:
    managed_province(request.user)
    return xlsx_response(agency_import.template(), "mau-nhap-don-vi.xlsx")


@login_required
@require_POST
def import_agencies_confirm(request: AuthenticatedRequest) -> HttpResponse:
    province = managed_province(request.user)

    def run(confirmed: Pending) -> Preview:
        return agency_import.run(province, confirmed.rows, confirmed.signature, actor=request.user)

    confirmed = AGENCIES.take(request, _scope(province))
    result = AGENCIES.confirm(request, _agencies_page(preview=True), confirmed, run)
    if isinstance(result, HttpResponse):
        return result
    messages.success(
        request,
        _("Agencies imported: %(new)s new, %(update)s updated, %(unchanged)s unchanged.")
        % result.counts,
    )
    return redirect("blocs:agency_list")


# --- Memberships -----------------------------------------------------------------------------


def _memberships_page(year: int | None = None) -> ImportPage:
    """The upload page, or with `year` the preview of that year's import."""
    upload = reverse("blocs:import_memberships")
    again = f"{upload}?nam={year}" if year else upload
    return ImportPage(
        title=gettext_lazy("Import the members of the blocs from Excel"),
        subtitle=_("year %(year)s") % {"year": year} if year else "",
        upload_url=upload,
        confirm_url=reverse("blocs:import_memberships_confirm"),
        back_url=again if year else reverse("blocs:dashboard"),
        retry_url=again,
        nav="dashboard",
    )


def _membership_descriptions(province: Province) -> dict[str, str]:
    """The columns, with the examples of the province's own template."""
    bloc, agency, _role = membership_import.example(province)
    return {
        "bloc": _("The bloc's name or symbol, e.g. “%(bloc)s”.") % {"bloc": bloc},
        "agency": _(
            "The agency's full name or short name, e.g. “%(agency)s”. An agency is in one bloc "
            "only in a year."
        )
        % {"agency": agency},
        "role": str(membership_import.ROLE_HELP),
    }


@login_required
def import_memberships(request: AuthenticatedRequest) -> HttpResponse:
    province = managed_province(request.user)
    initial = {"year": request.GET["nam"]} if request.GET.get("nam", "").isdigit() else {}
    form = MembershipUploadForm(
        request.POST or None,
        request.FILES or None,
        spec=MEMBERSHIPS.spec,
        initial=initial,
        years=selectors.visible_years(request.user),
    )
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        preview = membership_import.preview(province, year, form.rows)
        return MEMBERSHIPS.preview_page(
            request,
            _memberships_page(year),
            preview,
            form.rows,
            scope=_scope(province),
            keep={"year": year},
        )
    return MEMBERSHIPS.upload_page(
        request,
        _memberships_page(),
        form,
        descriptions=_membership_descriptions(province),
        template_url=reverse("blocs:import_memberships_template"),
    )


@login_required
def import_memberships_template(request: AuthenticatedRequest) -> HttpResponse:
    province = managed_province(request.user)
    return xlsx_response(membership_import.template(province), "mau-nhap-thanh-vien-khoi.xlsx")


@login_required
@require_POST
def import_memberships_confirm(request: AuthenticatedRequest) -> HttpResponse:
    province = managed_province(request.user)

    def run(confirmed: Pending) -> Preview:
        year = int(confirmed.kept["year"])
        return membership_import.run(
            province, year, confirmed.rows, confirmed.signature, actor=request.user
        )

    confirmed = MEMBERSHIPS.take(request, _scope(province))
    year = int(confirmed.kept["year"]) if confirmed else None
    result = MEMBERSHIPS.confirm(request, _memberships_page(year), confirmed, run)
    if isinstance(result, HttpResponse):
        return result
    messages.success(
        request,
        _(
            "Memberships of %(year)s imported: %(added)s agencies added, %(roles)s heads or "
            "deputies set, %(unchanged)s rows unchanged, %(opened)s bloc-years opened."
        )
        % {**membership_import.summary(result), "year": year},
    )
    return redirect(f"{reverse('blocs:dashboard')}?nam={year}")
