import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from eligibility import engine
from eligibility.models import CriteriaSet, CriteriaVersion, Screening
from lead.agencies.models import Agency
from lead.users.models import User

PASSWORD = "correct horse battery staple"


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.POLICE
    jurisdiction = "Harbor County"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, roles, **kwargs):
        if create and roles:
            self.groups.set(Group.objects.filter(name__in=[role.label for role in roles]))


class CriteriaSetFactory(DjangoModelFactory):
    """A set with an approved version 1 shaped like the policy's Example 1."""

    class Meta:
        model = CriteriaSet
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"set-{n}")
    name = factory.Sequence(lambda n: f"Criteria set {n}")

    @factory.post_generation
    def approved(self, create, extracted, **kwargs):
        if create and extracted is not False:
            CriteriaVersionFactory(criteria_set=self, number=1)


class CriteriaVersionFactory(DjangoModelFactory):
    class Meta:
        model = CriteriaVersion

    criteria_set = factory.SubFactory(CriteriaSetFactory, approved=False)
    number = 1
    status = CriteriaVersion.Status.APPROVED
    effective_from = datetime.date(2020, 1, 1)
    offense_rule = engine.NEED_RELATED_MINOR_OFFENSE
    drug_limit_grams = Decimal("7.00")
    lookback_years = 10
    convictions_any_time = factory.LazyFunction(lambda: ["murder_1", "murder_2", "arson_1", "arson_2", "robbery_1", "assault_1", "sex_crime"])
    convictions_lookback = factory.LazyFunction(lambda: ["robbery_2", "assault_2", "weapon_possession_1", "burglary_1", "burglary_2"])


def draft_version(**kwargs) -> CriteriaVersion:
    """A draft version 2 of a new set whose version 1 is in force."""
    criteria_set = CriteriaSetFactory()
    return CriteriaVersionFactory(criteria_set=criteria_set, number=2, status=CriteriaVersion.Status.DRAFT, effective_from=None, **kwargs)


# Facts of a person who is eligible under Example 1 (the screen command's format).
ELIGIBLE_FACTS = {
    "offense_type": "misdemeanor", "offense_need_related": True, "need_history": True, "victim": "none",
    "amenable": True, "able_to_consent": True, "drug_grams": 1.5, "sale_for_profit": False, "exploits_others": False,
    "pc_violent_offense": False, "pc_protection_order_violation": False, "pc_domestic_violence": False,
    "promoting_prostitution": False, "registered_sex_offender": False, "acute_emergency_care": False,
    "convictions": [], "on_supervision": False, "outstanding_warrant": False,
}


class ScreeningFactory(DjangoModelFactory):
    """An eligible screening by an officer of a police department that uses Example 1."""

    class Meta:
        model = Screening

    agency = factory.SubFactory(AgencyFactory)
    officer = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))
    criteria_version = factory.LazyFunction(lambda: CriteriaVersion.objects.get(criteria_set__slug="example-1", number=1))
    report_number = factory.Sequence(lambda n: f"26-{n:06d}")
    screened_at = factory.LazyFunction(timezone.now)
    screened_on = factory.LazyAttribute(lambda s: timezone.localdate(s.screened_at))
    facts = factory.LazyFunction(lambda: dict(ELIGIBLE_FACTS))
    outcome = Screening.Outcome.ELIGIBLE
    reasons = factory.LazyFunction(list)
    status = Screening.Status.ELIGIBLE
