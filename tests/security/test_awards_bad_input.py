"""Hostile or mistyped input on the awards' board pages: a message on the form, never a 500, and
nothing saved."""

import pytest
from django.urls import reverse

from awards.models import AwardRecord, AwardType, EligibilityFlag, NominationDeadline, YearResult
from core.models import Change

GARBAGE = {
    "kind": "<script>",
    "starts_on": "2020-13-45",
    "ends_on": "hôm qua",
    "reason": "",
    "award_type": "999999",
    "award_name": "x" * 5000,
    "year": "-1",
    "decision_number": "",
    "decision_date": "31/02/2020",
    "issuer": "",
    "band": "'; DROP TABLE awards_yearresult; --",
    "rank": "0",
    "source": "",
    "deadline": "10/12",
    "threshold_percent": "1e9",
    "quota_percent": "NaN",
    "band_years": "99",
    "max_rank": "-3",
    "level": "galactic",
    "quota_rule": "share_of_award",
    "quota_base": "abc",
    "expected_version": "not-a-number",
}


def _state() -> tuple:
    return (
        Change.objects.count(),
        EligibilityFlag.objects.count(),
        AwardRecord.objects.count(),
        YearResult.objects.count(),
        NominationDeadline.objects.count(),
        list(AwardType.objects.values_list("version", flat=True)),
    )


@pytest.mark.parametrize(
    "name", ["flag_set", "award_enter", "result_enter", "award_type_edit", "deadline_edit"]
)
def test_garbage_is_refused_on_the_form(name, world, client_for):
    if name == "award_type_edit":
        args = [AwardType.objects.get(province=world.province, key="bang-khen-tinh").pk]
    elif name == "deadline_edit":
        args = [2020]
    else:
        args = [world.member.pk]
    before = _state()

    response = client_for("board").post(reverse(f"awards:{name}", args=args), GARBAGE)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert _state() == before


@pytest.mark.parametrize("year", ["abc", "99999", "-5", ""])
def test_a_bad_year_on_the_eligibility_page_shows_a_default_year(year, world, client_for):
    url = reverse("awards:eligibility", args=[world.member.pk])
    response = client_for("board").get(url, {"nam": year})
    assert response.status_code == 200


def test_a_year_picker_with_garbage_stays_on_the_list(world, client_for):
    response = client_for("board").get(reverse("awards:deadlines"), {"nam": "abc"})
    assert response.status_code == 200
