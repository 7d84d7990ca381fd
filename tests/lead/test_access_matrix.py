"""The permission matrix: every URL of the project × every role (and anonymous, and an outsider)
× own / other agency's / missing object, checked against the access map of lead/access.py and
docs/access-policy.md. A URL missing from the map fails here before anything else. Every 403 and 404
it meets must have written a denial to the access log."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lead.access import ACCESS, rule_for
from lead.roles import Role
from tests.access_objects import OBJECT_KINDS
from tests.conftest import signed_in_client

ALLOWED = "allowed"  # any answer but 403, 404, 405 or a server error


def url_names(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or '<unnamed>'}"


PROJECT_URLS = sorted(set(url_names()))
APP_URLS = [name for name in PROJECT_URLS if not name.startswith("admin:")]
# The admin is one rule ("admin:*"); these pages stand for it.
ADMIN_URLS = [
    "admin:index",
    "admin:users_user_changelist",
    "admin:agencies_agency_changelist",
    "admin:audit_accessevent_changelist",
    "admin:axes_accessattempt_changelist",
    "admin:users_accessrequest_changelist",
    "admin:system_siteconfiguration_changelist",
]


def test_every_url_of_the_project_is_in_the_access_map():
    missing = [name for name in PROJECT_URLS if rule_for(name) is None]
    assert missing == []


def test_every_entry_of_the_access_map_names_a_url_of_the_project():
    stale = [
        name
        for name in ACCESS
        if not (name in PROJECT_URLS or (name.endswith(":*") and any(u.startswith(name[:-1]) for u in PROJECT_URLS)))
    ]
    assert stale == []


def test_unnamed_urls_exist_only_where_a_whole_namespace_has_one_rule():
    unnamed = [name for name in PROJECT_URLS if name.endswith("<unnamed>")]
    assert [name for name in unnamed if f"{name.rpartition(':')[0]}:*" not in ACCESS] == []


def expected(rule, role: Role | None, method: str, variant: str) -> int | str:
    """What the access policy says `role` gets. role None is an anonymous visitor."""
    allowed_roles = rule.roles_for(method)
    if rule.public:
        return ALLOWED
    if role is None:
        return 302  # to the sign-in page
    if allowed_roles is None:
        return 405
    if role not in allowed_roles:
        return 403
    if variant == "missing" or (variant == "other" and role not in OBJECT_KINDS[rule.obj].everywhere):
        return 404
    return ALLOWED


def cells(view_name):
    rule = rule_for(view_name)
    variants = ["own", "other", "missing"] if rule.obj else [None]
    for method in ("GET", "POST"):
        for variant in variants:
            for role in [None, *Role]:
                yield method, variant, role


def request_url(view_name, rule, variant, persona, shared: dict | None = None):
    """The URL of one cell, with its object built afresh; or, given `shared`, the object built
    earlier for the same variant and persona (the matrix ran twice as long building one per cell)."""
    if rule.obj is None:
        return reverse(view_name)
    kind = OBJECT_KINDS[rule.obj]
    if variant == "missing":
        return reverse(view_name, kwargs=kind.missing_kwargs())
    key = (variant, persona.pk if variant == "own" else None)
    if shared is not None and key in shared:
        obj = shared[key]
    else:
        obj = kind.own(persona) if variant == "own" else kind.other()
        if shared is not None:
            shared[key] = obj
    return reverse(view_name, kwargs=kind.kwargs(obj))


def denied_count() -> int:
    from lead.audit.models import AccessEvent

    return AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED).count()


def check(view_name, personas, client_factory):
    rule = rule_for(view_name)
    wrong = []
    # A GET or a refused request changes nothing: those share their objects. A POST the policy
    # allows may change its object, so it gets one of its own.
    unchanged = {}
    for method, variant, role in cells(view_name):
        persona = personas[role] if role else personas[Role.OFFICER]
        client = client_factory(personas[role]) if role else client_factory(None)
        want = expected(rule, role, method, variant)
        may_change = method == "POST" and want == ALLOWED
        url = request_url(view_name, rule, variant, persona, None if may_change else unchanged)
        denials = denied_count()
        response = client.get(url) if method == "GET" else client.post(url)
        got = response.status_code
        ok = (got not in {403, 404, 405} and got < 500) if want == ALLOWED else got == want
        if want == 302 and ok:
            ok = "/accounts/sign-in/" in response["Location"]
        if not ok:
            who = role.value if role else "anonymous"
            wrong.append(f"{method} {url} as {who} ({variant or 'no object'}): got {got}, want {want}")
        elif got in {403, 404} and denied_count() == denials:
            wrong.append(
                f"{method} {url} as {role.value} ({variant or 'no object'}): {got} without a denial in the access log"
            )
    return wrong


@pytest.fixture(autouse=True)
def healthy_site(db):
    """A deadline sweep finished just now: /healthz answers 200 (it fails when sweeps stop)."""
    from django.utils import timezone

    from cases.models import SweepRun

    SweepRun.objects.create(started_at=timezone.now(), finished_at=timezone.now())
    # The public report page is published (it answers 404 while the site keeps it off).
    from lead.system.models import SiteConfiguration

    config = SiteConfiguration.current()
    config.public_reports = True
    config.save()


def client_factory(user):
    from django.test import Client

    return signed_in_client(user) if user else Client()


@pytest.mark.parametrize("view_name", APP_URLS + ADMIN_URLS)
def test_every_role_gets_what_the_access_map_says(view_name, personas):
    assert check(view_name, personas, client_factory) == []


@pytest.mark.parametrize(
    "view_name",
    [
        n
        for n in APP_URLS
        if rule_for(n).obj and OBJECT_KINDS[rule_for(n).obj].agency_scoped and Role.OFFICER in rule_for(n).get
    ],
)
def test_an_outsider_gets_404_for_another_agencys_object(view_name, personas, outsider):
    rule = rule_for(view_name)
    kind = OBJECT_KINDS[rule.obj]
    url = reverse(view_name, kwargs=kind.kwargs(kind.own(personas[Role.OFFICER])))
    assert signed_in_client(outsider).get(url).status_code == 404


def test_an_outsiders_404_looks_the_same_as_a_missing_object(personas, outsider):
    kind = OBJECT_KINDS["agency"]
    client = signed_in_client(outsider)
    existing = client.get(reverse("agencies:detail", kwargs=kind.kwargs(personas[Role.OFFICER].agency)))
    missing = client.get(reverse("agencies:detail", kwargs=kind.missing_kwargs()))
    assert existing.status_code == missing.status_code == 404
    assert strip_csrf(existing.content) == strip_csrf(missing.content)


def strip_csrf(html: bytes) -> bytes:
    import re

    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


def test_a_user_without_a_role_can_open_nothing_but_their_account(db):
    from tests.factories import UserFactory

    client = signed_in_client(UserFactory(roles=[]))
    assert client.get(reverse("home")).status_code == 403
    assert client.get(reverse("audit:log")).status_code == 403


def test_a_deactivated_user_is_signed_out(personas):
    officer = personas[Role.OFFICER]
    client = signed_in_client(officer)
    officer.is_active = False
    officer.save()
    assert client.get(reverse("home")).status_code == 302
