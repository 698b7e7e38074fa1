"""A pledge's life: the secretariat drafts it, opens it for signing (its text and criteria are
frozen and hashed), every member agency signs (online, or on paper recorded by the secretariat),
and it is in force once all have signed. Withdrawing a round voids its signatures, keeps them as
history and starts the next revision as a draft.

Every write locks the pledge's row first: two agencies signing in the same second are serialised,
both signatures count and the pledge comes into force exactly once.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import reauth
from blocs.access import can_run_bloc_year
from blocs.models import Agency, BlocYear
from core.versioning import save_versioned

from ..access import can_sign_for
from ..models import ChangeAction, CriteriaSet, Pledge, PledgeStatus, Signature, SignatureMethod
from . import history
from .snapshot import build_snapshot, snapshot_hash

PLEDGE_FIELDS = ("title", "preamble", "commitments")


def default_title(bloc_year: BlocYear) -> str:
    return f"Giao ước thi đua năm {bloc_year.year} - {bloc_year.bloc.name_in(bloc_year.year)}"


def _pledge_data(pledge: Pledge) -> dict[str, Any]:
    return {
        **{name: getattr(pledge, name) for name in PLEDGE_FIELDS},
        "criteria_set": pledge.criteria_set.title if pledge.criteria_set else "",
    }


def _lock(pledge: Pledge) -> Pledge:
    """The pledge's row locked and re-read as committed now: another request may have edited,
    opened, signed or withdrawn it since this one loaded it."""
    Pledge.objects.select_for_update().filter(pk=pledge.pk).first()
    pledge.refresh_from_db(
        fields=[f.attname for f in Pledge._meta.concrete_fields if f.attname != "id"]
    )
    return pledge


def _require_runner(actor: Any, bloc_year: BlocYear) -> None:
    if not can_run_bloc_year(actor, bloc_year):
        raise PermissionDenied


# --- Drafting --------------------------------------------------------------------------------


def check_draft(pledge: Pledge) -> None:
    """Only a draft's text can change: once opened, it is what the signatures cover."""
    if not pledge.is_draft:
        raise ValidationError(
            _(
                "The pledge is no longer a draft: its text was frozen when it opened for "
                "signing. To change it, withdraw the signing round."
            ),
            code="not_draft",
        )


def check_withdrawable(pledge: Pledge) -> None:
    if pledge.status not in (PledgeStatus.OPEN, PledgeStatus.IN_FORCE):
        raise ValidationError(
            _("Only a pledge open for signing or in force can be withdrawn."), code="status"
        )


def _check_criteria_set(bloc_year: BlocYear, criteria_set: CriteriaSet | None) -> None:
    if criteria_set is not None and criteria_set.bloc_year_id != bloc_year.pk:
        raise ValidationError(
            {"criteria_set": _("Choose the criteria set of this bloc and year.")}, code="set"
        )


@transaction.atomic
def create_draft(
    bloc_year: BlocYear,
    *,
    actor: Any,
    title: str = "",
    preamble: str = "",
    commitments: str = "",
    criteria_set: CriteriaSet | None = None,
) -> Pledge:
    _require_runner(actor, bloc_year)
    BlocYear.objects.select_for_update().filter(pk=bloc_year.pk).first()
    if bloc_year.pledges.exclude(status=PledgeStatus.WITHDRAWN).exists():
        raise ValidationError(_("This bloc-year already has a pledge."), code="exists")
    _check_criteria_set(bloc_year, criteria_set)
    if criteria_set is None:
        criteria_set = bloc_year.criteria_sets.first()
    last = bloc_year.pledges.aggregate(last=Max("revision"))["last"] or 0
    pledge = Pledge.objects.create(
        bloc_year=bloc_year,
        revision=last + 1,
        title=title or default_title(bloc_year),
        preamble=preamble,
        commitments=commitments,
        criteria_set=criteria_set,
    )
    history.record(
        actor, ChangeAction.CREATED, pledge.title, pledge=pledge, after=_pledge_data(pledge)
    )
    return pledge


@transaction.atomic
def update_draft(
    pledge: Pledge, expected_version: int | None, *, actor: Any, **values: Any
) -> Pledge:
    _require_runner(actor, pledge.bloc_year)
    before = _pledge_data(Pledge.objects.get(pk=pledge.pk))
    _lock(pledge)
    check_draft(pledge)
    _check_criteria_set(pledge.bloc_year, values.get("criteria_set", pledge.criteria_set))
    for name, value in values.items():
        setattr(pledge, name, value)
    save_versioned(pledge, expected_version)
    old, new = history.changed_fields(before, _pledge_data(pledge))
    if new:
        history.record(
            actor, ChangeAction.EDITED, pledge.title, pledge=pledge, before=old, after=new
        )
    return pledge


# --- Opening: the frozen text ----------------------------------------------------------------


@transaction.atomic
def open_for_signing(pledge: Pledge, *, actor: Any) -> Pledge:
    _require_runner(actor, pledge.bloc_year)
    _lock(pledge)
    if not pledge.is_draft:
        raise ValidationError(_("Only a draft can be opened for signing."), code="not_draft")
    if pledge.criteria_set is None:
        raise ValidationError(_("Choose a criteria set before opening the pledge."))
    CriteriaSet.objects.select_for_update().filter(pk=pledge.criteria_set.pk).first()
    snapshot = build_snapshot(pledge)
    if not any(s["criteria"] for s in snapshot["sections"]):
        raise ValidationError(_("The criteria set has no criteria yet."), code="empty")
    if not pledge.bloc_year.memberships.exists():
        raise ValidationError(_("The bloc has no members this year: nobody could sign."))
    pledge.snapshot = snapshot
    pledge.snapshot_sha256 = snapshot_hash(snapshot)
    pledge.status = PledgeStatus.OPEN
    pledge.opened_at = timezone.now()
    pledge.version += 1
    pledge.save()
    history.record(
        actor,
        ChangeAction.OPENED,
        pledge.title,
        pledge=pledge,
        after={"sha256": pledge.snapshot_sha256, "revision": pledge.revision},
    )
    return pledge


# --- Signatures ------------------------------------------------------------------------------


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
                "This signing round was withdrawn: the secretariat will open a new revision for "
                "signing."
            ),
            code="withdrawn",
        )
    if pledge.status == PledgeStatus.IN_FORCE:
        raise ValidationError(
            _(
                "The pledge is in force: its signing round is closed. To add a signature, the "
                "secretariat withdraws the round and opens a new revision."
            ),
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
            _("%(agency)s is not a member of the bloc this year.") % {"agency": agency.name},
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
    history.record(
        actor,
        ChangeAction.SIGNED,
        signature.agency.name,
        pledge=pledge,
        after={
            "agency": signature.agency.name,
            "signer": signature.signer_name,
            "title": signature.signer_title,
            "method": signature.method,
            "sha256": signature.sha256,
        },
    )
    _come_into_force_if_complete(pledge, actor)
    return signature


def _come_into_force_if_complete(pledge: Pledge, actor: Any) -> None:
    members = set(pledge.bloc_year.memberships.values_list("agency_id", flat=True))
    signed = set(
        pledge.signatures.filter(voided_at__isnull=True).values_list("agency_id", flat=True)
    )
    if pledge.status == PledgeStatus.OPEN and members <= signed:
        pledge.status = PledgeStatus.IN_FORCE
        pledge.in_force_at = timezone.now()
        pledge.version += 1
        Pledge.objects.filter(pk=pledge.pk).update(
            status=pledge.status, in_force_at=pledge.in_force_at, version=pledge.version
        )
        history.record(
            actor,
            ChangeAction.IN_FORCE,
            pledge.title,
            pledge=pledge,
            after={"signatures": len(signed)},
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
    _lock(pledge)
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
    _require_runner(actor, pledge.bloc_year)
    _lock(pledge)
    check_open(pledge, agency)
    if not scan:
        # The database refuses a paper signature without its scan: say so, not a 500.
        raise ValidationError({"scan": _("Attach the scan of the signed page.")})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The date of signing cannot be in the future.")})
    if pledge.opened_at and signed_on < timezone.localtime(pledge.opened_at).date():
        raise ValidationError(
            {"signed_on": _("The date of signing cannot be before the pledge was opened.")}
        )
    signature = Signature(
        pledge=pledge,
        agency=agency,
        method=SignatureMethod.PAPER,
        signer_name=signer_name,
        signer_title=signer_title,
        signed_at=timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time())),
        sha256=pledge.snapshot_sha256,
        recorded_by=actor,
    )
    signature.scan.save(scan.name or "scan", scan, save=False)
    return _save_signature(pledge, signature, actor)


# --- Withdrawal ------------------------------------------------------------------------------


@transaction.atomic
def withdraw(pledge: Pledge, *, actor: Any, reason: str) -> Pledge:
    """Withdraw an open or in-force round: its signatures are voided (kept, marked void) and the
    next revision starts as a draft with the same text and criteria set. Returns the draft."""
    _require_runner(actor, pledge.bloc_year)
    _lock(pledge)
    check_withdrawable(pledge)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the round is withdrawn.")})
    now, previous = timezone.now(), pledge.status
    voided = pledge.signatures.filter(voided_at__isnull=True).update(voided_at=now)
    pledge.status = PledgeStatus.WITHDRAWN
    pledge.withdrawn_at = now
    pledge.withdrawal_reason = reason.strip()
    pledge.version += 1
    pledge.save()
    history.record(
        actor,
        ChangeAction.WITHDRAWN,
        pledge.title,
        pledge=pledge,
        before={"status": previous, "signatures": voided},
        after={"status": PledgeStatus.WITHDRAWN, "reason": pledge.withdrawal_reason},
    )
    return create_draft(
        pledge.bloc_year,
        actor=actor,
        title=pledge.title,
        preamble=pledge.preamble,
        commitments=pledge.commitments,
        criteria_set=pledge.criteria_set,
    )


def member_left(bloc_year_id: int) -> None:
    """A member agency left the bloc-year (blocs.services.remove_member): if every remaining
    member has signed its open pledge, the pledge is in force now, not only at the next
    signature. Connected to Membership's post_delete in PledgesConfig.ready()."""
    pledge = Pledge.objects.filter(bloc_year_id=bloc_year_id, status=PledgeStatus.OPEN).first()
    if pledge is not None:
        with transaction.atomic():
            _lock(pledge)
            _come_into_force_if_complete(pledge, None)
