"""Demo referrals in every state, for both pre-arrest (sheriff's office) and pre-booking (Harbor
City police) agencies, an on-call roster, and cases in every status. Referrals go through the
services, with times in the past few days; the case records of `seed_case_work` are written
directly (the step services take uploaded files and form input), with the same history user.
Runs once: a second run finds referrals and leaves everything as it is."""

from datetime import timedelta

from django.utils import timezone

from cases.lifecycle import case_status_refresh
from cases.models import (
    ActionStep,
    Appointment,
    Assessment,
    Case,
    ChargingHold,
    Consent,
    Goal,
    InitialScreening,
    Referral,
    ReleaseOfInformation,
    ServicePlan,
)
from cases.services import casefile as casefile_services
from cases.services import referrals as services
from cases.services.cover import coverage_grant
from eligibility import services as eligibility_services
from eligibility.demo import ELIGIBLE
from eligibility.models import CriteriaVersion
from lead.services import acting


def seed(*, users, now) -> None:
    if Referral.objects.exists():
        return
    dana, marcus, director = users["casemanager"], users["casemanager2"], users["director"]
    # Dana has been on call this week until tonight; Marcus takes tomorrow's day shift.
    services.shift_add(
        case_manager=dana,
        starts_at=now - timedelta(days=4),
        ends_at=now + timedelta(hours=10),
        phone=dana.phone,
        by=director,
    )
    tomorrow = now.replace(hour=16, minute=0, second=0, microsecond=0) + timedelta(days=1)
    services.shift_add(
        case_manager=marcus, starts_at=tomorrow, ends_at=tomorrow + timedelta(hours=12), phone=marcus.phone, by=director
    )

    officer, deputy = users["officer"], users["deputy"]
    _diverted(officer, users, "26-004410", ("Jordan", "Reyes", "J-Ray", "1990-05-17"), now - timedelta(minutes=12))
    handed = _diverted(officer, users, "26-004366", ("Alex", "Morgan", "", "1984-02-09"), now - timedelta(days=3))
    services.handoff_accept(
        referral=handed,
        case_manager=dana,
        meeting_place_kind="station",
        meeting_place="Harbor City PD, Precinct 2",
        now=handed.created_at + timedelta(minutes=9),
    )
    services.handoff_record(
        referral=handed,
        at=handed.created_at + timedelta(minutes=26),
        by=officer,
        now=handed.created_at + timedelta(hours=1),
    )
    services.intake_submit(
        referral=handed,
        by=officer,
        now=handed.created_at + timedelta(minutes=50),
        details={
            "phone": "",
            "email": "",
            "contact_notes": "Stays at the Fifth Street shelter; mornings at the day center.",
            "race": ["white"],
            "ethnicity": "hispanic",
            "gender": "man",
        },
        intake={
            "incident_at": handed.created_at - timedelta(minutes=30),
            "incident_location": "Harbor Market, 200 Main St",
            "offense": "Petit larceny",
            "overview": "Took food and toiletries; cooperative; asked about shelter.",
            "crime_report_number": "26-CR-0913",
        },
    )

    released = _diverted(officer, users, "26-004120", ("Chris", "Nguyen", "", "1979-11-30"), now - timedelta(days=8))
    services.handoff_accept(
        referral=released,
        case_manager=marcus,
        meeting_place_kind="field",
        meeting_place="Riverside Park, north entrance",
        now=released.created_at + timedelta(minutes=20),
    )
    services.charging_decide(
        hold=ChargingHold.objects.get(referral=released),
        by=users["prosecutor"],
        status=ChargingHold.Status.DECLINED,
        reason="Engaged with the case manager; no charges filed.",
        now=released.created_at + timedelta(days=5),
    )

    pre_arrest = _diverted(deputy, users, "26-S-0077", ("Taylor", "Brooks", "", "1995-07-04"), now - timedelta(hours=5))
    services.handoff_accept(
        referral=pre_arrest,
        case_manager=dana,
        meeting_place_kind="field",
        meeting_place="County Road 9 and Elm",
        now=pre_arrest.created_at + timedelta(minutes=15),
    )
    services.intake_draft_save(
        referral=pre_arrest,
        by=deputy,
        now=pre_arrest.created_at + timedelta(minutes=40),
        data={"contact_notes": "Lives in a car near the fairgrounds", "race": ["black"]},
    )

    declined_person = _screened(officer, users, "26-004401", now - timedelta(days=1))
    services.diversion_decline(screening=declined_person, officer=officer, now=now - timedelta(days=1, minutes=-5))

    for by, names, then in (
        (users["defender"], ("Robin", "Ellis", "", None), None),
        (officer, ("Casey", "Park", "", "1988-03-22"), "approve"),
        (dana, ("Morgan", "Diaz", "", None), "decline"),
        (users["prosecutor"], ("Jamie", "Fox", "", None), "withdraw"),
    ):
        when = now - timedelta(days=2)
        referral = services.social_referral_create(
            by=by,
            participant=None,
            identity=_identity(names),
            now=when,
            reason="No new offense; well known to patrol downtown and asked for help.",
            known_needs="Shelter; replacement ID; wants to talk about treatment.",
        )
        if then == "approve":
            services.social_referral_approve(
                referral=referral,
                by=director,
                case_manager=marcus,
                now=when + timedelta(days=1),
                outreach_plan="Officer Alvarez and Marcus meet Casey at the day center on Monday morning.",
            )
        elif then == "decline":
            services.social_referral_decline(
                referral=referral,
                by=director,
                now=when + timedelta(days=1),
                reason="Already served by the county's outreach team.",
            )
        elif then == "withdraw":
            services.referral_withdraw(referral=referral, by=by, now=when + timedelta(hours=3))


def _identity(names) -> dict:
    from datetime import date

    first, last, aliases, born = names
    return {
        "first_name": first,
        "last_name": last,
        "aliases": aliases,
        "date_of_birth": date.fromisoformat(born) if born else None,
    }


def _screened(officer, users, report_number, at):
    """An eligible screening, confirmed by the prosecutor where the agency diverts pre-booking."""
    version = CriteriaVersion.objects.get(criteria_set=officer.agency.criteria_set, status="approved", number=1)
    facts = ELIGIBLE if version.offense_rule == "need_related_minor_offense" else _example_2(ELIGIBLE)
    screening = eligibility_services.screening_create(
        officer=officer, version=version, report_number=report_number, facts=facts, now=at
    )
    if screening.status == "awaiting_prosecutor":
        screening = eligibility_services.screening_prosecutor_decide(
            screening=screening,
            prosecutor=users["prosecutor"],
            decision="confirmed",
            reason="Meets the criteria.",
            now=at + timedelta(minutes=5),
        )
    return screening


def _example_2(facts: dict) -> dict:
    unused = ("offense_type", "offense_need_related", "need_history", "victim")
    return {k: v for k, v in facts.items() if k not in unused} | {
        "offense_drug_related": True,
        "offense_prostitution_related": False,
    }


def _diverted(officer, users, report_number, names, at):
    screening = _screened(officer, users, report_number, at - timedelta(minutes=10))
    return services.diversion_accept(
        screening=screening, officer=officer, participant=None, identity=_identity(names), now=at
    )


# A 1×1 PNG: the demo's drawn signatures.
SIGNATURE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def seed_case_work(*, users, now) -> None:
    """Move the demo's cases along so that every case status shows, with and without a valid
    release of information, an overdue assessment and a person in the wind."""
    if Case.objects.exclude(status=Case.Status.REFERRED).exists():
        return
    dana, marcus, officer = users["casemanager"], users["casemanager2"], users["officer"]
    by_name = {c.participant.full_name: c for c in Case.objects.select_related("participant")}
    # Alex: screened, consented, assessment tomorrow (scheduled).
    alex = by_name["Alex Morgan"]
    _screen(alex, dana, now - timedelta(days=3, hours=-1))
    _consent(alex, dana, now - timedelta(days=3, hours=-1))
    _appointment(alex, dana, now + timedelta(days=1), now - timedelta(days=3))
    # Casey (social contact referral): screened only.
    _screen(by_name["Casey Park"], marcus, now - timedelta(days=1))
    # Chris: assessed, ISP active, valid release, reached last week, a summary for the OWG written
    # since its last meeting (so the next agenda has Chris's update in full).
    chris = by_name["Chris Nguyen"]
    _screen(chris, marcus, now - timedelta(days=8))
    _consent(chris, marcus, now - timedelta(days=8))
    _appointment(chris, marcus, now - timedelta(days=7), now - timedelta(days=8))
    _release(chris, marcus, now - timedelta(days=7))
    _assessment(chris, marcus, now - timedelta(days=7))
    _plan(chris, marcus, now - timedelta(days=6))
    _contact(chris, marcus, now - timedelta(days=5), reached=True)
    _summary(chris, marcus, now - timedelta(hours=2))
    # More people: consented; assessed with a revoked release; overdue; three near-duplicate names;
    # in the wind and closed.
    for report_number, names, at, steps in (
        ("26-004380", ("Riley", "Chen", "", "1992-09-14"), now - timedelta(days=2), ("screen", "consent")),
        (
            "26-004011",
            ("Jesse", "Morales", "", "1987-01-03"),
            now - timedelta(days=20),
            ("screen", "consent", "appointment", "revoked", "assessment"),
        ),
        ("26-003790", ("Drew", "Kim", "", "1990-12-12"), now - timedelta(days=35), ("screen",)),
        # Near-duplicate names for the search (docs/search.md): an accent and an alias, the same
        # name with another date of birth, and a misspelling of it.
        ("26-004233", ("Linh", "Nguyễn", "Lynn Win", "1984-03-07"), now - timedelta(days=4), ("screen", "consent")),
        ("26-004198", ("Linh", "Nguyen", "", "1991-06-02"), now - timedelta(days=5), ("screen",)),
        ("26-004187", ("Minh", "Ngyuen", "", "1979-11-30"), now - timedelta(days=6), ("screen",)),
        (
            "26-003302",
            ("Pat", "Quinn", "", "1975-04-21"),
            now - timedelta(days=60),
            ("screen", "consent", "appointment", "assessment", "plan", "close"),
        ),
    ):
        referral = _diverted(officer, users, report_number, names, at)
        case = services.handoff_accept(
            referral=referral,
            case_manager=dana,
            meeting_place_kind="station",
            meeting_place="Harbor City PD, Precinct 2",
            now=at + timedelta(minutes=20),
        )
        for step in steps:
            _STEPS[step](case, dana, at + timedelta(days=1))
    # Marcus covers Dana's caseload during her leave next week (access-policy.md "Coverage"). It
    # starts later so that, today, Marcus still sees Dana's cases without their clinical record.
    leave = timezone.localdate(now) + timedelta(days=7)
    coverage_grant(
        provider=dana.agency,
        covering=marcus,
        covered=dana,
        starts_on=leave,
        ends_on=leave + timedelta(days=4),
        reason="Dana's annual leave",
        by=users["director"],
        now=now,
    )


def _save(record, by):
    record.full_clean()
    acting(record, by).save()
    return record


def _refresh(case, by):
    case_status_refresh(case, by=by)


def _screen(case, by, at):
    _save(
        InitialScreening(
            case=case,
            basic_information="Met at the station; knows the program from a friend.",
            shelter_needed=True,
            shelter_action="Bed at the Fifth Street shelter tonight.",
            clothing_needed=False,
            food_needed=True,
            food_action="Meal voucher.",
            screened_at=at,
            screened_by=by,
        ),
        by,
    )
    _refresh(case, by)


def _consent(case, by, at):
    from django.core.files.base import ContentFile

    _save(
        Consent(
            case=case,
            signed_on=at.date(),
            signature_kind="drawn",
            signature=ContentFile(SIGNATURE_PNG, name="consent.png"),
            witness=by,
            recorded_at=at,
        ),
        by,
    )
    _refresh(case, by)


def _appointment(case, by, starts_at, set_at):
    _save(
        Appointment(case=case, starts_at=starts_at, place="Bridgeway office, 12 Harbor St", set_at=set_at, set_by=by),
        by,
    )
    _refresh(case, by)


def _release(case, by, at, revoked=False):
    from django.core.files.base import ContentFile

    roi = _save(
        ReleaseOfInformation(
            case=case,
            discloser=case.provider.name,
            information="Attendance, engagement and milestones in LEAD; no diagnosis or treatment details.",
            recipients="owg_members",
            purpose="Review of the participant's progress by the Operations Workgroup.",
            right_to_revoke_explained=True,
            expires_on=(at + timedelta(days=365)).date(),
            signed_on=at.date(),
            signature_kind="drawn",
            signature=ContentFile(SIGNATURE_PNG, name="roi.png"),
            recorded_at=at,
            recorded_by=by,
            revoked_at=at + timedelta(days=3) if revoked else None,
            revoked_by=by if revoked else None,
        ),
        by,
    )
    return roi


def _assessment(case, by, at):
    _save(
        Assessment(
            case=case,
            status="completed",
            substances=["alcohol"],
            in_substance_treatment=False,
            chemical_dependency="Drinks daily; interested in cutting down.",
            mental_health_concerns=False,
            in_mental_health_treatment=False,
            housing_status="shelter",
            housing="On the shelter's waiting list.",
            open_legal_cases=False,
            employment_status="unemployed",
            education_level="high_school",
            goals="A room of my own; get my ID back.",
            strengths="Reliable, good with people.",
            completed_at=at,
            completed_by=by,
        ),
        by,
    )
    _refresh(case, by)


def _plan(case, by, at):
    plan = _save(ServicePlan(case=case, status="active", activated_at=at), by)
    goal = _save(Goal(plan=plan, domain="housing", need="Stable housing", goal="Move into transitional housing"), by)
    _save(
        ActionStep(
            goal=goal,
            description="Apply for the Maple Street program",
            who="Participant with the case manager",
            due_on=(at + timedelta(days=14)).date(),
        ),
        by,
    )
    _refresh(case, by)


def _contact(case, by, at, reached):
    casefile_services.contact_record(
        case=case,
        by=by,
        kind="in_person",
        reached=reached,
        at=at,
        duration_minutes=30,
        place="Day center",
        outcome="Went over the housing application.",
        now=at,
    )


def _summary(case, by, at):
    casefile_services.summary_write(
        case=case,
        by=by,
        engagement="engaged",
        note="Keeps appointments; housing application filed.",
        now=at,
        housing_status="transitional",
        employment_status="part_time",
    )


def _close(case, by, at):
    casefile_services.case_close(
        case=case,
        by=by,
        reason="isp_not_completed",
        note="Not reached since the plan started.",
        now=at + timedelta(days=40),
    )


_STEPS = {
    "screen": _screen,
    "consent": _consent,
    "appointment": lambda case, by, at: _appointment(case, by, at + timedelta(days=1), at),
    "assessment": _assessment,
    "plan": _plan,
    "revoked": lambda case, by, at: _release(case, by, at, revoked=True),
    "close": _close,
}
