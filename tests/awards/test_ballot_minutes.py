"""f2: the ballot result in the tổng kết minutes (issue 13 §2: "the tổng kết minutes include
it"): meetings' minutes_parts registry, fed by awards, frozen when the minutes are finalised,
shown on the minutes page and in the minutes PDF; a sơ kết without ballots shows nothing."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import MeetingKind
from meetings.services import minutes as minutes_services
from meetings.services import minutes_content
from reports.kinds import get_kind
from reports.services import render_document
from tests.awards.test_ballots import award, paper_ballot, yearend
from tests.factories import MeetingFactory
from tests.reports.conftest import pdftotext, words

pytestmark = pytest.mark.django_db

TITLE = "Kết quả bỏ phiếu kín bình xét đề nghị khen thưởng (lần 1)"


def _closed_ballot(w):
    from awards.services import ballots

    ballot = paper_ballot(w)
    head_line, deputy_line = ballot.lines.order_by("position")
    ballots.record_paper_count(
        ballot,
        actor=w.users["secretariat"],
        issued=3,
        returned=3,
        valid=3,
        yes={head_line.pk: 3, deputy_line.pk: 1},
    )
    ballot.refresh_from_db()
    return ballot


def _finalised(meeting, w):
    actor = w.users["secretariat"]
    draft = minutes_services.start_minutes(meeting, actor=actor)
    draft = minutes_services.update_minutes(
        draft,
        draft.version,
        actor=actor,
        discussion="Thảo luận (ví dụ).",
        conclusions="Kết luận (ví dụ).",
        tasks="",
        ended_at=datetime.time(11, 30),
    )
    return minutes_services.finalise_minutes(draft, draft.version, actor=actor)


def test_finalised_year_end_minutes_include_the_ballot_result(ranked, client_for):
    w = ranked
    ballot = _closed_ballot(w)
    meeting = yearend(w)
    final = _finalised(meeting, w)

    [part] = final.content["parts"]
    assert part["title"] == f"{TITLE}, Biên bản kiểm phiếu {ballot.number}"
    text = " ".join(part["lines"])
    assert "số phiếu phát ra: 3; số phiếu thu về: 3; số phiếu hợp lệ: 3" in text
    head = w.head.name_in(2020)
    deputy = w.deputy.name_in(2020)
    assert f"{head} – Cờ thi đua của UBND tỉnh: 3 phiếu đồng ý, đạt." in text
    assert f"{deputy} – Bằng khen của Chủ tịch UBND tỉnh: 1 phiếu đồng ý, không đạt." in text
    # The refusal's reason, with the rule cited, in Vietnamese.
    assert "1 trên 3" in text or "1/3" in text
    assert ballot.lines.get(agency=w.deputy).award_type.citation in text

    # The minutes PDF says it too.
    pdf = render_document(get_kind("meeting_minutes"), minutes_content.document(final))
    pdf_text = words(pdftotext(pdf.content))
    assert words(TITLE) in pdf_text
    assert ballot.number in pdf_text
    assert words(f"{head} – Cờ thi đua của UBND tỉnh: 3 phiếu đồng ý, đạt.") in pdf_text
    assert "không đạt" in pdf_text

    # The minutes page shows what the finalised minutes froze.
    page = client_for("secretariat").get(reverse("meetings:minutes", args=[meeting.pk]))
    body = page.content.decode()
    assert 'id="final-minutes-parts"' in body
    assert "Kết quả bỏ phiếu kín bình xét đề nghị khen thưởng" in body


def test_the_draft_preview_shows_the_ballot_result_and_finalising_freezes_it(ranked, client_for):
    w = ranked
    _closed_ballot(w)
    meeting = yearend(w)
    page = client_for("secretariat").get(reverse("meetings:minutes", args=[meeting.pk]))
    assert 'id="minutes-parts"' in page.content.decode()

    final = _finalised(meeting, w)
    frozen = final.content["parts"]
    # Whatever happens afterwards to the ballot's rows, the finalised minutes say the same.
    from awards.models import BallotLine

    BallotLine.objects.filter(ballot__meeting=meeting).update(yes_votes=0)
    final.refresh_from_db()
    assert final.content["parts"] == frozen
    assert "3 phiếu đồng ý" in " ".join(frozen[0]["lines"])


def test_an_open_ballot_is_not_in_the_minutes(ranked):
    w = ranked
    from awards.services import selection

    selection.create_ballot(
        yearend(w),
        actor=w.users["secretariat"],
        kind="online",
        picks=[(w.head.pk, award(w, "co-thi-dua-tinh").pk)],
    )
    final = _finalised(yearend(w), w)
    assert final.content["parts"] == []


def test_a_mid_year_meeting_without_ballots_shows_nothing(world, client_for):
    meeting = MeetingFactory(bloc_year=world.bloc_year, secretary_name="Trần Thị Thư")
    assert meeting.kind != MeetingKind.YEAREND
    final = _finalised(meeting, world)
    assert final.content["parts"] == []
    pdf = render_document(get_kind("meeting_minutes"), minutes_content.document(final))
    assert "kiểm phiếu" not in words(pdftotext(pdf.content))
    page = client_for("secretariat").get(reverse("meetings:minutes", args=[meeting.pk]))
    assert "minutes-parts" not in page.content.decode()
