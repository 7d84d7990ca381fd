"""Demo referrals in every state, for both pre-arrest (sheriff's office) and pre-booking (Harbor
City police) agencies, and an on-call roster. Made through the services, with times in the past
few days. Runs once: a second run finds referrals and leaves everything as it is."""

from datetime import timedelta

from cases import services
from cases.models import ChargingHold, Referral
from eligibility import services as eligibility_services
from eligibility.demo import ELIGIBLE
from eligibility.models import CriteriaVersion


def seed(*, users, now) -> None:
    if Referral.objects.exists():
        return
    dana, marcus, director = users["casemanager"], users["casemanager2"], users["director"]
    # Dana has been on call this week until tonight; Marcus takes tomorrow's day shift.
    services.shift_add(case_manager=dana, starts_at=now - timedelta(days=4), ends_at=now + timedelta(hours=10), phone=dana.phone, by=director)
    tomorrow = now.replace(hour=16, minute=0, second=0, microsecond=0) + timedelta(days=1)
    services.shift_add(case_manager=marcus, starts_at=tomorrow, ends_at=tomorrow + timedelta(hours=12), phone=marcus.phone, by=director)

    officer, deputy = users["officer"], users["deputy"]
    _diverted(officer, users, "26-004410", ("Jordan", "Reyes", "J-Ray", "1990-05-17"), now - timedelta(minutes=12))
    handed = _diverted(officer, users, "26-004366", ("Alex", "Morgan", "", "1984-02-09"), now - timedelta(days=3))
    services.handoff_accept(referral=handed, case_manager=dana, meeting_place_kind="station",
                                       meeting_place="Harbor City PD, Precinct 2", now=handed.created_at + timedelta(minutes=9))
    services.handoff_record(referral=handed, at=handed.created_at + timedelta(minutes=26), by=officer, now=handed.created_at + timedelta(hours=1))
    services.intake_submit(referral=handed, by=officer, now=handed.created_at + timedelta(minutes=50), details={
        "phone": "", "email": "", "contact_notes": "Stays at the Fifth Street shelter; mornings at the day center.",
        "race": ["white"], "ethnicity": "hispanic", "gender": "man",
    }, intake={
        "incident_at": handed.created_at - timedelta(minutes=30), "incident_location": "Harbor Market, 200 Main St",
        "offense": "Petit larceny", "overview": "Took food and toiletries; cooperative; asked about shelter.",
        "crime_report_number": "26-CR-0913",
    })

    released = _diverted(officer, users, "26-004120", ("Chris", "Nguyen", "", "1979-11-30"), now - timedelta(days=8))
    services.handoff_accept(referral=released, case_manager=marcus, meeting_place_kind="field",
                            meeting_place="Riverside Park, north entrance", now=released.created_at + timedelta(minutes=20))
    services.charging_decide(hold=ChargingHold.objects.get(referral=released), by=users["prosecutor"],
                             status=ChargingHold.Status.DECLINED, reason="Engaged with the case manager; no charges filed.",
                             now=released.created_at + timedelta(days=5))

    pre_arrest = _diverted(deputy, users, "26-S-0077", ("Taylor", "Brooks", "", "1995-07-04"), now - timedelta(hours=5))
    services.handoff_accept(referral=pre_arrest, case_manager=dana, meeting_place_kind="field",
                            meeting_place="County Road 9 and Elm", now=pre_arrest.created_at + timedelta(minutes=15))
    services.intake_draft_save(referral=pre_arrest, by=deputy, now=pre_arrest.created_at + timedelta(minutes=40),
                               data={"contact_notes": "Lives in a car near the fairgrounds", "race": ["black"]})

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
            by=by, participant=None, identity=_identity(names), now=when,
            reason="No new offense; well known to patrol downtown and asked for help.",
            known_needs="Shelter; replacement ID; wants to talk about treatment.",
        )
        if then == "approve":
            services.social_referral_approve(referral=referral, by=director, case_manager=marcus, now=when + timedelta(days=1),
                                             outreach_plan="Officer Alvarez and Marcus meet Casey at the day center on Monday morning.")
        elif then == "decline":
            services.social_referral_decline(referral=referral, by=director, now=when + timedelta(days=1),
                                             reason="Already served by the county's outreach team.")
        elif then == "withdraw":
            services.referral_withdraw(referral=referral, by=by, now=when + timedelta(hours=3))


def _identity(names) -> dict:
    from datetime import date

    first, last, aliases, born = names
    return {"first_name": first, "last_name": last, "aliases": aliases, "date_of_birth": date.fromisoformat(born) if born else None}


def _screened(officer, users, report_number, at):
    """An eligible screening, confirmed by the prosecutor where the agency diverts pre-booking."""
    version = CriteriaVersion.objects.get(criteria_set=officer.agency.criteria_set, status="approved", number=1)
    facts = ELIGIBLE if version.offense_rule == "need_related_minor_offense" else _example_2(ELIGIBLE)
    screening = eligibility_services.screening_create(officer=officer, version=version, report_number=report_number, facts=facts, now=at)
    if screening.status == "awaiting_prosecutor":
        screening = eligibility_services.screening_prosecutor_decide(
            screening=screening, prosecutor=users["prosecutor"], decision="confirmed", reason="Meets the criteria.", now=at + timedelta(minutes=5),
        )
    return screening


def _example_2(facts: dict) -> dict:
    unused = ("offense_type", "offense_need_related", "need_history", "victim")
    return {k: v for k, v in facts.items() if k not in unused} | {"offense_drug_related": True, "offense_prostitution_related": False}


def _diverted(officer, users, report_number, names, at):
    screening = _screened(officer, users, report_number, at - timedelta(minutes=10))
    return services.diversion_accept(screening=screening, officer=officer, participant=None, identity=_identity(names), now=at)


