"""Every object a URL names is looked up through its kind's one scoped lookup (lead/access.py:
`register_kind`, `get_visible`), never fetched by the view itself: a view that fetched a referral
by its id would show it to whoever reaches the URL. Two checks: each such URL, opened by a role
it lets in, records that its kind's lookup ran; and no view module filters a model by an id it
took from the URL."""

import ast
import inspect
import sys

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lead import access
from lead.access import ACCESS
from lead.roles import Role
from tests.access_objects import OBJECT_KINDS
from tests.conftest import signed_in_client

# Kinds that are not rows of a table: a report's name, checked against the access map by the
# export view (reports/views.py), and the director's lists of records, all of them the director's.
NOT_ROWS = {"report_table", "report_records"}
# URL keyword arguments naming an object; a view filtering a model by one of them looks it up itself.
ID_KEYWORDS = ("public_id", "pk", "slug", "number")
PROJECT = ("lead", "eligibility", "cases", "owg", "outreach", "reports", "home")

OBJECT_URLS = sorted(name for name, rule in ACCESS.items() if rule.obj and rule.obj not in NOT_ROWS)


def test_every_kind_a_url_names_has_a_registered_lookup():
    named = {rule.obj for rule in ACCESS.values() if rule.obj} - NOT_ROWS
    assert sorted(named - set(access.KINDS)) == []


@pytest.mark.parametrize("view_name", OBJECT_URLS)
def test_a_view_looks_its_object_up_through_its_kinds_lookup(view_name, personas):
    rule = ACCESS[view_name]
    method = "GET" if rule.get else "POST"
    role = next(r for r in Role if r in (rule.get or rule.post))
    persona = personas[role]
    kind = OBJECT_KINDS[rule.obj]
    url = reverse(view_name, kwargs=kind.kwargs(kind.own(persona)))
    client = signed_in_client(persona)
    response = client.get(url) if method == "GET" else client.post(url)
    looked_up = getattr(response.wsgi_request, "_access_lookups", [])
    assert rule.obj in looked_up, (
        f"{method} {view_name} as {role.value}: looked up {looked_up or 'nothing'} through access.get_visible"
    )


def view_modules() -> set[str]:
    """The modules of every view the project's URLs route to."""
    modules = set()

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                module = getattr(pattern.callback, "__module__", "")
                if module.split(".")[0] in PROJECT:
                    modules.add(module)

    walk(get_resolver().url_patterns)
    return modules


def direct_lookups(source: str) -> list[str]:
    """Calls that filter a model by an id the function received (from the URL), or
    `get_object_or_404`: a view fetching an object itself instead of asking its kind's lookup."""
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        params = {a.arg for a in function.args.args + function.args.kwonlyargs} - {"request", "self"}
        for call in ast.walk(function):
            if not isinstance(call, ast.Call):
                continue
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            if name in {"get_object_or_404", "get_list_or_404"}:
                found.append(f"{function.name}: {name}()")
            if name not in {"filter", "get", "exclude"}:
                continue
            for keyword in call.keywords:
                by_id = keyword.arg and keyword.arg.split("__")[-1] in ID_KEYWORDS
                if by_id and isinstance(keyword.value, ast.Name) and keyword.value.id in params:
                    found.append(f"{function.name}: .{name}({keyword.arg}={keyword.value.id})")
    return found


def test_no_view_fetches_the_object_its_url_names_itself():
    modules = view_modules()
    assert "cases.views.referrals" in modules  # the walk found the views
    problems = {
        module: lookups
        for module in sorted(modules)
        if (lookups := direct_lookups(inspect.getsource(sys.modules[module])))
    }
    assert problems == {}


def test_the_static_check_catches_a_view_fetching_its_object():
    source = """
def agency_detail(request, public_id):
    agency = Agency.objects.filter(public_id=public_id).first()
"""
    assert direct_lookups(source) == ["agency_detail: .filter(public_id=public_id)"]
