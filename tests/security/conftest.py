# The pledges fixtures (a criteria set, a draft and an open pledge), for the signing tests here.
from tests.pledges.conftest import criteria_set, draft_pledge, open_pledge

__all__ = ["criteria_set", "draft_pledge", "open_pledge"]
