from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The search box of every page: it reads cases, eligibility, the OWG's criminal cases and
    outreach through their scoped selectors, and nothing imports it."""

    name = "search"
    verbose_name = "Search"
