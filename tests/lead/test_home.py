import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lead import navigation
from lead.roles import Role
from tests.conftest import signed_in_client
from tests.factories import UserFactory


def nav_labels(response):
    """What the user can open from the navigation, its menus flattened."""
    return navigation.labels(response.context["nav_items"])


def nav_entries(response):
    """The top row: a link's label, or a menu's label and its links' labels."""
    return [
        (entry["label"], [link["label"] for link in entry["links"]]) if "links" in entry else entry["label"]
        for entry in response.context["nav_items"]
    ]


@pytest.mark.parametrize(
    ("role", "panel"),
    [
        (Role.OFFICER, "Eligibility screenings by your agency"),
        (Role.PROSECUTOR, "Pre-booking paperwork held by your office"),
        (Role.DEFENDER, "Operations Workgroup"),
        (Role.CASE_MANAGER, "My caseload"),
        (Role.OUTREACH, "Participants to reach"),
        (Role.DIRECTOR, "Program at a glance"),
        (Role.PCG, "Eligibility criteria waiting for approval"),
        (Role.COORDINATOR, "Community outreach and events"),
        (Role.SITE_ADMIN, "Site administration"),
    ],
)
def test_each_role_sees_its_own_work_on_its_home_page(personas, role, panel):
    response = signed_in_client(personas[role]).get(reverse("home"))
    assert response.status_code == 200
    assert panel in response.content.decode()


def test_an_officer_sees_no_director_or_administrator_work(personas):
    html = signed_in_client(personas[Role.OFFICER]).get(reverse("home")).content.decode()
    assert "Program at a glance" not in html
    assert "Site administration" not in html


def test_a_user_with_two_roles_sees_the_panels_of_both_once(personas):
    sergeant = UserFactory(agency=personas[Role.OFFICER].agency, roles=[Role.OFFICER, Role.PROSECUTOR])
    titles = [p.title for p, _ in signed_in_client(sergeant).get(reverse("home")).context["panels"]]
    assert "Eligibility screenings by your agency" in titles
    assert "Pre-booking paperwork held by your office" in titles
    assert len(titles) == len(set(titles))


@pytest.mark.parametrize(
    ("role", "labels"),
    [
        (
            Role.OFFICER,
            ["Home", "Screenings", "Referrals", "OWG meetings", "Eligibility criteria", "My agency", "My account"],
        ),
        (
            Role.DEFENDER,
            ["Home", "Referrals", "OWG meetings", "Criminal cases", "Eligibility criteria", "My agency", "My account"],
        ),
        (
            Role.DIRECTOR,
            [
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
                "Community",
                "Community reports",
                "Training",
                "Reports",
                "PCG report",
                "Access log",
                "My agency",
                "My account",
            ],
        ),
        (Role.SITE_ADMIN, ["Home", "Administration", "My agency", "My account"]),
    ],
)
def test_the_navigation_shows_only_what_the_role_may_open(personas, role, labels):
    assert nav_labels(signed_in_client(personas[role]).get(reverse("home"))) == labels


def test_the_directors_pages_are_grouped_in_menus_that_fit_one_row(personas):
    assert nav_entries(signed_in_client(personas[Role.DIRECTOR]).get(reverse("home"))) == [
        "Home",
        ("Cases", ["Screenings", "Referrals", "Cases", "Caseloads", "On-call roster", "Coverage"]),
        ("OWG", ["OWG meetings", "Criminal cases", "Eligibility criteria"]),
        ("Community", ["Community", "Community reports", "Training"]),
        ("Reports", ["Reports", "PCG report"]),
        ("Administration", ["Access log", "My agency"]),
        "My account",
    ]


def test_a_group_with_one_page_the_role_may_open_is_a_plain_link_and_one_with_none_is_absent(personas):
    assert nav_entries(signed_in_client(personas[Role.SITE_ADMIN]).get(reverse("home"))) == [
        "Home",
        ("Administration", ["Administration", "My agency"]),
        "My account",
    ]
    assert nav_entries(signed_in_client(personas[Role.PCG]).get(reverse("home"))) == [
        "Home",
        "Eligibility criteria",
        "Community reports",
        "PCG report",
        "My agency",
        "My account",
    ]


def test_caseloads_are_in_the_navigation_of_supervisors_only(personas):
    case_manager = personas[Role.CASE_MANAGER]
    assert "Caseloads" not in nav_labels(signed_in_client(case_manager).get(reverse("home")))
    case_manager.is_supervisor = True
    case_manager.save()
    assert "Caseloads" in nav_labels(signed_in_client(case_manager).get(reverse("home")))


def test_the_current_item_is_the_most_specific_one(personas):
    body = signed_in_client(personas[Role.DIRECTOR]).get(reverse("cases:caseloads")).content.decode()
    assert body.count('aria-current="page"') == 1
    assert '<a href="/cases/caseloads/" class="usa-current" aria-current="page"' in body
    # Its menu is marked too, so the top row shows where the page belongs.
    assert (
        'class="usa-accordion__button usa-nav__link usa-current" aria-expanded="false" aria-controls="nav-cases"'
        in body
    )
    assert body.count("usa-current") == 2


def test_pages_with_personal_data_are_never_cached(personas):
    response = signed_in_client(personas[Role.OFFICER]).get(reverse("home"))
    assert response["Cache-Control"] == "no-store"


def test_pages_forbid_inline_scripts(personas):
    response = signed_in_client(personas[Role.OFFICER]).get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_an_agency_page_lists_its_staff_and_their_roles(personas):
    response = signed_in_client(personas[Role.CASE_MANAGER]).get(
        reverse("agencies:detail", args=[personas[Role.CASE_MANAGER].agency.public_id])
    )
    html = response.content.decode()
    assert str(personas[Role.OUTREACH]) in html
    assert "Outreach specialist" in html


def test_the_agency_page_runs_the_same_queries_for_one_person_and_for_many(personas):
    agency = personas[Role.OFFICER].agency
    client = signed_in_client(personas[Role.OFFICER])
    url = reverse("agencies:detail", args=[agency.public_id])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    UserFactory.create_batch(20, agency=agency, roles=[Role.OFFICER])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["staff"]) == 21
    assert len(many) == len(one)
