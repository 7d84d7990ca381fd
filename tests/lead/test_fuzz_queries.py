"""Fuzz of what a page reads from its address: every GET page of the access map, as a role it
allows and with its object in that persona's scope, is asked again with each field of the page's
own search forms (and the usual list parameters: page, sort, q) set to each hostile value of
tests/hostile.py. None may answer with a server error. The Django admin's lists get the same
treatment for its own parameters (search, ordering, page)."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from lead.access import ACCESS
from lead.roles import Role
from tests import hostile
from tests.access_objects import OBJECT_KINDS
from tests.conftest import signed_in_client

LIST_PARAMETERS = ("page", "sort", "q")
PAGES = sorted(name for name, rule in ACCESS.items() if rule.get and not rule.public and not name.startswith("admin:"))
# What an address can carry that a database or a parser chokes on (a shorter list than the
# forms' keeps this test quick: the rest are refused by the same validators).
VALUES = [hostile.RAW["lone surrogate"]] + [
    hostile.values_for(None)[list(hostile.TYPED).index(name)]
    for name in ("nul", "oversize", "number past the database's range", "right-to-left override")
]


class SearchFormReader(HTMLParser):
    """The field names of the page's GET forms."""

    def __init__(self):
        super().__init__()
        self.names: list[str] = []
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_form = (a.get("method") or "get").lower() == "get"
        elif self._in_form and tag in ("input", "select", "textarea") and a.get("name") and a["name"] not in self.names:
            self.names.append(a["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


def _page(name, personas):
    rule = ACCESS[name]
    role = next(r for r in Role if r in rule.get)
    persona = personas[role]
    kwargs = OBJECT_KINDS[rule.obj].kwargs(OBJECT_KINDS[rule.obj].own(persona)) if rule.obj else {}
    return signed_in_client(persona), reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", PAGES)
def test_hostile_values_in_the_address_of_every_page_answer_without_a_server_error(name, personas):
    client, url = _page(name, personas)
    first = client.get(url)
    assert first.status_code < 500
    reader = SearchFormReader()
    if first.get("Content-Type", "").startswith("text/html"):
        reader.feed(first.content.decode())
    for parameter in [*reader.names, *LIST_PARAMETERS]:
        for raw in VALUES:
            response = client.get(f"{url}?{parameter}={raw}")
            assert response.status_code < 500, (name, parameter, raw[:40])


def test_hostile_values_in_the_admin_lists_answer_without_a_server_error(personas):
    client = signed_in_client(personas[Role.SITE_ADMIN])
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        if client.get(url).status_code != 200:
            continue
        for parameter in ("q", "o", "p"):
            for raw in VALUES:
                response = client.get(f"{url}?{parameter}={raw}")
                assert response.status_code < 500, (url, parameter, raw[:40])


def test_hostile_values_in_the_sign_in_address_answer_without_a_server_error(db):
    for raw in VALUES:
        assert Client().get(f"{reverse('accounts:sign-in')}?next={raw}").status_code < 500
