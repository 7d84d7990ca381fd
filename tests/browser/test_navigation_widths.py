"""The primary navigation of the user holding every role, from a 320 px phone to a wide screen:
nothing scrolls sideways, every page in it can be reached (on a desktop through its group's menu,
below 1024 px through the Menu drawer), and every state passes axe (WCAG 2.1 AA)."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from lead.navigation import labels, navigation_for
from lead.roles import Role
from tests.browser.helpers import open_nav, sign_in
from tests.factories import NotificationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = 1024  # USWDS's desktop breakpoint (64em): from here the navigation is a row of menus
WIDTHS = [320, 768, 1024, 1280, 1440, 1920]

# Every role but the site administrator's, and a supervisor: the longest navigation a person can
# get (an administrator's case-content roles do not count, lead/users/models.py, so holding all nine
# shows less).
EVERY_GROUP = ["Cases", "OWG", "Community", "Reports", "Administration"]
EVERY_LINK = [
    "Home",
    "Screenings",
    "Referrals",
    "Cases",
    "Caseloads",
    "On-call roster",
    "Coverage",
    "OWG meetings",
    "Criminal cases",
    "Eligibility criteria",
    "Participants to reach",
    "Community",
    "Community reports",
    "Training",
    "Reports",
    "PCG report",
    "My figures",
    "Access log",
    "My agency",
    "My account",
]


@pytest.fixture
def everyone(db):
    """Separation of duties would refuse some of these together in the admin; the factory sets the
    groups directly. A long name, and unread notifications, to crowd the header."""
    roles = [role for role in Role if role != Role.SITE_ADMIN]
    user = UserFactory(roles=roles, is_supervisor=True, first_name="Alexandra", last_name="Montgomery-Whitfield")
    NotificationFactory(user=user, subject="A hand-off request is waiting for you")
    NotificationFactory(user=user, subject="An assessment is overdue")
    return user


def no_sideways_scroll(page):
    width = page.evaluate("() => window.innerWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, f"scrolls sideways at {width} px"


def fully_on_screen(page, locator):
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.evaluate("() => window.innerWidth"), locator


def test_the_user_with_every_role_has_every_page_in_the_navigation(everyone, rf):
    request = rf.get("/")
    request.user = everyone
    assert labels(navigation_for(request)) == EVERY_LINK
    everyone.groups.add(Group.objects.get(name=Role.SITE_ADMIN.label))
    del everyone.roles
    # With the administrator's role too, the case pages go (separation of duties) and the admin comes.
    shown = labels(navigation_for(request))
    assert "Administration" in shown
    assert not {"Screenings", "Referrals", "Cases", "OWG meetings", "Access log"} & set(shown)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_navigation_fits_and_reaches_every_page_at_each_width(browser, visit, assert_accessible, everyone, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    sign_in(page, visit, assert_accessible, everyone)
    no_sideways_scroll(page)
    nav = page.get_by_role("navigation", name="Primary")
    menu_button = page.get_by_role("button", name="Menu")
    notifications = page.get_by_role("link", name="Notifications, 2 unread")
    search = page.get_by_role("searchbox", name="Search people, reports and cases")

    if width < DESKTOP:
        # The bar a phone keeps: logo, search, the unread count and Menu, all on screen.
        for locator in (menu_button, notifications, search):
            fully_on_screen(page, locator)
        expect(nav.get_by_role("button", name="Cases")).to_be_hidden()
        menu_button.click()
        expect(nav.get_by_role("button", name="Close")).to_be_visible()
        # The drawer slides in from the right: measure once it is in place.
        page.wait_for_function(
            "() => document.querySelector('.usa-nav').getBoundingClientRect().right <= window.innerWidth"
        )
    else:
        expect(menu_button).to_be_hidden()
        for locator in (notifications, search, page.get_by_role("button", name="Sign out")):
            fully_on_screen(page, locator)

    # Every top-level entry on screen (in the drawer on a phone), every menu opening onto its links.
    for label in ["Home", "My account"]:
        fully_on_screen(page, nav.get_by_role("link", name=label, exact=True))
    for label in EVERY_GROUP:
        fully_on_screen(page, nav.get_by_role("button", name=label))
    reached = {"Home", "My account"}
    for group in EVERY_GROUP:
        button = nav.get_by_role("button", name=group)
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
        submenu = page.locator(f"#{button.get_attribute('aria-controls')}")
        links = submenu.get_by_role("link")
        for i in range(links.count()):
            fully_on_screen(page, links.nth(i))
            reached.add(links.nth(i).inner_text())
        no_sideways_scroll(page)  # an open menu at the right edge must not push the page wider
        assert_accessible(page)
        if width >= DESKTOP:
            button.click()  # close it again, so that it does not cover the next one
            expect(submenu).to_be_hidden()
    assert reached == set(EVERY_LINK)

    # And a page from a menu opens, with its menu marked as the current section.
    if width < DESKTOP:
        nav.get_by_role("link", name="Access log").click()  # the drawer and its menus are still open
    else:
        open_nav(page, "Access log")
    expect(page.get_by_role("heading", name="Access log")).to_be_visible()
    assert_accessible(page)
    no_sideways_scroll(page)
    # Hidden (menus closed, or the drawer on a phone) until opened: look the marks up in the markup.
    primary = page.locator("nav[aria-label=Primary]")
    expect(primary.locator("[aria-current=page]")).to_have_text("Access log")
    expect(primary.locator("button.usa-current")).to_have_text("Administration")


def test_a_menu_opens_and_closes_with_the_keyboard(browser, visit, assert_accessible, everyone):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    sign_in(page, visit, assert_accessible, everyone)
    nav = page.get_by_role("navigation", name="Primary")
    cases = nav.get_by_role("button", name="Cases")
    nav.get_by_role("link", name="Home").focus()
    page.keyboard.press("Tab")
    expect(cases).to_be_focused()
    page.keyboard.press("Enter")
    expect(cases).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Screenings")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Screenings")).to_be_focused()
    page.keyboard.press("Escape")  # USWDS closes the menu and gives the focus back to its button
    expect(cases).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="Screenings")).to_be_hidden()
    expect(cases).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Referrals")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Referrals")).to_be_visible()
    assert_accessible(page)
