from tests.lead.test_settings import PRODUCTION_ENV, manage


def test_production_refuses_notification_email_without_the_sites_address():
    result = manage("check", **PRODUCTION_ENV, LEAD_EMAIL_NOTIFICATIONS="on")
    assert result.returncode != 0
    assert "LEAD_EMAIL_NOTIFICATIONS=on needs LEAD_SITE_URL" in result.stderr


def test_production_sends_notification_email_with_the_sites_address():
    result = manage("check", **PRODUCTION_ENV, LEAD_EMAIL_NOTIFICATIONS="on", LEAD_SITE_URL="https://lead.example.org")
    assert result.returncode == 0, result.stderr
