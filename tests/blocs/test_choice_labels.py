"""get_kind_display and get_role_display look the label up in their choices (blocs.models
.choice_label) and show it in the active language."""

from django.utils import translation

from blocs.models import Agency, AgencyKind, Bloc, BlocKind, Membership


def test_choice_labels_are_translated_when_shown():
    agency, bloc = Agency(kind=AgencyKind.PARTY), Bloc(kind=BlocKind.CLUSTER)
    membership = Membership(role="deputy")
    with translation.override("vi"):
        assert agency.get_kind_display() == "Cơ quan Đảng"
        assert membership.get_role_display() == "Khối phó"
        assert bloc.get_kind_display() == "Cụm thi đua"
    with translation.override("en"):
        assert agency.get_kind_display() == "Party body"
        assert membership.get_role_display() == "Deputy head of bloc"
        assert bloc.get_kind_display() == "Emulation cluster"


def test_a_value_outside_the_choices_shows_as_it_is():
    assert Agency(kind="retired").get_kind_display() == "retired"
