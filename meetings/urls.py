from django.urls import path

from .views import assessment, election, grid, meetings, minutes, scoring

app_name = "meetings"

# One section per part of the reviews; each part's views live in meetings/views/<part>.py.
urlpatterns: list = [
    # --- Meetings: planning, guests, attendance, invitations (views/meetings.py) ---
    path(
        "khoi/<id:pk>/<year:year>/hoi-nghi/", meetings.bloc_year_meetings, name="bloc_year_meetings"
    ),
    path("khoi/<id:pk>/<year:year>/hoi-nghi/them/", meetings.meeting_create, name="meeting_create"),
    path("hoi-nghi/<id:pk>/", meetings.meeting_detail, name="meeting"),
    path("hoi-nghi/<id:pk>/sua/", meetings.meeting_edit, name="meeting_edit"),
    path("hoi-nghi/<id:pk>/khach-moi/", meetings.guests, name="guests"),
    path("khach-moi/<id:pk>/xoa/", meetings.guest_remove, name="guest_remove"),
    path("khach-moi/<id:pk>/di-chuyen/", meetings.guest_move, name="guest_move"),
    path("hoi-nghi/<id:pk>/diem-danh/", meetings.attendance, name="attendance"),
    path("hoi-nghi/<id:pk>/giay-moi/", meetings.invitation, name="invitation"),
    path("hoi-nghi/<id:pk>/lich.ics", meetings.meeting_calendar, name="calendar"),
    # --- Scoring: rounds, assessments, evidence, checking, the grid, ranking (views/scoring.py,
    #     views/assessment.py, views/grid.py) ---
    path("hoi-nghi/<id:pk>/cham-diem/", scoring.scoring, name="scoring"),
    path("hoi-nghi/<id:pk>/cham-diem/mo/", scoring.scoring_open, name="scoring_open"),
    path("hoi-nghi/<id:pk>/cham-diem/thiet-lap/", scoring.review_settings, name="review_settings"),
    path("hoi-nghi/<id:pk>/cham-diem/bang/", grid.grid, name="grid"),
    path("hoi-nghi/<id:pk>/cham-diem/bang/o/", grid.grid_cell, name="grid_cell"),
    path("hoi-nghi/<id:pk>/xep-hang/", scoring.ranking, name="ranking"),
    path("hoi-nghi/<id:pk>/xep-hang/thong-nhat/", scoring.scoring_agree, name="scoring_agree"),
    path("hoi-nghi/<id:pk>/xep-hang/bieu-quyet/", scoring.tie_votes, name="tie_votes"),
    path("danh-gia/<id:pk>/", assessment.assessment, name="assessment"),
    path("danh-gia/<id:pk>/o/", assessment.assessment_cell, name="assessment_cell"),
    path("danh-gia/<id:pk>/nop/", assessment.assessment_submit, name="assessment_submit"),
    path("danh-gia/<id:pk>/tra-lai/", assessment.assessment_return, name="assessment_return"),
    path("danh-gia/<id:pk>/nhan-xet/", assessment.assessment_comment, name="assessment_comment"),
    path("danh-gia/<id:pk>/nguoi-cham/", scoring.assessment_checker, name="assessment_checker"),
    path("danh-gia/<id:pk>/minh-chung/", assessment.evidence_upload, name="evidence_upload"),
    path("minh-chung/<id:pk>/", assessment.evidence, name="evidence"),
    path("minh-chung/<id:pk>/xoa/", assessment.evidence_remove, name="evidence_remove"),
    # --- Minutes, review report, score table, election (views/minutes.py, views/election.py) ---
    path("hoi-nghi/<id:pk>/bien-ban/", minutes.minutes, name="minutes"),
    path("hoi-nghi/<id:pk>/bien-ban/hoan-tat/", minutes.minutes_finalise, name="minutes_finalise"),
    # f1: the overseer's comments on the minutes
    path("hoi-nghi/<id:pk>/bien-ban/nhan-xet/", minutes.minutes_comment, name="minutes_comment"),
    path("bien-ban/<id:pk>/dinh-chinh/", minutes.minutes_correct, name="minutes_correct"),
    path("hoi-nghi/<id:pk>/bang-diem.xlsx", minutes.score_table_xlsx, name="score_table_xlsx"),
    path("hoi-nghi/<id:pk>/bao-cao/", minutes.review_report, name="review_report"),
    path(
        "hoi-nghi/<id:pk>/bao-cao/ban-hanh/",
        minutes.review_report_issue,
        name="review_report_issue",
    ),
    path("hoi-nghi/<id:pk>/bau-truong-khoi/", election.election, name="election"),
    path("khoi/<id:pk>/<year:year>/luan-phien/", election.rotation, name="rotation"),
]
