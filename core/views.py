"""Small helpers every app's views share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import VersionedModelForm


def error_text(error: ValidationError) -> str:
    """Every message of a refusal, as one sentence run for a page or a flash message."""
    return " ".join(error.messages)


def refuse(request: HttpRequest, error: ValidationError) -> None:
    """Tell the user why the service refused, as an error message on the next page."""
    messages.error(request, error_text(error))


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    message: str,
    confirm_label: str,
    back: str,
    nav: str,
    danger: bool = False,
) -> HttpResponse:
    """The page that asks before an irreversible step: a POST to the same URL confirms it,
    "Cancel" goes `back`."""
    context = {
        "title": title,
        "message": message,
        "confirm_label": confirm_label,
        "back": back,
        "nav": nav,
        "danger": danger,
    }
    return render(request, "confirm.html", context)


def versioned_form_page(
    request: HttpRequest,
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
    return render(request, "form.html", {"nav": nav, "form": form, "title": title, "back": back})
