"""The meetings' official documents. The invitation (giấy mời, GM) is printed from what was
frozen when it was issued (Invitation.content), so a later change to the meeting never changes
an invitation already sent; anyone who can see the meeting may export it.
"""

from collections.abc import Mapping
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from reports.kinds import Document, DocumentKind, register

from .models import Invitation, Meeting
from .services import invitations

INVITATION_RELATED = ("meeting__bloc_year__bloc",)


def invitation_subject(user: Any, pk: int, params: Mapping[str, int]) -> Invitation:
    return get_object_or_404(
        Invitation.objects.filter(meeting__in=Meeting.objects.visible_to(user)).select_related(
            *INVITATION_RELATED
        ),
        pk=pk,
    )


def build_invitation(invitation: Invitation, params: Mapping[str, int]) -> Document:
    return invitations.document(invitation)


register(
    DocumentKind(
        key="meeting_invitation",
        label=_("Meeting invitation"),
        template="meetings/documents/invitation.html",
        get_subject=invitation_subject,
        build=build_invitation,
        province_of=lambda invitation: invitation.meeting.bloc_year.bloc.province_id,
        load=lambda pk: Invitation.objects.select_related(*INVITATION_RELATED).get(pk=pk),
    )
)
