"""Objects named in URLs, for the permission matrix: how to make one within a persona's scope,
one outside it (another agency's; for criteria, a draft), and the URL arguments of each. Later
features add their kinds."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from cases.models import OnCallShift
from eligibility.models import CriteriaSet
from lead.agencies.models import Agency
from lead.roles import Role
from tests.factories import (
    AgencyFactory,
    CriteriaSetFactory,
    NotificationFactory,
    ScreeningFactory,
    UserFactory,
    activity,
    added_item,
    arrest_referral,
    break_glass,
    charge_filing,
    clt_member,
    coverage,
    criminal_case,
    decision,
    draft_version,
    feedback,
    meeting,
    monthly_report,
    on_call,
    open_case,
    outreach_assignment,
    release_of_information,
    social_referral,
    training_session,
)


@dataclass(frozen=True)
class ObjectKind:
    own: Callable  # (persona) -> object within the persona's scope
    other: Callable  # () -> object outside it: only the `everywhere` roles may see it
    kwargs: Callable  # (object) -> URL kwargs
    missing_kwargs: Callable  # () -> URL kwargs of an object that does not exist
    # Whether the scope is an agency's: then an officer of an unrelated agency gets 404.
    agency_scoped: bool = True
    # The roles that see `other` too (docs/access-policy.md), of those a URL of the kind lets in:
    # what the matrix expects of the kind's scoped lookup, declared here and not read from the
    # code under test.
    everywhere: frozenset = frozenset()


DIRECTOR = frozenset({Role.DIRECTOR})


def own_screening(persona):
    """A screening of the persona's agency; for a prosecutor, of an agency their office prosecutes for."""
    if persona.agency.kind == Agency.Kind.PROSECUTOR:
        return ScreeningFactory(agency=AgencyFactory(prosecuting_office=persona.agency))
    return ScreeningFactory(agency=persona.agency)


def own_referral(persona):
    """A referral in the persona's scope: the case manager was on call for it, the prosecutor's
    office holds its pre-booking file, the officer's agency made it, anyone else referred it."""
    roles = persona.roles
    if Role.CASE_MANAGER in roles:
        on_call(persona)
        return arrest_referral()
    if Role.PROSECUTOR in roles:
        police = AgencyFactory(prosecuting_office=persona.agency, diversion_stage=Agency.DiversionStage.PRE_BOOKING)
        return arrest_referral(agency=police)
    if Role.OFFICER in roles:
        return arrest_referral(agency=persona.agency)
    return social_referral(by=persona)


def other_referral():
    """Another agency's referral, asked of another case manager."""
    on_call(UserFactory(roles=[Role.CASE_MANAGER]))
    return arrest_referral()


def own_case(persona):
    return (
        open_case(other_referral(), case_manager=persona)
        if Role.CASE_MANAGER in persona.roles
        else open_case(other_referral())
    )


def supervised_provider(persona):
    """The provider whose coverage the persona manages: a case manager's own, as its supervisor;
    for the director, any provider."""
    if Role.CASE_MANAGER in persona.roles:
        persona.is_supervisor = True
        persona.save()
        return persona.agency
    return AgencyFactory(kind=Agency.Kind.SERVICE_PROVIDER)


def own_break_glass(persona):
    """A case the director opened by break-glass a minute ago; for anyone else, a plain case."""
    case = open_case(other_referral())
    if Role.DIRECTOR in persona.roles:
        break_glass(case, by=persona)
    return case


def version_kwargs(version):
    return {"slug": version.criteria_set.slug, "number": version.number}


OBJECT_KINDS = {
    "agency": ObjectKind(
        own=lambda persona: persona.agency,
        other=lambda: AgencyFactory(),
        kwargs=lambda agency: {"public_id": agency.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        everywhere=frozenset({Role.DIRECTOR, Role.SITE_ADMIN}),
    ),
    "screening": ObjectKind(
        own=own_screening,
        other=lambda: ScreeningFactory(),
        kwargs=lambda screening: {"public_id": screening.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        everywhere=DIRECTOR,
    ),
    # Approved versions are everyone's; drafts only the director's and the PCG's.
    "criteria_version": ObjectKind(
        own=lambda persona: CriteriaSet.objects.get(slug="example-1").versions.get(number=1),
        other=draft_version,
        kwargs=version_kwargs,
        missing_kwargs=lambda: {"slug": "example-1", "number": 99},
        agency_scoped=False,
        everywhere=frozenset({Role.DIRECTOR, Role.PCG}),
    ),
    "criteria_draft": ObjectKind(
        own=lambda persona: draft_version(),
        other=draft_version,
        kwargs=version_kwargs,
        missing_kwargs=lambda: {"slug": "example-1", "number": 99},
        agency_scoped=False,
        everywhere=frozenset({Role.DIRECTOR, Role.PCG}),
    ),
    "criteria_set": ObjectKind(
        own=lambda persona: CriteriaSetFactory(),
        other=lambda: CriteriaSetFactory(),
        kwargs=lambda criteria_set: {"slug": criteria_set.slug},
        missing_kwargs=lambda: {"slug": "no-such-set"},
        agency_scoped=False,
        everywhere=DIRECTOR,
    ),
    # Scoped to one user, not an agency: "other" is someone else's, which nobody may open.
    "notification": ObjectKind(
        own=lambda persona: NotificationFactory(user=persona),
        other=lambda: NotificationFactory(user=UserFactory()),
        kwargs=lambda notification: {"public_id": notification.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        agency_scoped=False,
    ),
    "referral": ObjectKind(
        own=own_referral,
        other=other_referral,
        kwargs=lambda referral: {"public_id": referral.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        everywhere=DIRECTOR,
    ),
    "case": ObjectKind(
        own=own_case,
        other=lambda: open_case(other_referral()),
        kwargs=lambda case: {"public_id": case.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        everywhere=DIRECTOR,
    ),
    # A case's clinical record: the case manager's own case; "other" another provider's case,
    # which nobody else opens (the director only by break-glass, another URL).
    "clinical_case": ObjectKind(
        own=own_case,
        other=lambda: open_case(other_referral()),
        kwargs=lambda case: {"public_id": case.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
    ),
    # Releases of information: of a case assigned to the case manager; "other" is on another
    # provider's case, which only its own case manager and supervisor may open.
    "roi": ObjectKind(
        own=lambda persona: release_of_information(own_case(persona)),
        other=lambda: release_of_information(open_case(other_referral())),
        kwargs=lambda release: {"public_id": release.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
    ),
    # Coverage is managed per provider: by its supervisor, or the director for every provider.
    "provider": ObjectKind(
        own=supervised_provider,
        other=lambda: AgencyFactory(kind=Agency.Kind.SERVICE_PROVIDER),
        kwargs=lambda agency: {"public_id": agency.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        everywhere=DIRECTOR,
    ),
    "coverage": ObjectKind(
        own=lambda persona: coverage(provider=supervised_provider(persona)),
        other=lambda: coverage(),
        kwargs=lambda c: {"public_id": c.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        everywhere=DIRECTOR,
    ),
    # The emergency record: "own" is a case the director opened by break-glass; "other" a case
    # nobody opened, which answers 404 even to the director.
    "break_glass": ObjectKind(
        own=own_break_glass,
        other=lambda: open_case(other_referral()),
        kwargs=lambda case: {"public_id": case.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        agency_scoped=False,
    ),
    # The roster is the director's alone.
    "shift": ObjectKind(
        own=lambda persona: on_call(UserFactory(roles=[Role.CASE_MANAGER])),
        other=lambda: on_call(UserFactory(roles=[Role.CASE_MANAGER])),
        kwargs=lambda shift: {"pk": shift.pk},
        missing_kwargs=lambda: {
            "pk": (OnCallShift.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
        },
        agency_scoped=False,
        everywhere=DIRECTOR,
    ),
    # OWG meetings: "own" is one the persona is invited to and records; "other" one they are not invited to.
    "meeting": ObjectKind(
        own=lambda persona: meeting(members=[persona], recorder=persona),
        other=lambda: meeting(),
        kwargs=lambda m: {"public_id": m.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        everywhere=DIRECTOR,
    ),
    # An item of a meeting's agenda: one added by hand.
    "agenda_item": ObjectKind(
        own=lambda persona: (meeting(members=[persona], recorder=persona), added_item(by=persona)),
        other=lambda: (meeting(), added_item(by=UserFactory(roles=[Role.DIRECTOR]))),
        kwargs=lambda pair: {"public_id": pair[0].public_id, "section": 7, "subject_id": pair[1].public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4(), "section": 7, "subject_id": uuid.uuid4()},
        everywhere=DIRECTOR,
    ),
    # A follow-up the OWG gave the persona; "other" is someone else's.
    "owg_action": ObjectKind(
        own=lambda persona: decision(by=persona, action="Call the shelter", action_by=persona),
        other=lambda: decision(
            by=UserFactory(roles=[Role.DIRECTOR]), action="Call the shelter", action_by=UserFactory()
        ),
        kwargs=lambda d: {"public_id": d.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        agency_scoped=False,
    ),
    # Criminal cases: the prosecutor's office's, the defender's clients'; "other" another office's.
    "criminal_case": ObjectKind(
        own=lambda persona: criminal_case(
            office=persona.agency if Role.PROSECUTOR in persona.roles else None,
            defender=persona if Role.DEFENDER in persona.roles else None,
        ),
        other=lambda: criminal_case(),
        kwargs=lambda c: {"public_id": c.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        everywhere=DIRECTOR,
    ),
    "filing": ObjectKind(
        own=lambda persona: charge_filing(office=persona.agency),
        other=lambda: charge_filing(),
        kwargs=lambda f: {"public_id": f.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
    ),
    # A table of a report: the report the persona's role reads; "other" is no report anyone reads.
    "report_table": ObjectKind(
        own=lambda persona: report_of(persona),
        other=lambda: ("nobodys", "screenings"),
        kwargs=lambda pair: {"report": pair[0], "table": pair[1]},
        missing_kwargs=lambda: {"report": "director", "table": "no-such-table"},
        agency_scoped=False,
    ),
    # The records behind a figure of the director's report: every list is the director's.
    "report_records": ObjectKind(
        own=lambda persona: "screenings-all",
        other=lambda: "cases-opened",
        kwargs=lambda key: {"records": key},
        missing_kwargs=lambda: {"records": "no-such-list"},
        agency_scoped=False,
        everywhere=DIRECTOR,
    ),
    # A participant the outreach specialist is assigned to find; "other" is someone else's.
    "engaged_case": ObjectKind(
        own=lambda persona: outreach_assignment(specialist=persona if Role.OUTREACH in persona.roles else None).case,
        other=lambda: outreach_assignment().case,
        kwargs=lambda case: {"public_id": case.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        agency_scoped=False,
    ),
    # Community engagement records: the coordinator's and the director's, all of them.
    "clt_member": ObjectKind(
        own=lambda persona: clt_member(),
        other=lambda: clt_member(name="Another Member"),
        kwargs=lambda m: {"public_id": m.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        agency_scoped=False,
        everywhere=frozenset({Role.COORDINATOR, Role.DIRECTOR}),
    ),
    "activity": ObjectKind(
        own=lambda persona: activity(by=persona),
        other=lambda: activity(by=UserFactory(roles=[Role.COORDINATOR])),
        kwargs=lambda a: {"public_id": a.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        agency_scoped=False,
        everywhere=frozenset({Role.COORDINATOR, Role.DIRECTOR}),
    ),
    "feedback": ObjectKind(
        own=lambda persona: feedback(by=persona),
        other=lambda: feedback(by=UserFactory(roles=[Role.COORDINATOR])),
        kwargs=lambda f: {"public_id": f.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        agency_scoped=False,
        everywhere=frozenset({Role.COORDINATOR, Role.DIRECTOR}),
    ),
    # Monthly reports: the PCG reads submitted ones; "other" is a draft.
    "monthly_report": ObjectKind(
        own=lambda persona: monthly_report(by=persona, submitted=True, month=next_month()),
        other=lambda: monthly_report(by=UserFactory(roles=[Role.COORDINATOR]), month=next_month()),
        kwargs=lambda r: {"public_id": r.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        agency_scoped=False,
        everywhere=frozenset({Role.COORDINATOR, Role.DIRECTOR}),
    ),
    # Every request is the director's and the administrators' to see (not agency-scoped).
    "access_request": ObjectKind(
        own=lambda persona: access_request(),
        other=lambda: access_request(),
        kwargs=lambda r: {"public_id": r.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        agency_scoped=False,
        everywhere=frozenset({Role.DIRECTOR, Role.SITE_ADMIN}),
    ),
    "training": ObjectKind(
        own=lambda persona: training_session(by=persona),
        other=lambda: training_session(by=UserFactory(roles=[Role.DIRECTOR])),
        kwargs=lambda t: {"public_id": t.public_id},
        missing_kwargs=lambda: {"public_id": uuid.uuid4()},
        agency_scoped=False,
        everywhere=DIRECTOR,
    ),
}


def access_request():
    """A role grant one administrator asked for, about another user: personas may decide it."""
    from django.utils import timezone

    from lead.users.models import AccessRequest

    return AccessRequest.objects.create(
        user=UserFactory(),
        kind=AccessRequest.Kind.ROLE,
        role=Role.OFFICER.value,
        requested_by=UserFactory(roles=[Role.SITE_ADMIN]),
        requested_at=timezone.now(),
    )


def next_month():
    """A month no monthly report has yet (one report per month)."""
    import datetime

    from outreach.models import MonthlyReport

    latest = MonthlyReport.objects.order_by("-month").values_list("month", flat=True).first() or datetime.date(
        2020, 1, 1
    )
    return (latest + datetime.timedelta(days=32)).replace(day=1)


def report_of(persona) -> tuple[str, str]:
    if Role.DIRECTOR in persona.roles:
        return "director", "screenings"
    if Role.CASE_MANAGER in persona.roles:
        return "caseload", "today"
    return "pcg", "screenings"
