app_name = "meetings"

# One section per part of the reviews; each part's views live in meetings/views/<part>.py.
urlpatterns: list = [
    # --- Meetings: planning, guests, attendance, invitations (views/meetings.py) ---
    # --- Scoring: rounds, assessments, evidence, checking, the grid, ranking (views/scoring.py,
    #     views/grid.py) ---
    # --- Minutes, review report, score table, election (views/minutes.py, views/election.py) ---
]
