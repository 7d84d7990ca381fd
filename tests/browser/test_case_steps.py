"""The steps after the hand-off in the system Chromium, on a tablet: the initial screening (with a
mistake first), consent signed with a finger on the screen, the assessment appointment, and a
release of information signed on paper and uploaded. Every page visited passes axe (WCAG 2.1 AA)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, Consent, ReleaseOfInformation
from cases.services import referrals as case_services
from lead.roles import Role
from tests.browser.helpers import choose, sign_in
from tests.factories import TINY_PNG, CriteriaSetFactory, ScreeningFactory, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TABLET = {"width": 768, "height": 1024}


@pytest.fixture
def case(personas):
    """A case just opened for Dana. Criteria of its own: transactional tests empty the tables."""
    officer = personas[Role.OFFICER]
    screening = ScreeningFactory(
        agency=officer.agency, officer=officer, criteria_version=CriteriaSetFactory().versions.get()
    )
    identity = {
        "first_name": "Jordan",
        "last_name": "Reyes",
        "aliases": "",
        "date_of_birth": datetime.date(1990, 5, 17),
    }
    referral = case_services.diversion_accept(
        screening=screening, officer=officer, participant=None, identity=identity, now=timezone.now()
    )
    return open_case(referral, case_manager=personas[Role.CASE_MANAGER])


def sign_on_the_canvas(page):
    box = page.get_by_role("img", name=re.compile("^Signature box")).bounding_box()
    top, left = box["y"] + box["height"] / 2, box["x"] + 20
    page.mouse.move(left, top)
    page.mouse.down()
    page.mouse.move(left + 80, top - 30, steps=8)
    page.mouse.move(left + 160, top + 20, steps=8)
    page.mouse.up()


# How many pixels of an image or canvas on the page are dark: the ink of a signature.
DARK_PIXELS = """(selector) => {
  const source = document.querySelector(selector);
  const canvas = document.createElement("canvas");
  canvas.width = source.width;
  canvas.height = source.height;
  canvas.getContext("2d").drawImage(source, 0, 0);
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] < 100) dark++;
  return dark;
}"""


def test_a_case_manager_takes_a_new_case_through_the_steps_on_a_tablet(
    browser, visit, assert_accessible, personas, case
):
    steps = f"/cases/{case.public_id}"
    page = browser.new_context(viewport=TABLET).new_page()
    sign_in(page, visit, assert_accessible, personas[Role.CASE_MANAGER])
    visit(page, f"{steps}/")

    visit(page, f"{steps}/screening/")
    expect(page.get_by_text("Case: Jordan Reyes · Referred: initial screening next")).to_be_visible()
    page.get_by_label("Basic information").fill("Sleeps by the library; lost ID last week.")
    choose(page, "Does the person need shelter tonight?", "Yes")
    choose(page, "Does the person need clothing?", "No")
    choose(page, "Does the person need food?", "No")
    page.get_by_role("button", name="Save the initial screening").click()
    expect(page.get_by_role("link", name=re.compile("^What was done about shelter: Say what was done"))).to_be_visible()
    expect(page.get_by_label("Basic information")).to_have_value("Sleeps by the library; lost ID last week.")
    assert_accessible(page)
    page.get_by_label("What was done about shelter").fill("Bed at the Fifth Street shelter tonight.")
    page.get_by_role("button", name="Save the initial screening").click()
    expect(page.get_by_text("The initial screening is recorded.")).to_be_visible()

    visit(page, f"{steps}/consent/")
    page.get_by_label("Date signed").fill("")
    sign_on_the_canvas(page)
    page.get_by_role("button", name="Record the consent").click()
    expect(page.get_by_role("link", name="Date signed: Enter the date the participant signed.")).to_be_visible()
    assert_accessible(page)
    # The signature comes back with the page: the participant does not sign twice.
    page.wait_for_function(f"({DARK_PIXELS})('canvas') > 100")
    page.get_by_label("Date signed").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Record the consent").click()
    expect(page.get_by_text("The participant's written consent is recorded.")).to_be_visible()
    assert Consent.objects.get().signature_kind == Consent.Kind.DRAWN
    visit(page, f"{steps}/consent/")
    expect(page.get_by_text("Signed on screen: download the signed consent")).to_be_visible()
    # A download, never shown in the browser (cases/uploads.py).
    with page.expect_download() as download:
        page.get_by_role("link", name="download the signed consent").click()
    assert download.value.suggested_filename == "signature.png"

    visit(page, f"{steps}/appointment/")
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    page.get_by_label("Date and time").fill(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Place").fill("Bridgeway office, 210 Front St")
    page.get_by_role("button", name="Set the appointment").click()
    expect(
        page.get_by_text(
            re.compile("^The assessment appointment is set for .*, within 48 hours of the initial screening")
        )
    ).to_be_visible()

    visit(page, f"{steps}/releases/new/")
    choose(page, "To whom", "The members of the Operations Workgroup")
    choose(page, "Was the right to revoke explained to the participant?", "Yes")
    page.get_by_role("textbox", name=re.compile("^Expiry event")).fill("When the LEAD case closes")
    page.get_by_label(re.compile("^Scanned signed form")).set_input_files(
        {"name": "release.png", "mimeType": "image/png", "buffer": TINY_PNG}
    )
    page.get_by_role("button", name="Record the release").click()
    expect(page.get_by_text("The release of information is recorded.")).to_be_visible()
    assert ReleaseOfInformation.objects.get().signature_kind == Consent.Kind.UPLOADED
    visit(page, f"{steps}/releases/new/")
    expect(page.get_by_role("heading", name=re.compile(": Valid$"))).to_be_visible()

    visit(page, f"{steps}/")
    expect(page.get_by_role("heading", name="Case of Jordan Reyes")).to_be_visible()
    assert Case.objects.get().status == Case.Status.SCHEDULED
