"""The case manager's steps after the hand-off (policy VI.A-D), as the case manager lives them: the
initial screening, written consent with a drawn or scanned signature, the appointment for the full
assessment, and releases of information; who may open them and their signatures."""

import base64
import datetime
import html

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import (
    Appointment,
    Case,
    Consent,
    InitialScreening,
    ReleaseOfInformation,
)
from cases.services import steps as step_services
from lead.agencies.models import Agency
from lead.audit.models import AccessEvent
from lead.roles import Role
from tests.cases.pdfs import pdf as plain_pdf
from tests.conftest import signed_in_client
from tests.factories import (
    TINY_PNG,
    AgencyFactory,
    UserFactory,
    consent_for,
    initial_screening_of,
    open_case,
    release_of_information,
)
from tests.helpers import clock_at

# 15:30 on Friday, November 27, 2026 in Harbor County (America/Los_Angeles). The case opens now,
# so the assessment is due by the end of Sunday, December 27.
NOW = datetime.datetime(2026, 11, 27, 23, 30, tzinfo=datetime.UTC)
DRAWN = "data:image/png;base64," + base64.b64encode(TINY_PNG).decode()
SCREENING = {
    "basic_information": "Sleeps by the library; lost ID last week.",
    "acute_medical_needs": "",
    "shelter_needed": "yes",
    "shelter_action": "Bed at the Fifth Street shelter tonight.",
    "clothing_needed": "no",
    "clothing_action": "",
    "food_needed": "no",
    "food_action": "",
    "other_needs": "",
    "other_action": "",
}
RELEASE = {
    "discloser": "Bridgeway Community Services",
    "information": "Attendance and milestones in LEAD.",
    "recipients": "owg_members",
    "purpose": "Progress at the OWG.",
    "right_to_revoke_explained": "yes",
    "expires_on": "2027-11-27",
    "expiry_event": "",
    "signed_on": "2026-11-27",
    "signature_drawn": DRAWN,
}


clock = clock_at(NOW)


@pytest.fixture
def case(case_manager):
    return open_case(case_manager=case_manager)


@pytest.fixture
def client(case_manager):
    return signed_in_client(case_manager)


@pytest.fixture
def consented(case):
    """Screened at 15:30 today and consented."""
    initial_screening_of(case)
    consent_for(case)
    return case


def url(name, obj):
    return reverse(f"cases:{name}", args=[obj.public_id])


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def text(response) -> str:
    return html.unescape(response.content.decode())


def status(case) -> str:
    return Case.objects.get(pk=case.pk).status


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# 1. The initial screening ----------------------------------------------------------------------


def test_the_initial_screening_is_recorded_and_the_case_is_screened(client, case, case_manager):
    response = client.post(url("case-screening", case), SCREENING)
    assert response.status_code == 302 and response["Location"] == url("case-detail", case)
    assert said(response) == ["The initial screening is recorded."]
    screening = InitialScreening.objects.get(case=case)
    assert (screening.shelter_needed, screening.shelter_action, screening.screened_at, screening.screened_by) == (
        True,
        "Bed at the Fifth Street shelter tonight.",
        NOW,
        case_manager,
    )
    assert status(case) == Case.Status.SCREENED


def test_a_need_without_what_was_done_is_refused_and_keeps_what_was_typed(client, case):
    page = text(client.post(url("case-screening", case), SCREENING | {"shelter_action": ""}))
    assert "There is a problem" in page
    assert "What was done about shelter: Say what was done about shelter, since the person needs it." in page
    assert "Sleeps by the library; lost ID last week." in page
    assert not InitialScreening.objects.filter(case=case).exists()
    assert status(case) == Case.Status.REFERRED


def test_a_yes_or_no_left_unanswered_is_refused(client, case):
    page = text(client.post(url("case-screening", case), SCREENING | {"food_needed": ""}))
    assert "Does the person need food?: Answer yes or no." in page
    assert not InitialScreening.objects.filter(case=case).exists()


def test_the_screening_page_corrects_the_screening_and_keeps_when_it_was_done(client, case, clock):
    client.post(url("case-screening", case), SCREENING)
    clock.shift(datetime.timedelta(minutes=10))
    page = text(client.get(url("case-screening", case)))
    assert "Bed at the Fifth Street shelter tonight." in page
    response = client.post(
        url("case-screening", case), SCREENING | {"food_needed": "yes", "food_action": "Sandwich and water."}
    )
    assert said(response) == ["The initial screening is saved."]
    screening = InitialScreening.objects.get(case=case)
    assert (screening.food_action, screening.screened_at) == ("Sandwich and water.", NOW)
    assert screening.history.count() == 2


# 2. Written consent ----------------------------------------------------------------------------


def test_consent_signed_on_the_screen_is_recorded_with_the_case_manager_as_witness(
    client, case, case_manager, private_files
):
    initial_screening_of(case)
    response = client.post(url("case-consent", case), {"signed_on": "2026-11-27", "signature_drawn": DRAWN})
    assert response["Location"] == url("case-detail", case)
    assert said(response) == ["The participant's written consent is recorded."]
    consent = Consent.objects.get(case=case)
    assert (consent.signature_kind, consent.witness, consent.signed_on) == (
        "drawn",
        case_manager,
        datetime.date(2026, 11, 27),
    )
    assert (private_files / consent.signature.name).read_bytes() == TINY_PNG
    assert status(case) == Case.Status.CONSENTED


def test_consent_may_come_before_the_initial_screening(client, case):
    client.post(url("case-consent", case), {"signed_on": "2026-11-27", "signature_drawn": DRAWN})
    assert status(case) == Case.Status.CONSENTED


def test_a_scanned_signed_form_is_accepted_and_stored_under_its_real_type(client, case, private_files):
    pdf = plain_pdf()
    client.post(
        url("case-consent", case),
        {"signed_on": "2026-11-26", "signature_upload": upload("scan.jpeg", pdf, "image/jpeg")},
    )
    consent = Consent.objects.get(case=case)
    assert consent.signature_kind == "uploaded" and consent.signature.name.endswith(".pdf")
    assert (private_files / consent.signature.name).read_bytes() == pdf


def test_a_file_named_pdf_that_is_no_pdf_png_or_jpeg_is_refused(client, case):
    garbage = upload("consent.pdf", b"MZ\x90\x00 not a document at all")
    page = text(client.post(url("case-consent", case), {"signed_on": "2026-11-26", "signature_upload": garbage}))
    assert "Scanned signed form: The file must be a PDF, PNG or JPEG." in page
    assert 'value="2026-11-26"' in page
    assert not Consent.objects.filter(case=case).exists()


def test_a_file_over_the_size_limit_is_refused(client, case, settings):
    settings.LEAD_MAX_UPLOAD_BYTES = 1024
    big = upload("scan.png", TINY_PNG + b"\0" * 1024, "image/png")
    page = text(client.post(url("case-consent", case), {"signed_on": "2026-11-27", "signature_upload": big}))
    assert "The file is larger than 1.0 KB" in page
    assert not Consent.objects.filter(case=case).exists()


def test_consent_without_a_signature_is_refused(client, case):
    page = text(client.post(url("case-consent", case), {"signed_on": "2026-11-27"}))
    assert "Scanned signed form: Have the participant sign in the box, or upload the scanned signed form." in page
    assert not Consent.objects.filter(case=case).exists()


def test_a_drawn_signature_that_is_not_a_png_is_refused(client, case):
    fake = "data:image/png;base64," + base64.b64encode(b"<svg onload=alert(1)>").decode()
    page = text(client.post(url("case-consent", case), {"signed_on": "2026-11-27", "signature_drawn": fake}))
    assert "The signature drawn on the screen could not be read: clear it and sign again." in page
    assert not Consent.objects.filter(case=case).exists()


def test_a_drawn_signature_comes_back_after_another_error_so_nobody_signs_twice(client, case):
    page = text(client.post(url("case-consent", case), {"signed_on": "", "signature_drawn": DRAWN}))
    assert "Date signed: Enter the date the participant signed." in page
    assert f'value="{DRAWN}"' in page


def test_consent_dated_in_the_future_is_refused(client, case):
    page = text(client.post(url("case-consent", case), {"signed_on": "2026-11-28", "signature_drawn": DRAWN}))
    assert "Date signed: The date signed cannot be in the future." in page
    assert not Consent.objects.filter(case=case).exists()


def test_the_consent_page_shows_the_consent_on_file_and_refuses_a_second(client, consented):
    page = text(client.get(url("case-consent", consented)))
    assert "download the signed consent" in page and "Record the consent" not in page
    response = client.post(url("case-consent", consented), {"signed_on": "2026-11-27", "signature_drawn": DRAWN})
    assert said(response) == ["The participant's consent is already on file for this case."]
    assert Consent.objects.filter(case=consented).count() == 1


# 3. The assessment appointment -----------------------------------------------------------------


def test_the_appointment_and_release_pages_ask_for_consent_first(client, case):
    initial_screening_of(case)
    for name in ("case-appointment", "case-roi-new"):
        response = client.get(url(name, case))
        assert response["Location"] == url("case-consent", case)
        assert (
            said(response)[-1]
            == "Record the participant's written consent first: without it the case cannot go further."
        )
    response = client.post(
        url("case-appointment", case), {"starts_at": "2026-11-28T21:30", "place": "Bridgeway office"}
    )
    assert response["Location"] == url("case-consent", case)
    assert not Appointment.objects.exists()


def test_the_appointment_needs_the_initial_screening(client, case):
    consent_for(case)
    response = client.get(url("case-appointment", case))
    assert response["Location"] == url("case-screening", case)
    assert said(response) == ["Record the initial screening first: the appointment is set at its end."]


def test_an_appointment_within_48_hours_of_the_screening_schedules_the_case_and_says_so(client, consented):
    page = text(client.get(url("case-appointment", consented)))
    assert "Fri, Nov 27, 2026, 3:30 p.m." in page
    assert "Between Sat, Nov 28, 3:30 p.m. and Sun, Nov 29, 3:30 p.m." in page
    response = client.post(
        url("case-appointment", consented), {"starts_at": "2026-11-28T21:30", "place": "Bridgeway office"}
    )
    assert response["Location"] == url("case-detail", consented)
    assert said(response) == [
        "The assessment appointment is set for Saturday, Nov 28, 2026, 9:30 p.m., "
        "within 48 hours of the initial screening (optimal: 24–48 hours)."
    ]
    assert status(consented) == Case.Status.SCHEDULED
    page = text(client.get(url("case-appointment", consented)))
    assert "Within 48 hours of the initial screening (optimal: 24–48 hours)." in page
    assert "Warning" not in page


def test_an_appointment_more_than_48_hours_after_the_screening_says_so(client, consented):
    response = client.post(
        url("case-appointment", consented), {"starts_at": "2026-11-30T10:00", "place": "Bridgeway office"}
    )
    assert "more than 48 hours after the initial screening (optimal: 24–48 hours)" in said(response)[0]
    page = text(client.get(url("case-appointment", consented)))
    assert "More than 48 hours after the initial screening (optimal: 24–48 hours)." in page


def test_an_appointment_after_the_assessment_due_date_is_set_with_a_warning(client, consented):
    response = client.post(
        url("case-appointment", consented), {"starts_at": "2026-12-28T10:00", "place": "Bridgeway office"}
    )
    assert said(response)[1] == (
        "Warning: the appointment is after the assessment due date, Sunday, Dec 27, 2026. "
        "The case will be overdue unless the assessment is done by then."
    )
    assert Appointment.objects.get(case=consented).place == "Bridgeway office"
    page = text(client.get(url("case-appointment", consented)))
    assert "Warning: this appointment is after the assessment due date." in page


def test_a_new_appointment_replaces_the_last_and_the_last_stays_listed(client, consented, clock):
    client.post(url("case-appointment", consented), {"starts_at": "2026-11-28T21:30", "place": "Bridgeway office"})
    clock.shift(datetime.timedelta(minutes=10))
    client.post(url("case-appointment", consented), {"starts_at": "2026-11-29T10:00", "place": "Fifth Street shelter"})
    assert step_services.current_appointment(consented).place == "Fifth Street shelter"
    page = text(client.get(url("case-appointment", consented)))
    assert "Earlier appointments, replaced" in page and "Nov 28, 2026, 9:30 p.m. at Bridgeway office" in page


def test_an_appointment_in_the_past_is_refused_and_keeps_the_place(client, consented):
    page = text(
        client.post(url("case-appointment", consented), {"starts_at": "2026-11-27T09:00", "place": "Bridgeway office"})
    )
    assert "Date and time: The appointment must be in the future." in page
    assert 'value="Bridgeway office"' in page
    assert not Appointment.objects.exists()
    assert status(consented) == Case.Status.CONSENTED


# 4. Releases of information --------------------------------------------------------------------


def test_a_release_offers_the_providers_name_and_a_minimal_description(client, consented):
    page = text(client.get(url("case-roi-new", consented)))
    assert f'value="{consented.provider.name}"' in page
    assert "Attendance, engagement and milestones in LEAD; no diagnosis or treatment details." in page
    assert "No release signed yet." in page


def test_a_release_to_named_agencies_is_recorded_and_valid(client, consented, case_manager, personas):
    police, defender = personas[Role.OFFICER].agency, personas[Role.DEFENDER].agency
    data = RELEASE | {"recipients": "named_agencies", "named_agencies": [police.pk, defender.pk]}
    response = client.post(url("case-roi-new", consented), data)
    assert said(response) == ["The release of information is recorded."]
    release = ReleaseOfInformation.objects.get(case=consented)
    assert set(release.named_agencies.all()) == {police, defender}
    assert (release.recorded_by, release.signature_kind, release.expires_on) == (
        case_manager,
        "drawn",
        datetime.date(2027, 11, 27),
    )
    assert step_services.valid_release(consented, datetime.date(2026, 11, 27), agency=police) == release
    assert step_services.valid_release(consented, datetime.date(2026, 11, 27), agency=AgencyFactory()) is None
    assert "Signed Nov 27, 2026: Valid" in text(client.get(url("case-roi-new", consented)))


def test_named_agencies_must_be_chosen_when_the_release_names_them(client, consented):
    page = text(client.post(url("case-roi-new", consented), RELEASE | {"recipients": "named_agencies"}))
    assert "Agencies named: Choose the agencies the participant names." in page
    assert not ReleaseOfInformation.objects.exists()


def test_a_release_needs_an_expiry_date_or_an_event(client, consented):
    page = text(client.post(url("case-roi-new", consented), RELEASE | {"expires_on": "", "purpose": "Typed purpose."}))
    assert "Expiry date: Give an expiry date, or an expiry event below." in page
    assert "Typed purpose." in page
    assert not ReleaseOfInformation.objects.exists()
    client.post(url("case-roi-new", consented), RELEASE | {"expires_on": "", "expiry_event": "When the case closes"})
    assert ReleaseOfInformation.objects.get().expiry_event == "When the case closes"


def test_a_release_with_an_expiry_date_in_the_past_is_refused(client, consented):
    page = text(client.post(url("case-roi-new", consented), RELEASE | {"expires_on": "2026-11-26"}))
    assert "Expiry date: The expiry date cannot be in the past." in page


def test_a_release_whose_right_to_revoke_was_not_explained_is_refused(client, consented):
    page = text(client.post(url("case-roi-new", consented), RELEASE | {"right_to_revoke_explained": "no"}))
    assert "Explain the right to revoke before the participant signs" in page
    assert not ReleaseOfInformation.objects.exists()


def test_a_release_can_be_signed_on_paper_and_uploaded(client, consented):
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 scanned"
    data = RELEASE | {"signature_drawn": "", "signature_upload": upload("scan.bin", jpeg, "application/octet-stream")}
    client.post(url("case-roi-new", consented), data)
    release = ReleaseOfInformation.objects.get()
    assert release.signature_kind == "uploaded" and release.signature.name.endswith(".jpg")


def test_a_release_expires_after_its_date(consented, case_manager, clock):
    release = release_of_information(consented, expires_on=datetime.date(2026, 12, 31), expiry_event="")
    assert step_services.valid_release(consented, datetime.date(2026, 12, 31)) == release
    clock.move_to(datetime.datetime(2027, 1, 1, 20, 0, tzinfo=datetime.UTC))
    assert step_services.valid_release(consented, datetime.date(2027, 1, 1)) is None
    page = text(signed_in_client(case_manager).get(url("case-roi-new", consented)))
    assert "Signed Nov 27, 2026: Expired" in page


def test_a_release_ends_when_its_expiry_event_happens(client, consented):
    release = release_of_information(consented)
    release.expired_at = NOW
    release.save()
    assert step_services.valid_release(consented, datetime.date(2026, 11, 27)) is None
    assert step_services.release_state(release, datetime.date(2026, 11, 27)) == "Expired"


def test_a_revoked_release_shares_nothing_more_and_cannot_be_revoked_twice(client, consented, case_manager):
    release = release_of_information(consented)
    asked = client.post(url("roi-revoke", release))
    assert "Yes, revoke the release" in text(asked) and "This cannot be undone" in text(asked)
    release.refresh_from_db()
    assert release.revoked_at is None
    response = client.post(url("roi-revoke", release), {"confirmed": "yes"})
    assert response["Location"] == url("case-roi-new", consented)
    assert said(response) == ["The release signed on Nov 27, 2026 is revoked: nothing more is shared under it."]
    release.refresh_from_db()
    assert (release.revoked_at, release.revoked_by) == (NOW, case_manager)
    assert step_services.valid_release(consented, datetime.date(2026, 11, 27)) is None
    assert "Signed Nov 27, 2026: Revoked" in text(client.get(url("case-roi-new", consented)))
    response = client.post(url("roi-revoke", release), {"confirmed": "yes"})
    assert said(response) == ["This release was already revoked on Nov 27, 2026."]


def test_the_newest_valid_release_is_the_one_in_force(consented):
    old = release_of_information(consented, signed_on=datetime.date(2026, 11, 1))
    new = release_of_information(consented)
    assert step_services.valid_release(consented, datetime.date(2026, 11, 27)) == new
    new.revoked_at = NOW
    new.save()
    assert step_services.valid_release(consented, datetime.date(2026, 11, 27)) == old


# Who may open the steps and the signatures -----------------------------------------------------


def every_page(case, release):
    return [
        url("case-screening", case),
        url("case-consent", case),
        url("consent-signature", case),
        url("case-appointment", case),
        url("case-roi-new", case),
        url("roi-signature", release),
    ]


@pytest.mark.parametrize("who", ["another provider's case manager", "a colleague who does not supervise"])
def test_other_case_managers_get_404_on_every_page_and_every_signature(consented, case_manager, who):
    release = release_of_information(consented)
    agency = AgencyFactory(kind=Agency.Kind.SERVICE_PROVIDER) if who.startswith("another") else case_manager.agency
    outsider = UserFactory(agency=agency, roles=[Role.CASE_MANAGER])
    other = signed_in_client(outsider)
    for page in every_page(consented, release):
        assert other.get(page).status_code == 404, page
    assert other.post(url("case-screening", consented), SCREENING).status_code == 404
    assert other.post(url("roi-revoke", release)).status_code == 404
    assert not InitialScreening.objects.filter(
        case=consented, basic_information=SCREENING["basic_information"]
    ).exists()
    assert ReleaseOfInformation.objects.get(pk=release.pk).revoked_at is None
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.DENIED, user=outsider, object_id=str(release.public_id)
    ).exists()


def test_the_providers_supervisor_reads_every_page_and_signature(consented, case_manager):
    release = release_of_information(consented)
    supervisor = signed_in_client(
        UserFactory(agency=case_manager.agency, roles=[Role.CASE_MANAGER], is_supervisor=True)
    )
    for page in every_page(consented, release):
        assert supervisor.get(page).status_code == 200, page


def test_a_signature_is_a_download_never_cached_nor_sniffed_and_its_read_logged(client, consented, case_manager):
    release = release_of_information(consented)
    for page in (url("consent-signature", consented), url("roi-signature", release)):
        response = client.get(page)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content) == TINY_PNG
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.READ,
        user=case_manager,
        object_id=str(release.public_id),
        detail="clinical: release of information signature",
    ).exists()
    assert AccessEvent.objects.filter(
        kind=AccessEvent.Kind.READ, user=case_manager, detail="clinical: consent signature"
    ).exists()


def test_the_consent_signature_of_a_case_without_consent_sends_to_the_consent_page(client, case):
    response = client.get(url("consent-signature", case))
    assert response["Location"] == url("case-consent", case)
