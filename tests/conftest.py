import os

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from lead.agencies.models import Agency
from lead.roles import Role
from tests.factories import AgencyFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the test
# (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PERSONA_AGENCY = {
    Role.OFFICER: ("Harbor City Police Department", Agency.Kind.POLICE),
    Role.PROSECUTOR: ("Harbor County District Attorney's Office", Agency.Kind.PROSECUTOR),
    Role.DEFENDER: ("Harbor County Public Defender's Office", Agency.Kind.PUBLIC_DEFENDER),
    Role.CASE_MANAGER: ("Bridgeway Community Services", Agency.Kind.SERVICE_PROVIDER),
    Role.OUTREACH: ("Bridgeway Community Services", Agency.Kind.SERVICE_PROVIDER),
    Role.DIRECTOR: ("Harbor County LEAD Program Office", Agency.Kind.PROGRAM),
    Role.PCG: ("Harbor County Sheriff's Office", Agency.Kind.SHERIFF),
    Role.COORDINATOR: ("Harbor County LEAD Program Office", Agency.Kind.PROGRAM),
    Role.SITE_ADMIN: ("Harbor County LEAD Program Office", Agency.Kind.PROGRAM),
}


@pytest.fixture
def personas(db) -> dict:
    """One user per role, each in the agency that role works for."""
    users = {}
    for role, (name, kind) in PERSONA_AGENCY.items():
        agency, _ = Agency.objects.get_or_create(name=name, defaults={"kind": kind})
        users[role] = UserFactory(username=role.value, agency=agency, roles=[role])
    return users


def _persona_fixture(role):
    @pytest.fixture
    def persona(personas):
        return personas[role]

    return persona


# One fixture a role, for tests that speak of "the officer", "the director"...: each is that
# role's persona. A module that needs the role's user set up further defines its own.
officer = _persona_fixture(Role.OFFICER)
prosecutor = _persona_fixture(Role.PROSECUTOR)
defender = _persona_fixture(Role.DEFENDER)
case_manager = _persona_fixture(Role.CASE_MANAGER)
director = _persona_fixture(Role.DIRECTOR)
pcg = _persona_fixture(Role.PCG)
coordinator = _persona_fixture(Role.COORDINATOR)


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Signed consents and releases go to the test's temporary folder, never into the repository
    or another test's way (the storage reads the setting at each use)."""
    settings.LEAD_PRIVATE_FILES = tmp_path / "private"
    return settings.LEAD_PRIVATE_FILES


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the report keeps the figures of closed periods
    there (reports/metrics.py), and another test's figures must not be read."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def outsider(db):
    """An officer of a police department that has nothing to do with the personas' records."""
    return UserFactory(username="outsider", agency=AgencyFactory(name="Far Valley Police"), roles=[Role.OFFICER])


def two_factor_device(user) -> TOTPDevice:
    return TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "test"})[0]


def signed_in_client(user) -> Client:
    """A client signed in as `user` who has passed two-factor."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = two_factor_device(user).persistent_id
    session.save()
    return client


def pytest_sessionfinish(session, exitstatus):
    """In CI (LEAD_FORBID_SKIPS=1) a skipped test is a failure: a missing browser, broker or
    database must not turn into a green run that tested nothing."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("LEAD_FORBID_SKIPS") == "1" and skipped and exitstatus == 0:
        session.exitstatus = 1
        reporter.write_line(f"{len(skipped)} test(s) skipped: skips are failures in CI", red=True)
