import datetime
import itertools
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from eligibility import engine
from eligibility.models import CriteriaSet, CriteriaVersion, Screening
from lead.agencies.models import Agency
from lead.notifications.models import Notification
from lead.roles import Role
from lead.users.models import User
from tests.eligibility.test_engine import EXAMPLE_1_FACTS

PASSWORD = "correct horse battery staple"


_bulk_references = itertools.count(1)


def bulk_reference() -> str:
    """A case reference for a referral made with bulk_create (which skips the services that number
    them): unique, and in a year no service numbers ("L-1999-…")."""
    return f"L-1999-{next(_bulk_references):05d}"


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
    convictions_any_time = factory.LazyFunction(
        lambda: ["murder_1", "murder_2", "arson_1", "arson_2", "robbery_1", "assault_1", "sex_crime"]
    )
    convictions_lookback = factory.LazyFunction(
        lambda: ["robbery_2", "assault_2", "weapon_possession_1", "burglary_1", "burglary_2"]
    )


def draft_version(**kwargs) -> CriteriaVersion:
    """A draft version 2 of a new set whose version 1 is in force."""
    criteria_set = CriteriaSetFactory()
    return CriteriaVersionFactory(
        criteria_set=criteria_set, number=2, status=CriteriaVersion.Status.DRAFT, effective_from=None, **kwargs
    )


# Facts of a person who is eligible under Example 1 (the screen command's format).
ELIGIBLE_FACTS = EXAMPLE_1_FACTS


def example_1_version() -> CriteriaVersion:
    """The built-in Example 1; transactional tests empty the tables, so it is made again if gone."""
    version = CriteriaVersion.objects.filter(criteria_set__slug="example-1", number=1).first()
    return version or CriteriaSetFactory(slug="example-1", name="Model policy, Example 1").versions.get()


class ScreeningFactory(DjangoModelFactory):
    """An eligible screening by an officer of a police department that uses Example 1."""

    class Meta:
        model = Screening

    agency = factory.SubFactory(AgencyFactory)
    officer = factory.SubFactory(UserFactory, agency=factory.SelfAttribute("..agency"))
    criteria_version = factory.LazyFunction(lambda: example_1_version())
    report_number = factory.Sequence(lambda n: f"26-{n:06d}")
    screened_at = factory.LazyFunction(timezone.now)
    screened_on = factory.LazyAttribute(lambda s: timezone.localdate(s.screened_at))
    facts = factory.LazyFunction(lambda: dict(ELIGIBLE_FACTS))
    outcome = Screening.Outcome.ELIGIBLE
    reasons = factory.LazyFunction(list)
    status = Screening.Status.ELIGIBLE


class NotificationFactory(DjangoModelFactory):
    """An unread notification for a new user, pointing at the home page."""

    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    subject = factory.Sequence(lambda n: f"Status update {n}")
    url = "/"


# Participants, referrals and cases are made through the services, so their object permissions
# (cases/grants.py) are exactly what the application would grant.


def arrest_referral(*, officer=None, agency=None, first_name="Jordan", last_name="Reyes", now=None):
    """An officer's arrest diversion, accepted by the person and waiting for a case manager."""
    from cases.services import referrals as case_services

    officer = officer or UserFactory(agency=agency or AgencyFactory(), roles=[Role.OFFICER])
    screening = ScreeningFactory(agency=officer.agency, officer=officer)
    identity = {
        "first_name": first_name,
        "last_name": last_name,
        "aliases": "",
        "date_of_birth": datetime.date(1990, 5, 17),
    }
    return case_services.diversion_accept(
        screening=screening,
        officer=officer,
        participant=None,
        identity=identity,
        now=now or timezone.now(),
    )


def on_call(case_manager, *, now=None):
    """`case_manager` is on call from a minute ago for eight hours (the newest shift wins)."""
    from cases.models import OnCallShift

    now = now or timezone.now()
    return OnCallShift.objects.create(
        case_manager=case_manager,
        starts_at=now - datetime.timedelta(minutes=1),
        ends_at=now + datetime.timedelta(hours=8),
        phone="(555) 010-5555",
    )


def open_case(referral=None, *, case_manager=None, now=None):
    """The hand-off of `referral` (a new one by default) accepted by `case_manager`."""
    from cases.services import referrals as case_services

    case_manager = case_manager or UserFactory(
        agency=AgencyFactory(kind=Agency.Kind.SERVICE_PROVIDER), roles=[Role.CASE_MANAGER]
    )
    referral = referral or arrest_referral()
    return case_services.handoff_accept(
        referral=referral,
        case_manager=case_manager,
        meeting_place_kind="station",
        meeting_place="Precinct 2",
        now=now or timezone.now(),
    )


def persona_case(personas, *, now=None):
    """The case manager persona's case of a person diverted by the officer persona's department,
    whose charges go to the prosecutor persona's office."""
    police = personas[Role.OFFICER].agency
    police.prosecuting_office = personas[Role.PROSECUTOR].agency
    police.save()
    referral = arrest_referral(agency=police, now=now)
    return open_case(referral, case_manager=personas[Role.CASE_MANAGER], now=now)


def overdue(case, now=None):
    """The sweep found the case's assessment overdue: a pending OWG determination."""
    from cases.models import Determination

    now = now or timezone.now()
    case.assessment_due_on = timezone.localdate(now) - datetime.timedelta(days=1)
    case.assessment_due_at = now - datetime.timedelta(hours=1)
    case.save()
    return Determination.objects.create(case=case, kind=Determination.Kind.ASSESSMENT_OVERDUE, created_at=now)


def social_referral(*, by, first_name="Sam", last_name="Carter", now=None):
    from cases.services import referrals as case_services

    identity = {"first_name": first_name, "last_name": last_name, "aliases": "", "date_of_birth": None}
    return case_services.social_referral_create(
        by=by,
        participant=None,
        identity=identity,
        reason="Sleeping outside the library; asked for help.",
        known_needs="Shelter, ID documents.",
        now=now or timezone.now(),
    )


# The clinical record (assessment, ISP, notes) ------------------------------------------------


def consent_for(case, *, by=None, now=None):
    """The participant's written consent, with a small signature image. The file goes to the
    test's temporary folder (tests/conftest.py: `private_files`, autouse)."""
    from django.core.files.base import ContentFile

    from cases.lifecycle import case_status_refresh
    from cases.models import Consent

    now = now or timezone.now()
    consent = Consent.objects.create(
        case=case,
        signed_on=timezone.localdate(now),
        signature_kind=Consent.Kind.DRAWN,
        signature=ContentFile(b"\x89PNG signature", name="s.png"),
        witness=by or case.case_manager,
        recorded_at=now,
    )
    case_status_refresh(case, by=by or case.case_manager)
    return consent


def completed_assessment(case, *, by=None, now=None):
    """A completed assessment of a consented case (consent recorded first when missing)."""
    from cases.models import Consent
    from cases.services import record as record_services

    if not Consent.objects.filter(case=case).exists():
        consent_for(case, by=by, now=now)
    values = {
        "substances": ["opioids"],
        "in_substance_treatment": False,
        "chemical_dependency": "",
        "mental_health_concerns": True,
        "in_mental_health_treatment": False,
        "mental_health": "",
        "housing_status": "unsheltered",
        "housing": "",
        "open_legal_cases": False,
        "legal": "",
        "employment_status": "unemployed",
        "employment": "",
        "education_level": "high_school",
        "education": "",
        "goals": "A place to sleep indoors.",
        "strengths": "",
    }
    return record_services.assessment_save(
        case=case,
        revision=0,
        by=by or case.case_manager,
        now=now or timezone.now(),
        complete=True,
        **values,
    )


# The steps after the hand-off (policy VI.A-D). Signature files go to the test's temporary folder
# (tests/conftest.py: `private_files`, autouse).


def _tiny_png() -> bytes:
    import base64

    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )


TINY_PNG = _tiny_png()  # a valid 1×1 PNG, for signatures


def initial_screening_of(case, *, screened_at=None, **kw):
    """The initial screening of `case`, no immediate needs; the case's status follows."""
    from cases.lifecycle import case_status_refresh
    from cases.models import InitialScreening

    values = {
        "basic_information": "Sleeping at the Fifth Street shelter; no ID.",
        "shelter_needed": False,
        "clothing_needed": False,
        "food_needed": False,
    }
    screening = InitialScreening.objects.create(
        case=case,
        screened_at=screened_at or timezone.now(),
        screened_by=case.case_manager,
        **(values | kw),
    )
    case_status_refresh(case, by=case.case_manager)
    return screening


def release_of_information(case, **kw):
    """A release to the OWG's members, signed today, ending when the case closes."""
    from django.core.files.base import ContentFile

    from cases.models import Consent, ReleaseOfInformation

    values = {
        "discloser": case.provider.name,
        "information": "Attendance and milestones in LEAD.",
        "recipients": ReleaseOfInformation.Recipients.OWG_MEMBERS,
        "purpose": "Progress at the OWG.",
        "right_to_revoke_explained": True,
        "expiry_event": "When the LEAD case closes",
        "signed_on": timezone.localdate(),
        "signature_kind": Consent.Kind.DRAWN,
        "signature": ContentFile(TINY_PNG, name="signature.png"),
        "recorded_at": timezone.now(),
        "recorded_by": case.case_manager,
    }
    return ReleaseOfInformation.objects.create(case=case, **(values | kw))


def meeting(*, members=(), recorder=None, starts_at=None, status="scheduled", now=None, present=None):
    """An OWG meeting (tomorrow unless told) inviting `members`, all recorded present unless
    `present` names who attended (a decision's proposer must have)."""
    from owg.models import Attendance, Meeting

    now = now or timezone.now()
    held = status == "held"
    created = Meeting.objects.create(
        starts_at=starts_at or now + datetime.timedelta(days=1),
        status=status,
        recorder=recorder,
        created_at=now,
        held_at=(starts_at or now) if held else None,
    )
    created.members.set(members)
    for user in members if present is None else present:
        Attendance.objects.create(meeting=created, user=user, recorded_by=user)
    return created


def added_item(*, by, title="Coordination with the new shelter", case=None, now=None):
    from owg.models import AddedItem

    return AddedItem.objects.create(title=title, case=case, added_by=by, added_at=now or timezone.now())


def decision(*, meeting_of=None, by, action="", action_by=None, outcome="continue", case=None, now=None):
    """A decision on an item added by hand, with an optional follow-up for `action_by`."""
    from owg.models import Decision

    item = added_item(by=by, case=case)
    return Decision.objects.create(
        meeting=meeting_of or meeting(members=[by]),
        section=Decision.Section.ADDED,
        subject=f"item:{item.public_id}",
        title=item.title,
        case=case,
        outcome=outcome,
        proposed_by=by,
        rationale="Agreed.",
        action=action,
        action_by=action_by,
        recorded_by=by,
        recorded_at=now or timezone.now(),
    )


def criminal_case(*, participant=None, office=None, defender=None, by=None, now=None, **kw):
    from owg.models import CriminalCase

    office = office or AgencyFactory(kind=Agency.Kind.PROSECUTOR)
    participant = participant or arrest_referral().participant
    return CriminalCase.objects.create(
        participant=participant,
        office=office,
        defender=defender,
        court="Harbor County District Court",
        case_number=kw.pop("case_number", "24-CR-0113"),
        charge=kw.pop("charge", "Theft in the third degree"),
        created_by=by or UserFactory(agency=office, roles=[Role.PROSECUTOR]),
        created_at=now or timezone.now(),
        **kw,
    )


def charge_filing(*, office=None, case=None):
    """The OWG referred a case's original charge for filing with `office`."""
    from owg.models import ChargeFiling

    case = case or open_case()
    director = UserFactory(roles=[Role.DIRECTOR])
    made = decision(by=director, outcome="file", case=case)
    return ChargeFiling.objects.create(
        decision=made, case=case, office=office or AgencyFactory(kind=Agency.Kind.PROSECUTOR)
    )


# Outreach and education ---------------------------------------------------------------------------


def outreach_assignment(case=None, *, specialist=None, by=None):
    """`specialist` (a new outreach specialist by default) is asked to find the person of `case`."""
    from outreach.services import engagement as outreach_services

    case = case or open_case()
    specialist = specialist or UserFactory(agency=case.provider, roles=[Role.OUTREACH])
    return outreach_services.assignment_start(
        case=case, specialist=specialist, by=by or case.case_manager, reason="", now=timezone.now()
    )


def clt_member(**kw):
    from outreach.models import CLTMember

    return CLTMember.objects.create(
        **(
            {
                "name": "Rosa Jimenez",
                "experience": ["homelessness"],
                "listed": True,
                "term_starts": datetime.date(2026, 1, 1),
            }
            | kw
        )
    )


def activity(*, by, **kw):
    from outreach.models import Activity

    return Activity.objects.create(
        **(
            {
                "kind": "forum",
                "held_on": timezone.localdate(),
                "title": "LEAD at the library",
                "people": 30,
                "recorded_by": by,
                "recorded_at": timezone.now(),
            }
            | kw
        )
    )


def feedback(*, by, **kw):
    from outreach.models import Feedback

    return Feedback.objects.create(
        **(
            {
                "received_on": timezone.localdate(),
                "place": "Community forum",
                "topic": "fairness",
                "said": "Who decides who is diverted?",
                "recorded_by": by,
                "recorded_at": timezone.now(),
            }
            | kw
        )
    )


def monthly_report(*, by, submitted=False, month=None):
    from outreach.models import MonthlyReport

    return MonthlyReport.objects.create(
        month=month or timezone.localdate().replace(day=1),
        body="Two forums; feedback on fairness.",
        drafted_by=by,
        status="submitted" if submitted else "draft",
        submitted_by=by if submitted else None,
        submitted_at=timezone.now() if submitted else None,
    )


def training_session(*, by, topic="lead", attendees=()):
    from outreach.models import TrainingAttendance, TrainingSession

    session = TrainingSession.objects.create(
        topic=topic, held_on=timezone.localdate(), place="Precinct 2", created_by=by
    )
    for officer in attendees:
        TrainingAttendance.objects.create(session=session, officer=officer, recorded_by=by)
    return session


def coverage(*, provider=None, covering=None, covered=None, by=None, now=None, days=14, reason="Annual leave"):
    """`covering` covers `covered`'s caseload at `provider` from now for `days` days."""
    from cases.models import Coverage

    now = now or timezone.now()
    provider = provider or (covered.agency if covered else AgencyFactory(kind=Agency.Kind.SERVICE_PROVIDER))
    covering = covering or UserFactory(agency=provider, roles=[Role.CASE_MANAGER])
    covered = covered or UserFactory(agency=provider, roles=[Role.CASE_MANAGER])
    by = by or UserFactory(agency=provider, roles=[Role.CASE_MANAGER], is_supervisor=True)
    return Coverage.objects.create(
        provider=provider,
        covering=covering,
        covered=covered,
        starts_at=now,
        ends_at=now + datetime.timedelta(days=days),
        reason=reason,
        granted_at=now,
        granted_by=by,
    )


def break_glass(case, *, by, now=None, reason="The participant is missing and the family called."):
    from cases.models import BREAK_GLASS_WINDOW, BreakGlass

    now = now or timezone.now()
    return BreakGlass.objects.create(
        case=case, opened_by=by, reason=reason, opened_at=now, expires_at=now + BREAK_GLASS_WINDOW
    )
