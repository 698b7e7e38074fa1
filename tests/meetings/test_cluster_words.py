"""A cluster's meetings say cụm (Cụm trưởng, Cụm phó, thành viên cụm) on every page and in every
document; a bloc's still say khối (domain.md, "Clusters use their own words")."""

import datetime

import pytest
from django.urls import reverse

from core.actors import SYSTEM
from meetings.models import Attendance, Presence
from tests.factories import MeetingFactory, scored_round

from ..cluster_words import khoi_left, main_part, make_cluster

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(world):
    return make_cluster(world)


def _left(texts: dict[str, str]) -> dict[str, list[str]]:
    left = {name: khoi_left(text) for name, text in texts.items()}
    for name, places in left.items():
        for place in places:
            print("LEFT", name, repr(place))  # shown when the test fails
    return left


def _yearend(world):
    meeting = MeetingFactory(
        bloc_year=world.bloc_year, kind="yearend", secretary_name="Trần Thị Thư"
    )
    scoring = scored_round(meeting, [world.head, world.deputy, world.member], criteria=3)
    return meeting, scoring


def _pages(world, client_for) -> dict[str, str]:
    meeting, scoring = _yearend(world)
    secretariat = client_for("secretariat")
    assessment = scoring.assessments.get(agency=world.member)
    urls = {
        "meeting": reverse("meetings:meeting", args=[meeting.pk]),
        "meeting_edit": reverse("meetings:meeting_edit", args=[meeting.pk]),
        "guests": reverse("meetings:guests", args=[meeting.pk]),
        "attendance": reverse("meetings:attendance", args=[meeting.pk]),
        "invitation": reverse("meetings:invitation", args=[meeting.pk]),
        "scoring": reverse("meetings:scoring", args=[meeting.pk]),
        "grid": reverse("meetings:grid", args=[meeting.pk]),
        "ranking": reverse("meetings:ranking", args=[meeting.pk]),
        "assessment": reverse("meetings:assessment", args=[assessment.pk]),
        "minutes": reverse("meetings:minutes", args=[meeting.pk]),
        "minutes_finalise": reverse("meetings:minutes_finalise", args=[meeting.pk]),
        "review_report": reverse("meetings:review_report", args=[meeting.pk]),
        "election": reverse("meetings:election", args=[meeting.pk]),
        "rotation": reverse("meetings:rotation", args=[world.bloc.pk, 2020]),
        "bloc_year_meetings": reverse("meetings:bloc_year_meetings", args=[world.bloc.pk, 2020]),
    }
    secretariat.post(
        urls["minutes"],
        {"expected_version": "1", "discussion": "Thảo luận.", "ended_at": "11:30"},
    )
    texts = {}
    for name, url in urls.items():
        response = secretariat.get(url)
        assert response.status_code == 200, (name, response.status_code)
        texts[name] = main_part(response.content.decode())
    return texts


def test_a_clusters_meeting_pages_say_cum(world, cluster, client_for):
    texts = _pages(world, client_for)
    unopened = MeetingFactory(bloc_year=world.bloc_year)  # its scoring page shows the settings
    texts["scoring_settings"] = main_part(
        client_for("secretariat")
        .get(reverse("meetings:scoring", args=[unopened.pk]))
        .content.decode()
    )

    assert _left(texts) == {name: [] for name in texts}
    checking = (
        "Thường trực cụm phúc tra (Cụm trưởng phúc tra các đơn vị, Cụm phó phúc tra Cụm trưởng)"
    )
    assert checking in texts["scoring"]
    assert checking in texts["scoring_settings"]
    assert "Cụm trưởng, Cụm phó năm 2021" in texts["election"]
    assert "Cụm trưởng năm sau" in texts["election"]  # the form's labels
    assert "Số phiếu cho Cụm phó" in texts["election"]
    assert "vai trò Cụm trưởng khi cụm luân phiên" in texts["rotation"]
    assert "cấp số BB tiếp theo của cụm" in texts["minutes_finalise"]


def test_a_blocs_meeting_pages_still_say_khoi(world, client_for):
    texts = _pages(world, client_for)

    assert "Trưởng khối, Khối phó năm 2021" in texts["election"]
    assert "vai trò Trưởng khối khi khối luân phiên" in texts["rotation"]
    assert "Thường trực khối phúc tra" in texts["scoring"]
    assert all("cụm" not in text.lower().replace("cụm, khối", "") for text in texts.values())


# --- the documents: invitation, minutes (with the election), review report, score table ---


def _documents(world) -> dict[str, str]:
    """A year-end review of the world's bloc-year, with its invitation, its minutes (electing
    next year's leaders), its report and its score table: each PDF's text."""
    from meetings.models import ElectionMethod
    from meetings.services import election, invitations, minutes_content, report, score_table
    from meetings.services import minutes as minutes_services
    from reports.kinds import get_kind
    from reports.services import render_document
    from tests.factories import OfficialFactory

    from ..reports.conftest import pdftotext, words

    actor = world.users["secretariat"]
    chair = OfficialFactory(
        province=world.province, agency=world.head, full_name="Nguyễn Văn Chủ", title="Giám đốc"
    )
    meeting = MeetingFactory(
        bloc_year=world.bloc_year,
        kind="yearend",
        starts_at=datetime.datetime(2021, 1, 15, 1, tzinfo=datetime.UTC),  # 08:00 local
        chair=chair,
        host=world.deputy,
        secretary_name="Trần Thị Thư",
        secretary_title="Chuyên viên",
    )
    for agency in (world.head, world.deputy, world.member):
        Attendance.objects.create(
            meeting=meeting, agency=agency, presence=Presence.PRESENT, attendee_name="Ông A"
        )
    scoring = scored_round(meeting, [world.head, world.deputy, world.member], criteria=3)
    invitation = invitations.issue_invitation(
        meeting, actor=SYSTEM, dated=datetime.date(2021, 1, 5)
    )
    election.record_election(
        meeting,
        actor=actor,
        method=ElectionMethod.ROTATION,
        head=world.member,
        deputy=world.head,
    )
    draft = minutes_services.start_minutes(meeting, actor=actor)
    draft = minutes_services.update_minutes(
        draft,
        draft.version,
        actor=actor,
        discussion="Các đơn vị thảo luận.",
        conclusions="Chủ tọa kết luận.",
        tasks="Nhiệm vụ năm sau.",
        ended_at=datetime.time(11, 30),
    )
    final = minutes_services.finalise_minutes(draft, draft.version, actor=actor)
    written = report.save_report(meeting, 0, actor=actor, results="Kết quả.", tasks="Tiếp tục.")
    issued = report.issue_report(meeting, written.version, actor=actor)

    def text(key, document):
        return words(pdftotext(render_document(get_kind(key), document).content))

    return {
        "invitation": text("meeting_invitation", invitations.document(invitation)),
        "minutes": text("meeting_minutes", minutes_content.document(final)),
        "review_report": text("meeting_review_report", report.document(issued)),
        "score_table": text("meeting_score_table", score_table.document(scoring)),
    }


def test_a_clusters_meeting_documents_say_cum(world, cluster):
    texts = _documents(world)

    assert _left(texts) == {name: [] for name in texts}
    assert "(chỉ đạo cụm)" in texts["invitation"]
    assert "Thanh tra tỉnh giữ vai trò Cụm trưởng" in texts["minutes"]
    assert "bàn giao nhiệm vụ cho đơn vị Cụm trưởng năm 2021" in texts["minutes"]
    assert "(chỉ đạo cụm)" in texts["review_report"]


def test_a_blocs_meeting_documents_still_say_khoi(world):
    texts = _documents(world)

    assert "(chỉ đạo khối)" in texts["invitation"]
    assert "Thanh tra tỉnh giữ vai trò Trưởng khối" in texts["minutes"]
    assert "bàn giao nhiệm vụ cho đơn vị Trưởng khối năm 2021" in texts["minutes"]
    assert all("cụm" not in text.replace("cụm, khối", "") for text in texts.values())


def test_a_clusters_messages_say_cum(world, cluster):
    from django.core.exceptions import ValidationError

    from meetings.minutes_forms import ElectionForm
    from meetings.models import ElectionMethod
    from meetings.services import election, scoring

    form = ElectionForm(
        {"method": ElectionMethod.ROTATION.value, "head": world.head.pk, "deputy": world.head.pk},
        agencies=[(world.head.pk, "Sở Xây dựng")],
        terms=cluster.terms,
    )
    midyear = MeetingFactory(bloc_year=world.bloc_year)
    with pytest.raises(ValidationError) as not_yearend:
        election.check_can_elect(midyear)
    with pytest.raises(ValidationError) as no_first_half:
        scoring.period_for(midyear)

    assert not form.is_valid()
    assert form.errors["deputy"] == ["Cụm phó phải là đơn vị khác."]
    assert form.fields["head"].label == "Cụm trưởng năm sau"
    assert not_yearend.value.messages == [
        "Cụm trưởng, Cụm phó năm sau được bầu tại hội nghị tổng kết năm."
    ]
    assert no_first_half.value.messages[0].startswith(
        "Năm nay cụm không chấm điểm 6 tháng đầu năm tại hội nghị sơ kết; thường trực cụm"
    )
