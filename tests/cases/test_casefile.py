"""The case file: the case page's two faces, contacts and "in the wind", the progress summary the
OWG may see with a valid release of information, closing and the OWG referral, and the rule that
clinical content never reaches police, prosecutors, defenders, the PCG or the coordinator."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse

from cases.models import (
    CLINICAL_MODELS,
    Assessment,
    Consent,
    Contact,
    Determination,
    Goal,
    ReleaseOfInformation,
    ServicePlan,
)
from lead.roles import Role
from lead.system.models import SiteConfiguration
from tests.conftest import signed_in_client
from tests.factories import AgencyFactory, UserFactory, persona_case
from tests.helpers import clock_at, queries_to_get

NOW = datetime.datetime(2026, 11, 27, 18, 0, tzinfo=datetime.UTC)


clock = clock_at(NOW)


@pytest.fixture
def case(personas):
    """Dana's case of a person diverted by the officer's department, whose DA's office prosecutes."""
    return persona_case(personas, now=NOW - datetime.timedelta(days=3))


def contact(client, case, **fields):
    data = {
        "kind": "phone",
        "reached": "yes",
        "at": "2026-11-27T09:30",
        "duration_minutes": "10",
        "place": "",
        "outcome": "Talked about housing.",
    }
    return client.post(reverse("cases:case-contacts", args=[case.public_id]), data | fields)


def test_a_contact_that_reaches_the_person_resets_in_the_wind_and_an_attempt_does_not(personas, case):
    client = signed_in_client(personas[Role.CASE_MANAGER])
    contact(client, case, reached="no", at="2026-11-27T08:00")
    case.refresh_from_db()
    assert case.last_reached_at is None
    contact(client, case)
    case.refresh_from_db()
    assert case.last_reached_at == datetime.datetime(2026, 11, 27, 17, 30, tzinfo=datetime.UTC)
    assert Contact.objects.filter(case=case).count() == 2


def test_a_contact_in_the_future_is_refused_and_the_typed_outcome_kept(personas, case):
    page = contact(
        signed_in_client(personas[Role.CASE_MANAGER]), case, at="2026-11-28T09:30", outcome="Met at the library"
    ).content.decode()
    assert "A contact cannot be in the future." in page and "Met at the library</textarea>" in page
    assert not Contact.objects.exists()


def test_a_participant_not_reached_for_two_weeks_is_in_the_wind(personas, case, clock):
    # Opened three days before NOW, never reached: 13 days later it is not yet two weeks.
    clock.move_to(NOW + datetime.timedelta(days=10))
    client = signed_in_client(personas[Role.CASE_MANAGER])
    assert "In the wind" not in client.get(reverse("cases:case-detail", args=[case.public_id])).content.decode()
    clock.move_to(NOW + datetime.timedelta(days=12))
    client = signed_in_client(personas[Role.CASE_MANAGER])
    assert (
        "In the wind</span> Not reached since"
        in client.get(reverse("cases:case-detail", args=[case.public_id])).content.decode()
    )
    assert "In the wind</span> <a" in client.get(reverse("home")).content.decode()


def test_an_assessment_past_its_due_date_is_flagged_overdue(personas, case, clock):
    clock.move_to(datetime.datetime(2026, 12, 25, 8, 0, tzinfo=datetime.UTC))  # Dec 25, 00:00 site time: the day after
    page = (
        signed_in_client(personas[Role.CASE_MANAGER])
        .get(reverse("cases:case-detail", args=[case.public_id]))
        .content.decode()
    )
    assert "Overdue</span> The assessment was due by the end of Dec 24, 2026." in page


def release(case, **fields):
    values = {
        "case": case,
        "discloser": "Bridgeway",
        "information": "Attendance and milestones",
        "recipients": "owg_members",
        "purpose": "OWG case review",
        "right_to_revoke_explained": True,
        "expires_on": datetime.date(2027, 6, 1),
        "signed_on": datetime.date(2026, 11, 26),
        "signature_kind": "uploaded",
        "signature": ContentFile(b"%PDF-1.4", name="roi.pdf"),
        "recorded_at": NOW,
        "recorded_by": case.case_manager,
    }
    return ReleaseOfInformation.objects.create(**(values | fields))


def test_the_owg_sees_the_progress_summary_only_while_a_release_is_valid(personas, case):
    signed_in_client(personas[Role.CASE_MANAGER]).post(
        reverse("cases:case-summary", args=[case.public_id]),
        {"engagement": "engaged", "note": "Comes to every appointment."},
    )
    url = reverse("cases:referral-detail", args=[case.referral.public_id])
    officer = signed_in_client(personas[Role.OFFICER])
    assert "Comes to every appointment." not in officer.get(url).content.decode()
    roi = release(case)
    assert "Engaged, Nov 27, 2026: Comes to every appointment." in officer.get(url).content.decode()
    assert "Comes to every appointment." in signed_in_client(personas[Role.PROSECUTOR]).get(url).content.decode()
    roi.revoked_at = NOW
    roi.save()
    assert "Comes to every appointment." not in officer.get(url).content.decode()


def test_closing_when_the_isp_was_not_completed_refers_the_case_to_the_owg(personas, case):
    client = signed_in_client(personas[Role.CASE_MANAGER])
    client.post(
        reverse("cases:case-close", args=[case.public_id]),
        {"reason": "isp_not_completed", "note": "No contact since October.", "confirmed": "yes"},
    )
    case.refresh_from_db()
    assert (case.status, case.closed_reason, case.closed_at) == ("closed", "isp_not_completed", NOW)
    determination = Determination.objects.get()
    assert (determination.case, determination.kind, determination.status) == (case, "isp_not_completed", "pending")
    response = client.post(
        reverse("cases:case-close", args=[case.public_id]), {"reason": "completed", "confirmed": "yes"}, follow=True
    )
    assert "The case is already closed." in response.content.decode()
    assert Determination.objects.count() == 1


def test_closing_a_case_first_says_what_will_happen_and_changes_nothing(personas, case):
    release(case, expires_on=None, expiry_event="When I leave LEAD")
    client = signed_in_client(personas[Role.CASE_MANAGER])
    url = reverse("cases:case-close", args=[case.public_id])
    response = client.post(url, {"reason": "isp_not_completed", "note": "No contact since October."})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Yes, close the case" in page and "Operations Workgroup, which decides on the original charge" in page
    assert "Releases of information that last while the participant is in LEAD end now (1)" in page
    assert 'value="No contact since October."' in page
    case.refresh_from_db()
    assert case.is_open and not Determination.objects.exists()
    back = client.post(url, {"reason": "isp_not_completed", "note": "No contact since October.", "confirmed": "no"})
    assert "No contact since October." in back.content.decode() and "Yes, close the case" not in back.content.decode()
    case.refresh_from_db()
    assert case.is_open


def test_closing_needs_a_reason(personas, case):
    page = (
        signed_in_client(personas[Role.CASE_MANAGER])
        .post(reverse("cases:case-close", args=[case.public_id]), {})
        .content.decode()
    )
    assert "Choose why the case is closing." in page
    case.refresh_from_db()
    assert case.closed_at is None


def test_the_director_sees_the_case_status_but_no_clinical_record(personas, case):
    plan = ServicePlan.objects.create(case=case)
    Goal.objects.create(plan=plan, domain="housing", need="A bed", goal="Move into the Maple Street shelter")
    mine = (
        signed_in_client(personas[Role.CASE_MANAGER])
        .get(reverse("cases:case-detail", args=[case.public_id]))
        .content.decode()
    )
    assert "Move into the Maple Street shelter" in mine and "Record the initial screening" in mine
    director = (
        signed_in_client(personas[Role.DIRECTOR])
        .get(reverse("cases:case-detail", args=[case.public_id]))
        .content.decode()
    )
    assert "Milestones" in director and "Move into the Maple Street shelter" not in director
    assert reverse("cases:case-plan", args=[case.public_id]) not in director


def test_a_case_manager_of_another_provider_cannot_open_the_case(case):
    stranger = UserFactory(agency=AgencyFactory(kind="service_provider"), roles=[Role.CASE_MANAGER])
    client = signed_in_client(stranger)
    assert client.get(reverse("cases:case-detail", args=[case.public_id])).status_code == 404
    assert client.get(reverse("cases:case-contacts", args=[case.public_id])).status_code == 404


def test_a_colleague_at_the_same_provider_sees_the_status_and_the_supervisor_the_record(personas, case):
    colleague = UserFactory(agency=case.provider, roles=[Role.CASE_MANAGER])
    supervisor = UserFactory(agency=case.provider, roles=[Role.CASE_MANAGER], is_supervisor=True)
    assert signed_in_client(colleague).get(reverse("cases:case-detail", args=[case.public_id])).status_code == 200
    assert signed_in_client(colleague).get(reverse("cases:case-contacts", args=[case.public_id])).status_code == 404
    assert signed_in_client(supervisor).get(reverse("cases:case-contacts", args=[case.public_id])).status_code == 200


@pytest.mark.parametrize("view_name", ["cases:case-detail", "cases:case-contacts"])
def test_case_pages_run_the_same_queries_for_one_contact_or_200(personas, case, view_name):
    SiteConfiguration.current()  # created on first use: not part of what is measured

    def queries():
        return queries_to_get(signed_in_client(personas[Role.CASE_MANAGER]), reverse(view_name, args=[case.public_id]))

    def add(count):
        Contact.objects.bulk_create(
            Contact(
                case=case,
                kind="phone",
                reached=True,
                at=NOW - datetime.timedelta(hours=n),
                outcome="ok",
                by=case.case_manager,
            )
            for n in range(count)
        )

    add(1)
    one = queries()
    add(199)
    assert queries() == one


# Clinical content never reaches police, prosecutors, defenders, the PCG or the coordinator ------

MARKER = "CLINICAL-{}-7Q"


def plant_clinical_text(case) -> list[str]:
    """Fill every text field of every clinical record of `case` with a distinctive marker."""
    from cases.models import ActionStep, CaseNote, CurrentService, InitialScreening

    consent = Consent.objects.create(
        case=case,
        signed_on=NOW.date(),
        signature_kind="uploaded",
        signature=ContentFile(b"%PDF-1.4", name="c.pdf"),
        witness=case.case_manager,
        recorded_at=NOW,
    )
    del consent
    plan = ServicePlan.objects.create(case=case, status="active", activated_at=NOW)
    goal = Goal(plan=plan, domain="housing")
    records = [
        InitialScreening(
            case=case,
            shelter_needed=True,
            clothing_needed=False,
            food_needed=True,
            screened_at=NOW,
            screened_by=case.case_manager,
        ),
        Assessment(
            case=case, status="completed", completed_at=NOW, completed_by=case.case_manager, housing_status="shelter"
        ),
        goal,
        ActionStep(goal=goal, due_on=NOW.date()),
        CurrentService(plan=plan),
        CaseNote(case=case, written_at=NOW, written_by=case.case_manager),
    ]
    planted = []
    for record in records:
        for field in record._meta.fields:
            if (
                isinstance(field, (models.CharField, models.TextField))
                and not field.choices
                and field.name not in ("id",)
            ):
                text = MARKER.format(f"{record._meta.model_name}.{field.name}")
                setattr(record, field.name, text)
                planted.append(text)
        record.save()
    assert {type(r) for r in records} | {ServicePlan} >= set(CLINICAL_MODELS)
    return planted


def test_no_page_shows_clinical_content_to_police_prosecutors_defenders_the_pcg_the_coordinator_or_outreach(
    personas, case
):
    from lead.access import ACCESS
    from tests.lead.test_access_matrix import APP_URLS, request_url, rule_for

    plant_clinical_text(case)
    release(case)  # a valid release: the most that is ever shared
    from tests.factories import outreach_assignment

    outreach_assignment(case, specialist=personas[Role.OUTREACH])
    objects = {
        "case": case,
        "clinical_case": case,
        "referral": case.referral,
        "screening": case.referral.screening,
        "agency": case.referral.agency,
        "engaged_case": case,
    }
    for role in (Role.OFFICER, Role.PROSECUTOR, Role.DEFENDER, Role.PCG, Role.COORDINATOR, Role.OUTREACH):
        client = signed_in_client(personas[role])
        for view_name in APP_URLS:
            rule = rule_for(view_name)
            if rule.public or role not in (rule.get or ()):
                continue
            if rule.obj in objects:
                url = reverse(view_name, kwargs={"public_id": objects[rule.obj].public_id})
            else:
                url = request_url(view_name, rule, "own", personas[role])
            response = client.get(url, follow=True)
            body = b"".join(response.streaming_content) if response.streaming else response.content  # exports stream
            html = body.decode(errors="replace")
            assert "CLINICAL-" not in html, f"{view_name} shows clinical content to {role.label}"
    assert ACCESS  # the map was walked


def test_a_release_naming_other_agencies_shares_nothing_with_this_one(personas, case):
    signed_in_client(personas[Role.CASE_MANAGER]).post(
        reverse("cases:case-summary", args=[case.public_id]),
        {"engagement": "engaged", "note": "Comes to every appointment."},
    )
    roi = release(case, recipients="named_agencies")
    roi.named_agencies.set([personas[Role.PROSECUTOR].agency])
    url = reverse("cases:referral-detail", args=[case.referral.public_id])
    assert "Comes to every appointment." in signed_in_client(personas[Role.PROSECUTOR]).get(url).content.decode()
    assert "Comes to every appointment." not in signed_in_client(personas[Role.OFFICER]).get(url).content.decode()


def test_closing_ends_a_release_that_expires_with_an_event(personas, case):
    by_event = release(case, expires_on=None, expiry_event="When I leave LEAD")
    by_date = release(case)
    signed_in_client(personas[Role.CASE_MANAGER]).post(
        reverse("cases:case-close", args=[case.public_id]), {"reason": "completed", "confirmed": "yes"}
    )
    by_event.refresh_from_db()
    by_date.refresh_from_db()
    assert by_event.expired_at == NOW and by_date.expired_at is None


# Progress summaries reach no one without a release that covers them ------------------------------

SUMMARY_MARKER = "SUMMARY-MARKER-7Q"
SUMMARY_READERS = (Role.DIRECTOR, "colleague", Role.OFFICER, Role.PROSECUTOR, Role.DEFENDER)


def summary_pages(personas, case, viewer_role) -> dict[str, str]:
    """Every page `viewer_role` may GET, with this case's objects where the URL names one (the
    agenda of a meeting inviting everyone, the agenda item of this case), rendered."""
    from owg import agenda
    from tests.factories import meeting
    from tests.lead.test_access_matrix import APP_URLS, request_url, rule_for

    viewer = personas[viewer_role]
    role = Role.CASE_MANAGER if viewer_role == "colleague" else viewer_role
    owg = personas.setdefault(
        "meeting",
        meeting(members=[p for k, p in personas.items() if k in SUMMARY_READERS], recorder=personas[Role.DIRECTOR]),
    )
    entry = next(e for e in agenda.build(owg, personas[Role.DIRECTOR], NOW).entries() if e.case == case)
    objects = {
        "case": {"public_id": case.public_id},
        "clinical_case": {"public_id": case.public_id},
        "referral": {"public_id": case.referral.public_id},
        "screening": {"public_id": case.referral.screening.public_id},
        "meeting": {"public_id": owg.public_id},
        "agenda_item": {"public_id": owg.public_id, "section": entry.section, "subject_id": entry.subject_id},
    }
    client = signed_in_client(viewer)
    pages = {}
    for view_name in APP_URLS:
        rule = rule_for(view_name)
        if rule.public or role not in (rule.get or ()):
            continue
        if rule.obj in ("provider", "coverage"):
            continue  # coverage pages show no summaries, and their own object makes the viewer a supervisor
        kwargs = objects.get(rule.obj)
        url = reverse(view_name, kwargs=kwargs) if kwargs else request_url(view_name, rule, "own", viewer)
        response = client.get(url, follow=True)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[view_name] = body.decode(errors="replace")
    return pages


@pytest.fixture
def summary_readers(personas, case):
    personas["colleague"] = UserFactory(username="casemanager2", agency=case.provider, roles=[Role.CASE_MANAGER])
    signed_in_client(personas[Role.CASE_MANAGER]).post(
        reverse("cases:case-summary", args=[case.public_id]), {"engagement": "engaged", "note": SUMMARY_MARKER}
    )
    return personas


@pytest.mark.parametrize("state", ["none", "revoked", "expired", "named_other_agency"])
def test_no_page_shows_a_progress_summary_without_a_release_covering_the_viewer(summary_readers, case, state):
    personas = summary_readers
    if state == "revoked":
        release(case, revoked_at=NOW)
    elif state == "expired":
        release(case, signed_on=datetime.date(2026, 1, 5), expires_on=datetime.date(2026, 11, 1))
    elif state == "named_other_agency":
        release(case, recipients="named_agencies").named_agencies.set([AgencyFactory()])
    for role in SUMMARY_READERS:
        for view_name, html in summary_pages(personas, case, role).items():
            assert SUMMARY_MARKER not in html, f"{view_name} shows the summary to {role} with release {state}"
    mine = (
        signed_in_client(personas[Role.CASE_MANAGER])
        .get(reverse("cases:case-detail", args=[case.public_id]))
        .content.decode()
    )
    assert SUMMARY_MARKER in mine  # the case manager who wrote it always sees it


def test_a_valid_release_shows_the_progress_summary_where_the_policy_allows(summary_readers, case):
    personas = summary_readers
    release(case)
    seen = {
        role: {name for name, html in summary_pages(personas, case, role).items() if SUMMARY_MARKER in html}
        for role in SUMMARY_READERS
    }
    assert {"cases:case-detail", "cases:referral-detail", "owg:meeting", "owg:decide"} <= seen[Role.DIRECTOR]
    assert {"cases:case-detail", "owg:meeting"} <= seen["colleague"]
    assert {"cases:referral-detail", "owg:meeting"} <= seen[Role.OFFICER]
    assert {"cases:referral-detail", "owg:meeting"} <= seen[Role.PROSECUTOR]
    assert "owg:meeting" in seen[Role.DEFENDER]


def test_a_release_naming_one_agency_shows_the_summary_to_that_agency_only(summary_readers, case):
    personas = summary_readers
    release(case, recipients="named_agencies").named_agencies.set([personas[Role.PROSECUTOR].agency])
    assert "owg:meeting" in {
        n for n, html in summary_pages(personas, case, Role.PROSECUTOR).items() if SUMMARY_MARKER in html
    }
    for role in (Role.DIRECTOR, "colleague", Role.OFFICER, Role.DEFENDER):
        assert not [n for n, html in summary_pages(personas, case, role).items() if SUMMARY_MARKER in html], role
