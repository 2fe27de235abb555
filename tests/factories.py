"""Factories go through the services, so derived fields (path, search name, sort key) are real."""

from datetime import date

import factory
from django.contrib.auth import get_user_model

from branches import services
from branches.models import Member, Organisation

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hòa",
    "Khánh",
    "Lâm",
    "Minh",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
]


def person_name(n: int) -> str:
    return f"{FAMILY[n % len(FAMILY)]} Văn {GIVEN[(n // len(FAMILY)) % len(GIVEN)]}{' ' + str(n) if n >= 112 else ''}"


def root():
    """The superuser who arranges a test's data. Every writing service names who acts and asks
    the policy; a test that is not about who acts lets the superuser do it."""
    user, _ = get_user_model().objects.get_or_create(username="root", defaults={"is_superuser": True})
    return user


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    parent = None
    kind = Organisation.Kind.CELL
    code = factory.Sequence(lambda n: f"ORG{n:04d}")
    name = factory.Sequence(lambda n: f"Chi bộ ấp {n}")
    founded_on = date(2000, 1, 1)
    by = factory.LazyFunction(root)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.create_organisation(**kwargs)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    organisation = None
    full_name = factory.Sequence(person_name)
    gender = "M"
    birth_date = date(1980, 5, 17)
    ethnicity = "Kinh"
    admission_decision_date = date(2009, 12, 1)
    ceremony_date = date(2010, 1, 15)
    official_date = date(2011, 1, 15)
    by = factory.LazyFunction(root)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.admit_member(**kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "demo12345")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(username: str, organisation: Organisation, role: str):
    user = UserFactory(username=username)
    services.grant_role(user=user, organisation=organisation, role=role, by=root())
    return user
