"""factory_boy factories for the tests. Names are Vietnamese, as users type them."""

import factory
from factory.django import DjangoModelFactory

from accounts.models import Role, User
from blocs.models import Agency, Bloc, BlocYear, MemberRole, Membership, Official, Province

PASSWORD = "mat-khau-thu-nghiem-1"


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Tỉnh số {n}")
    code = factory.Sequence(lambda n: f"tinh-{n}")


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Sở Ngành số {n}")
    short_name = factory.Sequence(lambda n: f"SN{n}")


class OfficialFactory(DjangoModelFactory):
    class Meta:
        model = Official

    province = factory.SubFactory(ProvinceFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    title = "Ủy viên Hội đồng Thi đua - Khen thưởng tỉnh"


class BlocFactory(DjangoModelFactory):
    class Meta:
        model = Bloc

    province = factory.SubFactory(ProvinceFactory)
    # Not "Khối thi đua số {n}": tests name their own blocs so, and the sequence would collide.
    name = factory.Sequence(lambda n: f"Khối thi đua mẫu {n}")
    code = factory.Sequence(lambda n: f"KTĐ{n}")


class BlocYearFactory(DjangoModelFactory):
    class Meta:
        model = BlocYear

    bloc = factory.SubFactory(BlocFactory)
    year = 2020


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    bloc_year = factory.SubFactory(BlocYearFactory)
    agency = factory.SubFactory(
        AgencyFactory, province=factory.SelfAttribute("..bloc_year.bloc.province")
    )
    role = MemberRole.MEMBER


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"nguoidung{n}@example.vn")
    full_name = factory.Sequence(lambda n: f"Trần Thị {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class BoardStaffFactory(UserFactory):
    role = Role.BOARD
    province = factory.SubFactory(ProvinceFactory)


class AgencyOfficerFactory(UserFactory):
    role = Role.AGENCY
    agency = factory.SubFactory(AgencyFactory)
    province = factory.SelfAttribute("agency.province")


class OverseerFactory(UserFactory):
    role = Role.OVERSEER
    official = factory.SubFactory(OfficialFactory)
    province = factory.SelfAttribute("official.province")
