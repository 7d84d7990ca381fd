"""Exports: the formula guard, streaming CSV and XLSX with the Part 2 notice, the director's
de-identified extract, and the referral list's download."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import Contact, Goal, Participant, Referral, ServicePlan
from lead.audit.models import AccessEvent
from lead.exports import (
    PART2_NOTICE,
    csv_response,
    export_response,
    neutralize,
    xlsx_response,
)
from lead.roles import Role
from reports.deidentified import HEADER, extract_rows, pseudonym
from tests.conftest import signed_in_client
from tests.factories import (
    UserFactory,
    arrest_referral,
    completed_assessment,
    criminal_case,
    decision,
    open_case,
    social_referral,
)
from tests.helpers import clock_at

pytestmark = pytest.mark.django_db

# 10:00 on Tuesday, March 10, 2026 in Harbor County (America/Los_Angeles).
NOW = datetime.datetime(2026, 3, 10, 17, 0, tzinfo=datetime.UTC)

# What the fixtures plant in free-text and identifying fields; none of it may leave in the extract.
PLANTED = {
    "first_name": "Zebulon",
    "last_name": "Quixote",
    "phone": "(555) 014-2277",
    "email": "zq@example.invalid",
    "contact_notes": "Under the Fifth Street bridge",
    "offense": "Shoplifting razor blades",
    "overview": "Took razors from the Main Street pharmacy",
    "crime_report_number": "HC-26-774411",
    "incident_location": "Main Street pharmacy",
}


clock = clock_at(NOW)


@pytest.fixture(autouse=True)
def pseudonym_key(settings):
    settings.LEAD_PSEUDONYM_KEY = "test-pseudonym-key"


@pytest.fixture
def case(officer):
    """A planted arrest diversion with an open, assessed case, contacts, an ISP, an OWG decision
    and a criminal case."""
    referral = arrest_referral(officer=officer, first_name=PLANTED["first_name"], last_name=PLANTED["last_name"])
    Participant.objects.filter(pk=referral.participant_id).update(
        phone=PLANTED["phone"],
        email=PLANTED["email"],
        contact_notes=PLANTED["contact_notes"],
        race=["black", "white"],
        ethnicity="not_hispanic",
        gender="man",
    )
    Referral.objects.filter(pk=referral.pk).update(
        offense=PLANTED["offense"],
        overview=PLANTED["overview"],
        crime_report_number=PLANTED["crime_report_number"],
        incident_location=PLANTED["incident_location"],
        handed_off_at=NOW + datetime.timedelta(minutes=25),
    )
    case = open_case(referral)
    completed_assessment(case)
    for reached in (True, False):
        Contact.objects.create(
            case=case,
            kind=Contact.Kind.PHONE,
            reached=reached,
            at=NOW,
            outcome="Talked about detox",
            by=case.case_manager,
        )
    plan = ServicePlan.objects.create(case=case)
    for status in (Goal.Status.ACHIEVED, Goal.Status.OPEN):
        Goal.objects.create(
            plan=plan, domain="housing", need="No place to stay", goal="A room near the clinic", status=status
        )
    decision(by=UserFactory(roles=[Role.DIRECTOR]), case=case)
    criminal_case(participant=case.participant)
    return case


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def xlsx_workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def xlsx_rows(response) -> list[tuple]:
    """The data sheet's rows (the first sheet; a notice has a sheet of its own)."""
    return list(xlsx_workbook(response).worksheets[0].iter_rows(values_only=True))


# neutralize ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=SUM(A1:A2)", "+1", "-1", "@x", "\tx", "\rx"])
def test_neutralize_quotes_text_that_a_spreadsheet_would_read_as_a_formula(text):
    assert neutralize(text) == "'" + text


def test_neutralize_leaves_plain_text_alone():
    assert neutralize("Jordan Reyes") == "Jordan Reyes"
    assert neutralize("a=b") == "a=b"


@pytest.mark.parametrize("number", [42, -1, 3.5, Decimal("-1.25")])
def test_neutralize_keeps_numbers_numbers(number):
    assert neutralize(number) is number


def test_neutralize_writes_none_as_empty_and_dates_as_iso_text():
    assert neutralize(None) == ""
    assert neutralize(datetime.date(2026, 3, 10)) == "2026-03-10"
    assert neutralize(NOW) == "2026-03-10T17:00:00+00:00"


# CSV and XLSX --------------------------------------------------------------------------------


def test_a_csv_export_streams_the_bom_and_the_notice_first():
    response = csv_response("x.csv", iter([["Name", "Count"], ["=cmd|' /C calc'!A0", 3]]), notice=PART2_NOTICE)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith('\ufeff"This record which has been disclosed to you')
    assert list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))[1:] == [
        ["Name", "Count"],
        ["'=cmd|' /C calc'!A0", "3"],
    ]


def test_an_xlsx_export_has_its_header_first_bold_and_frozen_and_the_notice_on_a_sheet_of_its_own():
    response = xlsx_response("x.xlsx", iter([["Name", "Count"], ["@SUM(1)", 3], ["Zoë", None]]), notice=PART2_NOTICE)

    assert response["Content-Disposition"] == 'attachment; filename="x.xlsx"'
    workbook = xlsx_workbook(response)
    data, notice = workbook.worksheets
    assert list(data.iter_rows(values_only=True)) == [("Name", "Count"), ("'@SUM(1)", 3), ("Zoë", None)]
    assert data.freeze_panes == "A2" and data["A1"].font.bold and not data["A2"].font.bold
    assert notice.title == "Notice" and notice["A1"].value == PART2_NOTICE


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError):
        export_response("pdf", "x", iter([["a"]]))


# The de-identified extract -------------------------------------------------------------------


def test_the_extract_is_for_the_director_only(personas, case):
    for role, user in personas.items():
        response = signed_in_client(user).get(reverse("reports:extract"))
        assert response.status_code == (200 if role == Role.DIRECTOR else 403), role


def test_the_extract_download_is_logged_once(director, case):
    response = signed_in_client(director).get(reverse("reports:extract"))
    b"".join(response.streaming_content)

    event = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT)
    assert (event.user, event.detail) == (director, "de-identified extract")


def test_the_extract_starts_with_the_part2_notice_and_the_header(director, case):
    response = signed_in_client(director).get(reverse("reports:extract"))

    assert response["Content-Disposition"] == 'attachment; filename="lead-deidentified-extract-2026-03-10.csv"'
    rows = csv_rows(response)
    assert rows[0] == [PART2_NOTICE]
    assert rows[1] == HEADER


def test_the_extract_leaves_out_names_contact_details_report_numbers_and_free_text(director, case):
    content = b"".join(signed_in_client(director).get(reverse("reports:extract")).streaming_content).decode()

    for value in [
        *PLANTED.values(),
        "Precinct 2",
        "Talked about detox",
        "A room near the clinic",
        "A place to sleep indoors",
        "24-CR-0113",
        "Theft in the third degree",
        case.referral.screening.report_number,
        str(case.participant.public_id),
    ]:
        assert value not in content, value


def test_the_extract_has_months_not_dates(director, case):
    rows = csv_rows(signed_in_client(director).get(reverse("reports:extract")))

    cells = [cell for row in rows[2:] for cell in row]
    assert not [cell for cell in cells if re.search(r"\d{4}-\d{2}-\d{2}", cell)]
    assert "2026-03" in cells


def test_the_extract_keeps_structured_outcomes(director, case):
    rows = [
        dict(zip(HEADER, row, strict=True))
        for row in csv_rows(signed_in_client(director).get(reverse("reports:extract")))[2:]
    ]

    by_type = {row["row_type"]: row for row in rows}
    assert by_type["referral"]["case"] == by_type["case"]["case"] == pseudonym("case", case.public_id)
    assert by_type["referral"]["handoff_minutes"] == "25"
    assert by_type["referral"]["provider"] == ""
    assert {
        key: by_type["case"][key]
        for key in (
            "kind",
            "referral_month",
            "age_band",
            "race",
            "gender",
            "case_opened_month",
            "days_to_consent",
            "days_to_assessment",
            "assessed_on_time",
            "housing_at_assessment",
            "employment_at_assessment",
            "contacts",
            "contacts_reached",
            "isp_goals",
            "isp_goals_met",
            "owg_decisions",
            "criminal_cases",
        )
    } == {
        "kind": "arrest_diversion",
        "referral_month": "2026-03",
        "age_band": "35-44",
        "race": "black;white",
        "gender": "man",
        "case_opened_month": "2026-03",
        "days_to_consent": "0",
        "days_to_assessment": "0",
        "assessed_on_time": "yes",
        "housing_at_assessment": "unsheltered",
        "employment_at_assessment": "unemployed",
        "contacts": "2",
        "contacts_reached": "1",
        "isp_goals": "2",
        "isp_goals_met": "1",
        "owg_decisions": "1",
        "criminal_cases": "1",
    }


def test_pseudonyms_are_stable_across_downloads_and_differ_between_people(director, officer, case):
    social_referral(by=officer, first_name="Ada", last_name="Lovelace")
    client = signed_in_client(director)

    first, second = (csv_rows(client.get(reverse("reports:extract")))[2:] for _ in range(2))

    assert first == second
    people = {row[HEADER.index("person")] for row in first}
    assert people == {
        pseudonym("person", case.participant.public_id),
        pseudonym("person", Participant.objects.get(first_name="Ada").public_id),
    }


def test_pseudonyms_depend_on_the_key(settings):
    before = pseudonym("person", "4d1c3c9e-0000-4000-8000-000000000000")
    settings.LEAD_PSEUDONYM_KEY = "another-key"
    assert pseudonym("person", "4d1c3c9e-0000-4000-8000-000000000000") != before
    assert pseudonym("referral", "4d1c3c9e-0000-4000-8000-000000000000") != before


def test_the_extract_reads_each_kind_of_row_in_one_query(officer, case):
    for n in range(3):
        open_case(arrest_referral(officer=officer, first_name=f"Person{n}"))

    with CaptureQueriesContext(connection) as queries:
        rows = list(extract_rows())

    assert len(rows) == 1 + 4 + 4
    assert len(queries) == 2


def test_the_extract_comes_as_xlsx_too(director, case):
    response = signed_in_client(director).get(reverse("reports:extract"), {"format": "xlsx"})

    data, notice = xlsx_workbook(response).worksheets
    rows = list(data.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert len(rows) == 3
    assert notice["A1"].value == PART2_NOTICE


def test_the_extract_answers_400_to_an_unknown_format(director):
    response = signed_in_client(director).get(reverse("reports:extract"), {"format": "pdf"})

    assert response.status_code == 400
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).exists()


# The referral list's download ----------------------------------------------------------------


def test_the_referral_list_export_has_the_rows_of_every_page_with_the_notice_first(officer):
    for n in range(26):
        social_referral(by=officer, first_name=f"Person{n}")

    rows = csv_rows(signed_in_client(officer).get(reverse("cases:referral-list"), {"format": "csv"}))

    assert rows[0] == [PART2_NOTICE]
    assert rows[1] == ["When", "Reference", "Person", "Kind", "Stage", "From", "Status"]
    assert len(rows) == 2 + 26
    assert rows[2] == [
        "2026-03-10 10:00",
        "L-2026-0026",
        "Person25 Carter",
        "Social contact referral",
        "",
        officer.agency.name,
        "Waiting for OWG approval",
    ]


def test_the_referral_list_export_keeps_the_filters(officer):
    arrest_referral(officer=officer, first_name="Arrested")
    social_referral(by=officer, first_name="Social")

    rows = csv_rows(
        signed_in_client(officer).get(reverse("cases:referral-list"), {"kind": "social_contact", "format": "csv"})
    )

    assert [row[2] for row in rows[2:]] == ["Social Carter"]


def test_the_referral_list_export_has_only_the_rows_the_user_may_see(officer, outsider):
    arrest_referral(officer=officer, first_name="Hidden")
    social_referral(by=outsider, first_name="Visible")

    rows = csv_rows(signed_in_client(outsider).get(reverse("cases:referral-list"), {"format": "csv"}))

    assert [row[2] for row in rows[2:]] == ["Visible Carter"]


def test_the_referral_list_export_neutralizes_formula_looking_names(officer):
    arrest_referral(officer=officer, first_name='=HYPERLINK("http://evil.example","x")', last_name="Reyes")

    response = signed_in_client(officer).get(reverse("cases:referral-list"), {"format": "xlsx"})

    person = xlsx_rows(response)[1][2]
    assert person == '\'=HYPERLINK("http://evil.example","x") Reyes'


def test_the_referral_list_export_is_logged(officer):
    social_referral(by=officer)

    response = signed_in_client(officer).get(reverse("cases:referral-list"), {"status": "pending", "format": "xlsx"})
    b"".join(response.streaming_content)

    event = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT)
    assert event.user == officer
    assert event.detail.startswith("referral list")


def test_the_referral_list_offers_the_downloads_with_its_filters(officer):
    social_referral(by=officer)

    response = signed_in_client(officer).get(reverse("cases:referral-list"), {"kind": "social_contact"})

    assert b'href="?kind=social_contact&amp;format=csv"' in response.content
    assert b'href="?kind=social_contact&amp;format=xlsx"' in response.content
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).exists()


def test_the_referral_list_answers_400_to_an_unknown_format(officer):
    assert signed_in_client(officer).get(reverse("cases:referral-list"), {"format": "pdf"}).status_code == 400
