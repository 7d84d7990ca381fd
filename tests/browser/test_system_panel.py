"""The director reads the System panel on a phone: e-mail waiting and given up, a quarantined
deadline notice with its error and a link to the case; the page passes axe."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import DeadlineNotice
from lead.outbox.models import OutboxMessage
from lead.roles import Role
from tests.browser.helpers import PHONE, sign_in
from tests.factories import arrest_referral, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_sees_what_the_machinery_could_not_do_on_a_phone(
    browser, visit, assert_accessible, personas, settings
):
    now = timezone.now()
    case = open_case(arrest_referral(officer=personas[Role.OFFICER]), case_manager=personas[Role.CASE_MANAGER])
    settings.LEAD_EMAIL_NOTIFICATIONS = True
    DeadlineNotice.objects.create(
        case=case,
        kind="overdue",
        due_on=case.assessment_due_on,
        days_before=0,
        claimed_at=now,
        failures=2,
        failed_at=now,
        error="IntegrityError: poisoned row",
        retry_at=now + datetime.timedelta(hours=2),
    )
    for status in ("pending", "failed"):
        OutboxMessage.objects.create(
            user=personas[Role.CASE_MANAGER],
            subject="[LEAD] An assessment is overdue",
            body="/",
            status=status,
            created_at=now,
            due_at=now,
            attempts=1,
            failures=1,
            last_error="SMTPRecipientsRefused",
        )
    page = browser.new_page(viewport=PHONE)
    sign_in(page, visit, assert_accessible, personas[Role.DIRECTOR])
    panel = page.get_by_role("region", name="System")
    expect(panel).to_contain_text("E-mail: 1 waiting to be sent")
    expect(panel).to_contain_text("1 e-mail given up in the last 7 days")
    expect(panel).to_contain_text("SMTPRecipientsRefused")
    expect(panel).to_contain_text("IntegrityError: poisoned row")
    assert_accessible(page)
    panel.get_by_role("link", name="Overdue").click()  # the quarantined notice's case
    expect(page).to_have_url(f"{page.url.split('/cases/')[0]}/cases/{case.public_id}/")
