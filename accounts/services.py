"""User accounts managed by board staff: invite, edit, deactivate, reactivate, re-invite.

Each write is one function and one transaction; rules raise ValidationError with a Vietnamese
message keyed by form field, so that a form shows it next to the field it concerns. The database
constraints on User (accounts/models.py) guarantee the role rules even if a caller forgets.
"""

import hashlib
from typing import Any
from urllib.parse import urljoin

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from blocs import services as blocs_services
from blocs.access import is_operator
from blocs.models import Agency, Official, Province
from core.background import send_now
from core.text import nfc
from core.versioning import StaleEdit

from .access import can_manage_users
from .adapter import email_subject
from .models import Role, User

# The fields board staff edit; the edit marker covers exactly these (see edit_marker).
EDITABLE_FIELDS = (
    "email",
    "full_name",
    "job_title",
    "role",
    "agency",
    "official",
    "can_sign",
)


def normalise_email(email: str) -> str:
    return (nfc(email) or "").lower()


def email_taken(email: str, *, exclude_pk: int | None = None) -> bool:
    """E-mail addresses are unique whatever their case (the model stores them lower-cased)."""
    clash = User.objects.filter(email__iexact=normalise_email(email))
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    return clash.exists()


def _email_taken_error() -> ValidationError:
    return ValidationError(
        {"email": _("Another account already uses this e-mail address.")}, code="email_taken"
    )


def validate_assignment(
    province: Province | None,
    *,
    role: str,
    agency: Agency | None,
    official: Official | None,
    can_sign: bool,
) -> tuple[Agency | None, Official | None]:
    """Check a role with its agency or council member; return what is kept for that role.

    An agency is kept only for an agency officer and a council member only for an overseer, so
    that a former agency officer made board staff does not keep reading as their agency.
    """
    errors: dict[str, str] = {}
    if role not in Role.values:
        errors["role"] = _("Choose a role.")
    if province is None:
        errors["role"] = _("This account has no province: set it in the administration first.")
    if role == Role.AGENCY:
        if agency is None:
            errors["agency"] = _("An agency officer needs an agency.")
        elif province is not None and agency.province_id != province.pk:
            errors["agency"] = _("Choose an agency of your province.")
    if role == Role.OVERSEER:
        if official is None:
            errors["official"] = _("A council overseer needs the council member they are.")
        elif province is not None and official.province_id != province.pk:
            errors["official"] = _("Choose a council member of your province.")
    if can_sign and role != Role.AGENCY:
        errors["can_sign"] = _("Only an agency officer can sign for an agency.")
    if errors:
        raise ValidationError(errors)
    return (
        agency if role == Role.AGENCY else None,
        official if role == Role.OVERSEER else None,
    )


def edit_marker(user: User) -> str:
    """A fingerprint of the editable fields as read: a form carries it, and a save whose marker
    no longer matches the row was overtaken by someone else's edit (User is not Versioned)."""
    # serializable_value gives a foreign key's id, without a query.
    values = [str(user.serializable_value(name)) for name in EDITABLE_FIELDS]
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:20]


# --- Invitations -----------------------------------------------------------------------------


def invitation_url(user: User, base_url: str) -> str:
    """allauth's set-a-new-password link; valid PASSWORD_RESET_TIMEOUT (INVITATION_VALID_DAYS)
    and void once a password is set (the token covers the password hash)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return urljoin(base_url, path)


def send_invitation_email(user: User, base_url: str) -> bool:
    """Send the invitation (in Vietnamese). Returns False when there is nothing to send: the user
    has set a password meanwhile, or was deactivated."""
    if user.has_usable_password() or not user.is_active:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context: dict[str, Any] = {
            "user": user,
            "invited_by": user.invited_by,
            "province": user.province,
            "url": invitation_url(user, base_url),
            "login_url": urljoin(base_url, reverse("account_login")),
            "valid_days": settings.INVITATION_VALID_DAYS,
        }
        subject = email_subject(
            " ".join(render_to_string("accounts/email/invitation_subject.txt", context).split())
        )
        body = render_to_string("accounts/email/invitation_message.txt", context)
    EmailMessage(subject=subject, body=body, to=[user.email]).send()
    return True


def _require_manager_of(actor: User, user: User) -> None:
    """The service-level twin of access.get_user_for_manager: board staff of the same province
    (never on an operator's account), or an operator."""
    if not can_manage_users(actor):
        raise PermissionDenied
    if not actor.is_superuser and (user.province_id != actor.province_id or user.is_superuser):
        raise PermissionDenied


def _schedule_invitation(user: User, base_url: str) -> None:
    from .tasks import send_invitation

    # After the commit: the worker must find the user, and a rolled-back invitation sends nothing.
    # Robust: if the broker is unreachable the account stays created (and is logged) at once;
    # the board sends the invitation again from the user's page.
    transaction.on_commit(lambda: send_now(send_invitation, (user.pk, base_url)), robust=True)


@transaction.atomic
def invite_user(
    *,
    actor: User,
    email: str,
    full_name: str,
    job_title: str = "",
    role: str,
    agency: Agency | None = None,
    official: Official | None = None,
    can_sign: bool = False,
    base_url: str,
    province: Province | None = None,
) -> User:
    """Create an account in the inviter's province, without a password, and e-mail a link to
    choose one. `base_url` is the site's address for the link (e.g. "https://thidua.gov.vn/").

    An operator, who has no province, names the province (its first board staff)."""
    if not can_manage_users(actor):
        raise PermissionDenied
    if province is None:
        province = actor.province
    elif province.pk != actor.province_id and not is_operator(actor):
        raise PermissionDenied
    if province is None:
        raise PermissionDenied
    # Locked, as a merger locks it: an account is never created in a province being merged.
    province = Province.objects.select_for_update().get(pk=province.pk)
    if province.is_merged:  # its accounts moved to the new province (blocs.merger)
        raise ValidationError(
            _("%(province)s was merged into %(into)s: invite its staff there.")
            % {"province": province.name, "into": province.successor.name}
        )
    email = normalise_email(email)
    if email_taken(email):
        raise _email_taken_error()
    agency, official = validate_assignment(
        province, role=role, agency=agency, official=official, can_sign=can_sign
    )
    user = User(
        email=email,
        full_name=nfc(full_name),
        job_title=nfc(job_title),
        role=role,
        province=province,
        agency=agency,
        official=official,
        can_sign=can_sign,
        invited_by=actor,
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # the same address was invited at the same moment
        raise _email_taken_error() from exc
    _schedule_invitation(user, base_url)
    return user


@transaction.atomic
def create_province(
    *,
    actor: User,
    province: dict[str, str],
    email: str,
    full_name: str,
    job_title: str = "",
    base_url: str,
) -> tuple[Province, User]:
    """An operator creates a province and invites its first board officer, together or not at
    all (a province nobody can manage would wait for the admin)."""
    created = blocs_services.create_province(actor=actor, **province)
    officer = invite_user(
        actor=actor,
        province=created,
        email=email,
        full_name=full_name,
        job_title=job_title,
        role=Role.BOARD,
        base_url=base_url,
    )
    return created, officer


@transaction.atomic
def resend_invitation(user: User, *, actor: User, base_url: str) -> None:
    """A new link for a user who has not chosen a password yet; earlier links stop working."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _require_manager_of(actor, user)
    if user.has_usable_password():
        raise ValidationError(_("%(name)s has already chosen a password.") % {"name": user})
    if not user.is_active:
        raise ValidationError(_("Reactivate the account before sending a new invitation."))
    # A new unusable password changes the token's hash: links sent before become invalid.
    user.set_unusable_password()
    user.save(update_fields=["password"])
    _schedule_invitation(user, base_url)


# --- Editing and (de)activation ----------------------------------------------------------------


@transaction.atomic
def update_user(
    user: User,
    *,
    actor: User,
    email: str,
    full_name: str,
    job_title: str = "",
    role: str,
    agency: Agency | None = None,
    official: Official | None = None,
    can_sign: bool = False,
    expected_marker: str | None = None,
) -> User:
    """Save board staff's changes to an account of their province."""
    current = (
        User.objects.select_for_update(of=("self",)).select_related("province").get(pk=user.pk)
    )
    _require_manager_of(actor, current)
    if expected_marker and expected_marker != edit_marker(current):
        raise StaleEdit
    if current.pk == actor.pk and role != current.role:
        raise ValidationError({"role": _("You cannot change your own role.")})
    email = normalise_email(email)
    if email_taken(email, exclude_pk=current.pk):
        raise _email_taken_error()
    agency, official = validate_assignment(
        current.province, role=role, agency=agency, official=official, can_sign=can_sign
    )
    old_email = current.email
    current.email = email
    current.full_name = nfc(full_name)
    current.job_title = nfc(job_title)
    current.role = role
    current.agency = agency
    current.official = official
    current.can_sign = can_sign
    try:
        with transaction.atomic():
            current.save(update_fields=list(EDITABLE_FIELDS))
    except IntegrityError as exc:
        raise _email_taken_error() from exc
    if email != old_email:
        # allauth also signs in with its EmailAddress rows: the old address must stop working.
        EmailAddress.objects.filter(user=current).exclude(email__iexact=email).delete()
    return current


@transaction.atomic
def deactivate_user(user: User, *, actor: User) -> None:
    """Accounts are never deleted (they sign and score): a deactivated one cannot sign in, and
    its open sessions end (User.save raises its session generation)."""
    _require_manager_of(actor, user)
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    current = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
    current.is_active = False
    current.save(update_fields=["is_active"])
    user.is_active, user.session_generation = False, current.session_generation


@transaction.atomic
def reactivate_user(user: User, *, actor: User) -> None:
    _require_manager_of(actor, user)
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
