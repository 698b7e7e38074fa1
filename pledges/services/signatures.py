"""A pledge's signatures: taken while it is open for signing, online by the agency's signer or on
paper recorded by the secretariat, and the pledge in force with its number once every member has
signed (also when a member leaves). The pledge's row is locked first (signing._lock)."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import reauth
from blocs.models import Agency
from core.models import DocumentType
from core.numbering import issue_number
from core.uploads import SCAN_KINDS, check_upload

from ..access import can_sign_for
from ..models import ChangeAction, Pledge, PledgeStatus, Signature, SignatureMethod
from . import history
from .signing import lock_pledge, require_runner, start_of
from .snapshot import frozen_issuer


def check_signable(pledge: Pledge) -> None:
    """Signatures (online or on paper) are taken while the pledge is open for signing, and only
    then: a draft is not final, a withdrawn round is void, and a pledge in force has closed its
    round (an agency that joined the bloc later signs the next revision). Raises ValidationError
    with code draft, withdrawn or in_force."""
    if pledge.status == PledgeStatus.DRAFT:
        raise ValidationError(
            _("The pledge is still a draft: it cannot be signed yet."), code="draft"
        )
    if pledge.status == PledgeStatus.WITHDRAWN:
        raise ValidationError(
            _(
                "This signing round was withdrawn: the %(secretariat)s will open a new revision "
                "for signing."
            )
            % pledge.bloc_year.bloc.terms.words(),
            code="withdrawn",
        )
    if pledge.status == PledgeStatus.IN_FORCE:
        raise ValidationError(
            _(
                "The pledge is in force: its signing round is closed. To add a signature, the "
                "%(secretariat)s withdraws the round and opens a new revision."
            )
            % pledge.bloc_year.bloc.terms.words(),
            code="in_force",
        )


def check_open(pledge: Pledge, agency: Agency) -> None:
    """The agency may sign the pledge now: it has not signed, it is a member, and the pledge is
    open (check_signable). Raises ValidationError with the reason (code already_signed,
    not_member, or check_signable's)."""
    if pledge.status in (PledgeStatus.DRAFT, PledgeStatus.WITHDRAWN):
        check_signable(pledge)
    if pledge.signatures.filter(agency=agency).exists():
        raise ValidationError(
            _("%(agency)s has already signed this pledge.") % {"agency": agency.name},
            code="already_signed",
        )
    if not pledge.bloc_year.memberships.filter(agency=agency).exists():
        raise ValidationError(
            _("%(agency)s is not a member of %(bloc)s in %(year)s.")
            % {
                "agency": agency.name,
                "bloc": pledge.bloc_year.bloc.name,
                "year": pledge.bloc_year.year,
            },
            code="not_member",
        )
    check_signable(pledge)


def _save_signature(pledge: Pledge, signature: Signature, actor: Any) -> Signature:
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        raise ValidationError(
            _("%(agency)s has already signed this pledge.") % {"agency": signature.agency.name},
            code="already_signed",
        ) from None
    history.on_pledge(
        actor,
        ChangeAction.SIGNED,
        pledge,
        signature.agency.name,
        after={
            "agency": signature.agency.name,
            "signer": signature.signer_name,
            "signer_title": signature.signer_title,
            "method": signature.method,
            "sha256": signature.sha256,
        },
    )
    _come_into_force_if_complete(pledge, actor)
    return signature


def _come_into_force_if_complete(
    pledge: Pledge, actor: Any, *, at: datetime.datetime | None = None
) -> None:
    """In force once every member has signed: since the last signature (given on paper on its
    own day, or online), or since `at` when something else completed it (a member left). The
    pledge gets the bloc's next number of that year (NĐ 30/2020 Art. 15: a document is numbered
    once signed)."""
    members = set(pledge.bloc_year.memberships.values_list("agency_id", flat=True))
    valid = pledge.signatures.filter(voided_at__isnull=True)
    signed = set(valid.values_list("agency_id", flat=True))
    if pledge.status == PledgeStatus.OPEN and members <= signed:
        pledge.status = PledgeStatus.IN_FORCE
        # A paper signature is dated at the start of its day: on the day the round opened, the
        # pledge is in force from the opening, not before it.
        last = valid.aggregate(last=Max("signed_at"))["last"]
        pledge.in_force_at = at or max(last, pledge.opened_at or last)
        pledge.number = issue_number(
            pledge.bloc_year.bloc,
            year=timezone.localtime(pledge.in_force_at).year,
            doc_type=DocumentType.PLEDGE,
            symbol=frozen_issuer(pledge).symbol,
            subject=pledge,
        )
        pledge.version += 1
        Pledge.objects.filter(pk=pledge.pk).update(
            status=pledge.status,
            in_force_at=pledge.in_force_at,
            number=pledge.number,
            version=pledge.version,
        )
        history.on_pledge(
            actor,
            ChangeAction.IN_FORCE,
            pledge,
            pledge.title,
            after={
                "signatures": len(signed),
                "number": pledge.number.printed(frozen_issuer(pledge).style),
            },
        )


@transaction.atomic
def sign_online(
    pledge: Pledge,
    *,
    actor: Any,
    password: str,
    signer_title: str,
    seen_sha256: str,
    ip: str | None,
) -> Signature:
    """The actor signs for their agency. They saw the text whose hash is `seen_sha256` and typed
    their password again; both are checked here so that every caller does it."""
    if not can_sign_for(actor, pledge.bloc_year):
        raise PermissionDenied
    reauth.check_password(actor, password)
    if not signer_title.strip():
        raise ValidationError({"signer_title": _("Write your title, e.g. “Giám đốc”.")})
    lock_pledge(pledge)
    check_open(pledge, actor.agency)
    if seen_sha256 != pledge.snapshot_sha256:
        raise ValidationError(
            _(
                "The pledge changed while you were reading it (it was withdrawn and opened "
                "again). Read the new version before signing."
            ),
            code="changed",
        )
    signature = Signature(
        pledge=pledge,
        agency=actor.agency,
        method=SignatureMethod.ONLINE,
        user=actor,
        signer_name=actor.full_name or actor.email,
        signer_title=signer_title.strip(),
        signed_at=timezone.now(),
        ip=ip,
        sha256=pledge.snapshot_sha256,
    )
    return _save_signature(pledge, signature, actor)


@transaction.atomic
def record_paper_signature(
    pledge: Pledge,
    *,
    actor: Any,
    agency: Agency,
    signer_name: str,
    signer_title: str,
    signed_on: datetime.date,
    scan: UploadedFile | None,
) -> Signature:
    """A signature given on paper (often at the year-end conference), with the scanned page."""
    require_runner(actor, pledge.bloc_year)
    lock_pledge(pledge)
    check_open(pledge, agency)
    if not scan:
        # The database refuses a paper signature without its scan: say so, not a 500.
        raise ValidationError({"scan": _("Attach the scan of the signed page.")})
    try:  # a real PDF or image, by its content: it is kept and shown to every reader
        check_upload(scan, kinds=SCAN_KINDS, max_bytes=settings.SCAN_MAX_UPLOAD_BYTES)
    except ValidationError as error:
        raise ValidationError({"scan": error.messages}) from None
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The date of signing cannot be in the future.")})
    opened_on = timezone.localtime(pledge.opened_at).date() if pledge.opened_at else None
    if opened_on and signed_on < opened_on:
        raise ValidationError(
            {
                "signed_on": _(
                    "The date of signing cannot be before the pledge was opened (%(date)s)."
                )
                % {"date": f"{opened_on:%d/%m/%Y}"}
            }
        )
    signature = Signature(
        pledge=pledge,
        agency=agency,
        method=SignatureMethod.PAPER,
        signer_name=signer_name,
        signer_title=signer_title,
        signed_at=start_of(signed_on),
        sha256=pledge.snapshot_sha256,
        recorded_by=actor,
    )
    signature.scan.save(scan.name or "scan", scan, save=False)
    return _save_signature(pledge, signature, actor)


def member_left(bloc_year_id: int) -> None:
    """A member agency left the bloc-year (blocs.services.remove_member): if every remaining
    member has signed its open pledge, the pledge is in force now, not only at the next
    signature. Connected to Membership's post_delete in PledgesConfig.ready()."""
    pledge = Pledge.objects.filter(bloc_year_id=bloc_year_id, status=PledgeStatus.OPEN).first()
    if pledge is not None:
        with transaction.atomic():
            lock_pledge(pledge)
            _come_into_force_if_complete(pledge, None, at=timezone.now())
