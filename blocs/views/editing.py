from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from core.typing import AuthenticatedRequest

from ..forms import VersionedModelForm


def versioned_form_page(
    request: AuthenticatedRequest,
    form: VersionedModelForm,
    *,
    title: str,
    back: str,
    nav: str,
    success: str,
) -> HttpResponse:
    """Create or edit one record through its versioned form: on success go to the record (or
    `back`); a stale or refused save shows its message on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            record = form.save_versioned()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            url = getattr(record, "get_absolute_url", None)
            return redirect(url() if url else back)
    return render(
        request, "blocs/form.html", {"nav": nav, "form": form, "title": title, "back": back}
    )
