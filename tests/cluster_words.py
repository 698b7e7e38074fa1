"""A cluster (cụm) for the tests of its words: the world's bloc 6 made "Cụm thi đua số 2", and a
check that a text says cụm where it means the cluster."""

import re

from blocs.models import Bloc, BlocKind

CLUSTER_NAME = "Cụm thi đua số 2"

# What may say "khối" on a cluster's page or document: the words for both kinds ("cụm, khối"),
# a bloc's kind (the kind picker's option, a list's kind column), the letterhead's help about
# blocs of Party agencies, and the name of the world's other bloc.
ALLOWED = (
    "cụm, khối",
    "trưởng khối / cụm trưởng",
    "khối phó / cụm phó",
    "khối thi đua</option>",
    "<td>khối thi đua</td>",
    "khối các cơ quan đảng",
    "khối thi đua số 1",
)


def make_cluster(world) -> Bloc:
    Bloc.objects.filter(pk=world.bloc.pk).update(kind=BlocKind.CLUSTER, name=CLUSTER_NAME)
    world.bloc.refresh_from_db()
    world.bloc_year.refresh_from_db()
    return world.bloc


def main_part(html: str) -> str:
    """The page's own content: what is inside <main> (the site's menu names both kinds)."""
    match = re.search(r"<main[^>]*>(.*)</main>", html, re.S)
    assert match, "no <main> element"
    return match.group(1)


def khoi_left(text: str) -> list[str]:
    """Every place that still says "khối" once the allowed phrases are taken out, with some
    context: empty for a text that says cụm wherever it means the cluster."""
    lowered = text.lower()
    for phrase in ALLOWED:
        lowered = lowered.replace(phrase, " ")
    return [lowered[max(0, m.start() - 40) : m.end() + 40] for m in re.finditer("khối", lowered)]
