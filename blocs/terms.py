"""The words for a bloc or a cluster, in one place (domain.md, "Clusters use their own words"):
a khối has a Trưởng khối, a Khối phó and "thành viên khối"; a cụm a Cụm trưởng, a Cụm phó and
"thành viên cụm". Pages, forms and messages read `bloc.terms` (translated, through English
msgids: "Head of bloc" / "Head of cluster"); official documents read `bloc.terms.vi` (always
Vietnamese, whatever the reader's language). A list of both kinds reads `terms_for(blocs)`:
"cụm, khối", "Trưởng khối / Cụm trưởng".

In a message, the words are placeholders the translation keeps:

    _("%(head)s and %(deputy)s must be different agencies.") % bloc.terms.words()
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class DocumentWords:
    """What official documents print (NĐ 30/2020 documents are in Vietnamese)."""

    noun: str  # "khối"
    name: str  # "khối thi đua"
    head: str  # "Trưởng khối"
    deputy: str  # "Khối phó"
    member: str  # "thành viên khối"
    overseer: str  # "Chỉ đạo khối"


@dataclass(frozen=True)
class Terms:
    noun: "StrOrPromise"  # "khối" / "cụm", inside a sentence
    capital: "StrOrPromise"  # "Khối" / "Cụm", at the start of a sentence or a column
    head: "StrOrPromise"  # "Trưởng khối" / "Cụm trưởng"
    deputy: "StrOrPromise"  # "Khối phó" / "Cụm phó"
    member: "StrOrPromise"  # "thành viên khối" / "thành viên cụm"
    secretariat: "StrOrPromise"  # "thường trực khối" / "thường trực cụm"
    vi: DocumentWords

    def role(self, role: str) -> "StrOrPromise":
        """A member's role as this kind names it ("Cụm phó"); a plain member: "Thành viên"."""
        from .models import MemberRole

        leaders: dict[str, StrOrPromise] = {
            MemberRole.HEAD: self.head,
            MemberRole.DEPUTY: self.deputy,
        }
        return leaders.get(role, _("Member"))

    def words(self, **more: Any) -> dict[str, Any]:
        """The placeholders of a message about one bloc: noun, capital, head, deputy, member,
        secretariat (as text in the current language), and `more`."""
        names = ("noun", "capital", "head", "deputy", "member", "secretariat")
        return {name: str(getattr(self, name)) for name in names} | more


BLOC = Terms(
    noun=pgettext_lazy("kind", "bloc"),
    capital=pgettext_lazy("kind", "Bloc"),
    head=_("Head of bloc"),
    deputy=_("Deputy head of bloc"),
    member=_("bloc member"),
    secretariat=_("bloc's secretariat"),
    vi=DocumentWords(
        noun="khối",
        name="khối thi đua",
        head="Trưởng khối",
        deputy="Khối phó",
        member="thành viên khối",
        overseer="Chỉ đạo khối",
    ),
)
CLUSTER = Terms(
    noun=pgettext_lazy("kind", "cluster"),
    capital=pgettext_lazy("kind", "Cluster"),
    head=_("Head of cluster"),
    deputy=_("Deputy head of cluster"),
    member=_("cluster member"),
    secretariat=_("cluster's secretariat"),
    vi=DocumentWords(
        noun="cụm",
        name="cụm thi đua",
        head="Cụm trưởng",
        deputy="Cụm phó",
        member="thành viên cụm",
        overseer="Chỉ đạo cụm",
    ),
)
# A list or a message about blocs and clusters together.
BOTH = Terms(
    noun=pgettext_lazy("kind", "bloc or cluster"),
    capital=pgettext_lazy("kind", "Bloc or cluster"),
    head=_("Head of bloc or cluster"),
    deputy=_("Deputy head of bloc or cluster"),
    member=_("bloc or cluster member"),
    secretariat=_("secretariat"),
    vi=DocumentWords(
        noun="cụm, khối",
        name="cụm, khối thi đua",
        head="Trưởng khối, Cụm trưởng",
        deputy="Khối phó, Cụm phó",
        member="thành viên",
        overseer="Chỉ đạo",
    ),
)


def terms_of(kind: str) -> Terms:
    from .models import BlocKind

    return CLUSTER if kind == BlocKind.CLUSTER else BLOC


def terms_for(kinds: Iterable[Any]) -> Terms:
    """The words for a list of blocs (or bloc kinds): one kind's when they are all of it
    (an empty list: a bloc's), else both."""
    found = {getattr(item, "kind", item) for item in kinds}
    if len(found) > 1:
        return BOTH
    return terms_of(found.pop()) if found else BLOC
