"""The production defaults, checked in a fresh process with the environment a deployment has."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "LEAD_SECRET_KEY": "a-production-secret-key-" + "x7Kp9Qw2Lm4Zr8Tn" * 3,
    "LEAD_PSEUDONYM_KEY": "a-production-pseudonym-key-" + "0123456789abcdef" * 2,
    "LEAD_ALLOWED_HOSTS": "lead.example.org",
    "DATABASE_URL": "postgres://lead@db.example.org/lead",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LEAD_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_reports_nothing_with_debug_off():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", **{**PRODUCTION_ENV, "LEAD_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "LEAD_SECRET_KEY is required" in result.stderr


def test_production_refuses_to_start_without_the_key_of_the_evaluators_pseudonyms():
    result = manage("check", **{**PRODUCTION_ENV, "LEAD_PSEUDONYM_KEY": ""})
    assert result.returncode != 0
    assert "LEAD_PSEUDONYM_KEY is required" in result.stderr


def test_production_refuses_to_switch_two_factor_off():
    result = manage("check", **PRODUCTION_ENV, LEAD_TWO_FACTOR="off")
    assert result.returncode != 0
    assert "LEAD_TWO_FACTOR=off is refused" in result.stderr


def test_production_refuses_demo_mode():
    result = manage("check", **PRODUCTION_ENV, LEAD_DEMO="on")
    assert result.returncode != 0
    assert "demo accounts never run in production" in result.stderr


def test_demo_data_is_refused_outside_demo_mode():
    result = manage("seed_demo", **{**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///:memory:"})
    assert result.returncode != 0
    assert "only for demo mode" in result.stderr


def test_sessions_end_when_the_browser_closes_and_after_twelve_hours_at_most():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


def test_no_template_has_an_inline_script_or_style():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        html = template.read_text()
        if "<script>" in html or "<script >" in html or " style=" in html or "<style" in html:
            offenders.append(template.name)
    assert offenders == []
