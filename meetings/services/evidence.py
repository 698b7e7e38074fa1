"""Evidence (minh chứng) for self scores, and the overseer's comments on an assessment.

An evidence file is a PDF, an image, a Word or an Excel file, checked by its content
(core/uploads.py), at most settings.EVIDENCE_MAX_UPLOAD_BYTES. Django's upload handlers put
anything over FILE_UPLOAD_MAX_MEMORY_SIZE in a temporary file on disk in chunks; it is hashed in
chunks and moved (or copied in chunks) into storage, so a large file is never held in memory
whole. It is served only by a view that asks get_evidence_for_user.
"""

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.uploads import check_upload

from ..access import can_comment, can_self_score
from ..history import CommentAction, ScoringAction, on_meeting
from ..models import Assessment, AssessmentStatus, Comment, Evidence, Meeting
from .scoring import check_not_final
from .scoring_cells import criterion_in, criterion_label

EVIDENCE_KINDS = ("pdf", "jpeg", "png", "docx", "xlsx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_FILES_PER_CRITERION = 20
CHUNK = 64 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _check_editable(actor: Any, assessment: Assessment) -> Assessment:
    """Lock the meeting then the assessment; the agency's own officers, before submitting."""
    if not can_self_score(actor, assessment):
        raise PermissionDenied
    meeting = assessment.round.meeting
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_not_final(meeting)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status == AssessmentStatus.SUBMITTED:
        raise ValidationError(
            _("The assessment has been submitted: its evidence can no longer be changed."),
            code="submitted",
        )
    return locked


@transaction.atomic
def add_evidence(
    assessment: Assessment, criterion_id: Any, upload: UploadedFile | None, *, actor: Any
) -> Evidence:
    locked = _check_editable(actor, assessment)
    criterion = criterion_in(assessment, criterion_id)
    if not upload:
        raise ValidationError({"file": _("Choose a file to attach.")})
    try:
        kind = check_upload(upload, kinds=EVIDENCE_KINDS, max_bytes=max_bytes())
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    count = Evidence.objects.filter(assessment=locked, criterion_id=criterion.id).count()
    if count >= MAX_FILES_PER_CRITERION:
        raise ValidationError(
            {"file": _("At most %(count)s files per criterion.") % {"count": count}}
        )
    name = (upload.name or "minh-chung").rsplit("/", 1)[-1][:255]
    evidence = Evidence(
        assessment=locked,
        criterion_id=criterion.id,
        name=name,
        content_type=CONTENT_TYPES[kind],
        size=upload.size or 0,
        sha256=_sha256(upload),
        uploaded_by=actor,
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    on_meeting(
        actor,
        ScoringAction.EVIDENCE_ADDED,
        locked.round.meeting,
        obj=evidence,
        subject=f"{locked.agency} – {criterion_label(locked, criterion.id)}",
        after={"file": name},
    )
    return evidence


@transaction.atomic
def remove_evidence(evidence: Evidence, *, actor: Any) -> None:
    locked = _check_editable(actor, evidence.assessment)
    name = evidence.name
    on_meeting(
        actor,
        ScoringAction.EVIDENCE_REMOVED,
        locked.round.meeting,
        obj=evidence,
        subject=f"{locked.agency} – {criterion_label(locked, evidence.criterion_id)}",
        before={"file": name},
    )
    # Its file goes after commit (MeetingsConfig.ready: core/stored_files.py).
    evidence.delete()


@transaction.atomic
def add_comment(assessment: Assessment, *, actor: Any, text: str) -> Comment:
    """The overseer's comment: kept and shown; nothing else changes."""
    meeting = assessment.round.meeting
    if not can_comment(actor, meeting):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    if len(text) > 5000:
        raise ValidationError({"text": _("A comment is at most 5,000 characters.")})
    comment = Comment.objects.create(
        meeting=meeting, assessment=assessment, author=actor, text=text
    )
    on_meeting(
        actor,
        ScoringAction.COMMENTED,
        meeting,
        obj=assessment,
        subject=str(assessment.agency),
        after={"note": text},
    )
    return comment


# --- f1: the overseer's comment on the minutes ------------------------------------------------


def add_minutes_comment(meeting: Meeting, *, actor: Any, text: str) -> Comment:
    """The overseer's comment on a meeting's minutes (a Comment without an assessment): kept and
    shown on the minutes page; the minutes, drafts and finalised ones, do not change."""
    if not can_comment(actor, meeting):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    if len(text) > 5000:
        raise ValidationError({"text": _("A comment is at most 5,000 characters.")})
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        comment = Comment.objects.create(meeting=locked, assessment=None, author=actor, text=text)
        on_meeting(
            actor,
            CommentAction.MINUTES_COMMENTED,
            meeting,
            subject=str(meeting),
            after={"comment": text},
        )
    return comment


# --- end f1 ---
