from django.urls import path

from .views import agencies, award_types, board, statistics
from .views import ballots as ballot_views
from .views import dossiers as dossier_views
from .views import selection as selection_views

app_name = "awards"

# One section per part of the awards; each part's views live in awards/views/<part>.py.
urlpatterns: list = [
    # --- Award types, deadlines, flags, award history (views/award_types.py, views/agencies.py) ---
    path("khen-thuong/danh-hieu/", award_types.award_type_list, name="award_types"),
    path("khen-thuong/danh-hieu/<int:pk>/", award_types.award_type_detail, name="award_type"),
    path(
        "khen-thuong/danh-hieu/<int:pk>/sua/", award_types.award_type_edit, name="award_type_edit"
    ),
    path("khen-thuong/han-nop/", award_types.deadline_list, name="deadlines"),
    path("khen-thuong/han-nop/<int:year>/", award_types.deadline_edit, name="deadline_edit"),
    path("khen-thuong/chua-xet/", agencies.flag_list, name="flags"),
    path("khen-thuong/chua-xet/<int:pk>/ket-thuc/", agencies.flag_end, name="flag_end"),
    path("khen-thuong/don-vi/<int:pk>/chua-xet/", agencies.flag_set, name="flag_set"),
    path("khen-thuong/don-vi/<int:pk>/them/", agencies.award_enter, name="award_enter"),
    path("khen-thuong/don-vi/<int:pk>/ket-qua/", agencies.result_enter, name="result_enter"),
    path("khen-thuong/don-vi/<int:pk>/dieu-kien/", agencies.agency_eligibility, name="eligibility"),
    path("khen-thuong/lich-su/<int:pk>/sua/", agencies.award_edit, name="award_edit"),
    path("khen-thuong/lich-su/<int:pk>/xoa/", agencies.award_delete, name="award_delete"),
    path("khen-thuong/ket-qua/<int:pk>/xoa/", agencies.result_delete, name="result_delete"),
    # --- Selection: candidates, ballots, nominations, dossiers (AW2) ---
    path(
        "khen-thuong/hoi-nghi/<id:pk>/binh-xet/",
        selection_views.selection_page,
        name="selection",
    ),
    path("khen-thuong/phieu/<id:pk>/", ballot_views.ballot_detail, name="ballot"),
    path("khen-thuong/phieu/<id:pk>/mo/", ballot_views.ballot_open, name="ballot_open"),
    path("khen-thuong/phieu/<id:pk>/dong/", ballot_views.ballot_close, name="ballot_close"),
    path("khen-thuong/phieu/<id:pk>/xoa/", ballot_views.ballot_delete, name="ballot_delete"),
    path("khen-thuong/phieu/<id:pk>/kiem-phieu/", ballot_views.ballot_count, name="ballot_count"),
    path("khen-thuong/phieu/<id:pk>/bo-phieu/", ballot_views.ballot_vote, name="ballot_vote"),
    path("khen-thuong/de-nghi/<id:pk>/", dossier_views.nomination_detail, name="nomination"),
    path(
        "khen-thuong/de-nghi/<id:pk>/to-trinh/",
        dossier_views.dossier_generate,
        name="dossier_generate",
    ),
    path(
        "khen-thuong/de-nghi/<id:pk>/tai-len/", dossier_views.dossier_upload, name="dossier_upload"
    ),
    path(
        "khen-thuong/de-nghi/<id:pk>/nop/",
        dossier_views.nomination_submit,
        name="nomination_submit",
    ),
    path("khen-thuong/ho-so/<id:pk>/", dossier_views.dossier_file, name="dossier_file"),
    path(
        "khen-thuong/ho-so/<id:pk>/xoa/",
        dossier_views.dossier_file_remove,
        name="dossier_file_remove",
    ),
    path(
        "khen-thuong/khoi/<id:pk>/<year:year>/de-nghi/",
        dossier_views.bloc_year_nominations,
        name="bloc_year_nominations",
    ),
    # --- The board: inbox, review, decisions, statistics, national package (AW3) ---
    path("khen-thuong/tham-dinh/", board.inbox, name="board"),
    path("khen-thuong/tham-dinh/<id:pk>/", board.nomination, name="board_nomination"),
    path("khen-thuong/tham-dinh/<id:pk>/bat-dau/", board.start, name="board_start"),
    path("khen-thuong/tham-dinh/<id:pk>/tra-lai/", board.return_, name="board_return"),
    path("khen-thuong/tham-dinh/<id:pk>/trinh-hoi-dong/", board.send, name="board_send"),
    path("khen-thuong/tham-dinh/<id:pk>/quyet-dinh/", board.decide, name="board_decide"),
    path("khen-thuong/tham-dinh/<id:pk>/khong-khen/", board.reject, name="board_reject"),
    path("khen-thuong/tham-dinh/<id:pk>/ho-so-dien-tu/", board.package_build, name="package_build"),
    path(
        "khen-thuong/tham-dinh/<id:pk>/ho-so-dien-tu/tai-ve/",
        board.package_download,
        name="package_download",
    ),
    path("khen-thuong/thong-ke/", statistics.province_statistics, name="statistics"),
    path("khen-thuong/thong-ke/xlsx/", statistics.statistics_xlsx, name="statistics_xlsx"),
    path("khen-thuong/don-vi/<id:pk>/diem/", statistics.agency_trend, name="agency_trend"),
]
