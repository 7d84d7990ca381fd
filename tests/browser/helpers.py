"""Steps the browser journeys share: signing in, following the navigation, answering USWDS radio tiles, the screening of an
eligible person, and the OWG agenda's decision form."""

import re

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 844}


def code_from_secret(secret: str) -> str:
    from base64 import b32decode

    key = secret.replace(" ", "")
    key += "=" * (-len(key) % 8)
    return f"{totp(b32decode(key)):06d}"


def code_for_device(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in_with_password(page, visit, username, password=PASSWORD):
    visit(page, "/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_in(page, visit, assert_accessible, user):
    """Password, then the code of the user's (already enrolled) authenticator app."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "app"})
    sign_in_with_password(page, visit, user.username)
    expect(page.get_by_role("heading", name="Enter your two-factor code")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Six-digit code").fill(code_for_device(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()
    assert_accessible(page)


def open_nav(page, label):
    """Follow the primary navigation's link `label`: on a phone open the Menu first, and open the
    menu of the group that holds the link (lead/navigation.py) when it is in one."""
    nav = page.get_by_role("navigation", name="Primary")
    menu_button = page.get_by_role("button", name="Menu")
    if menu_button.is_visible():
        menu_button.click()
    # By its text, not its role: a closed menu's links are hidden, so outside the accessibility tree.
    text = page.locator("a").filter(has_text=re.compile(f"^{re.escape(label)}$"))
    group = nav.locator("li.usa-nav__primary-item").filter(has=page.locator("ul.usa-nav__submenu").filter(has=text))
    if group.count():
        group.get_by_role("button").click()
    nav.get_by_role("link", name=label, exact=True).click()


def choose(page, question, answer):
    """Tap the answer's tile: USWDS draws the label, the radio input itself sits off-screen."""
    group = page.get_by_role("group", name=question)
    group.locator("label", has_text=re.compile(f"^{re.escape(answer)}$")).click()
    expect(group.get_by_label(answer, exact=True)).to_be_checked()


# The screening form's questions, as an eligible person answers them.
NO_TO_EVERYTHING = [
    "Does the suspected drug activity include selling for profit above a subsistence level?",
    "Does the person exploit minors or other people?",
    "Is there probable cause of a violent offense?",
    "Is there probable cause that the person violated an order of protection?",
    "Is there probable cause of a domestic-violence-related offense?",
    "Is the person suspected of promoting prostitution?",
    "Is the person a registered sex offender?",
    "Does the person need acute emergency care, being a danger to themselves or others?",
    "Is the person on any type of supervision?",
    "Does the person have an outstanding warrant?",
]
YES_TO = [
    "Was the offense committed in relation to an alcohol, drug, poverty, homelessness or mental-health need?",
    "Does the person have a known history of an alcohol, drug, poverty, homelessness or mental-health need?",
    "Does the person appear amenable to diversion?",
    "Is the person able to give consent right now?",
]


def answer_the_screening(page, *, prior_convictions):
    """A need-related misdemeanor with no victim and 2 grams, amenable, none of the exclusions;
    `prior_convictions` ("Yes" or "No") answers the records check."""
    choose(page, "What kind of offense is there probable cause for?", "Misdemeanor")
    choose(page, "Is there a victim?", "No victim")
    page.get_by_label("Amount of drugs, in grams").fill("2")
    for question in YES_TO:
        choose(page, question, "Yes")
    for question in NO_TO_EVERYTHING:
        choose(page, question, "No")
    choose(page, "Does the records check show prior convictions?", prior_convictions)


def member(user) -> str:
    """How the OWG's forms name a member: attendance, "Proposed by"."""
    return f"{user.get_full_name()}, {user.agency.name}"


def open_next_agenda(page, assert_accessible):
    """Primary navigation "OWG meetings", then the meeting marked as the next one."""
    open_nav(page, "OWG meetings")
    expect(page.get_by_role("heading", name="Operations Workgroup meetings")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("listitem").filter(has_text="next: agenda ready").get_by_role("link").click()
    expect(page.get_by_role("heading", name="Operations Workgroup agenda")).to_be_visible()
    assert_accessible(page)


def open_decision(page, assert_accessible, name, outcome):
    """ "Record the decision" on the agenda item of `name`, and choose the outcome."""
    page.get_by_role("link", name=f"Record the decision on {name}").click()
    expect(page.get_by_role("heading", name="Record the OWG's decision")).to_be_visible()
    assert_accessible(page)
    choose(page, "The OWG's decision", outcome)


def record_decision(page, assert_accessible, *, proposed_by, rationale):
    page.get_by_label("Proposed by").select_option(label=member(proposed_by))
    page.get_by_label("Rationale").fill(rationale)
    page.get_by_role("button", name="Record the decision").click()
    # The confirmation step says what the decision does and who is told (owg.views.meetings).
    expect(page.get_by_role("heading", name=re.compile("^Record “"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Yes, record")).click()
    expect(page.get_by_text("The decision is recorded.")).to_be_visible()
    expect(page.get_by_role("heading", name="Operations Workgroup agenda")).to_be_visible()
    assert_accessible(page)
