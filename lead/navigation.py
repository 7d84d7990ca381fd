"""The main navigation. Each role sees the items the access map lets it open: the map is the
only place that knows who may use a page.

The items sit in a few groups, each a menu of the USWDS extended header, so that the user holding
the most roles (the director: 16 pages) gets seven entries that fit one row from 1024 px. A group
with one item the user may open is a plain link, not a menu of one; a group with none is absent."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.text import slugify

from lead import access
from lead.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    view_name: str
    kwargs_of: str = ""  # "agency": the user's own agency
    supervising: bool = False  # shown to supervisors and the director only

    def shown_to(self, user) -> bool:
        return not self.supervising or user.is_supervisor or Role.DIRECTOR in user.roles

    def url(self, user) -> str | None:
        if self.kwargs_of == "agency":
            if user.agency is None:
                return None
            return reverse(self.view_name, kwargs={"public_id": user.agency.public_id})
        return reverse(self.view_name)


@dataclass(frozen=True)
class NavGroup:
    label: str
    items: tuple[NavItem, ...]


NAVIGATION: list[NavItem | NavGroup] = [
    NavItem("Home", "home"),
    NavGroup(
        "Cases",
        (
            NavItem("Screenings", "eligibility:screening-list"),
            NavItem("Referrals", "cases:referral-list"),
            NavItem("Cases", "cases:case-list"),
            NavItem("Caseloads", "cases:caseloads", supervising=True),
            NavItem("On-call roster", "cases:roster"),
            NavItem("Coverage", "cases:coverage-list"),
        ),
    ),
    NavGroup(
        "OWG",
        (
            NavItem("OWG meetings", "owg:meetings"),
            NavItem("Criminal cases", "owg:criminal-cases"),
            NavItem("Eligibility criteria", "eligibility:criteria-list"),
        ),
    ),
    NavGroup(
        "Community",
        (
            NavItem("Participants to reach", "outreach:participants"),
            NavItem("Community", "outreach:community"),
            NavItem("Community reports", "outreach:reports"),
            NavItem("Training", "outreach:trainings"),
        ),
    ),
    NavGroup(
        "Reports",
        (
            NavItem("Reports", "reports:director"),
            NavItem("PCG report", "reports:pcg"),
            NavItem("My figures", "reports:caseload"),
        ),
    ),
    NavGroup(
        "Administration",
        (
            NavItem("Access log", "audit:log"),
            NavItem("Administration", "admin:index"),
            NavItem("My agency", "agencies:detail", kwargs_of="agency"),
        ),
    ),
    NavItem("My account", "accounts:account"),
]


def _link(item: NavItem, user) -> dict | None:
    if not (access.allows(user, item.view_name) and item.shown_to(user)):
        return None
    url = item.url(user)
    if url is None:
        return None
    return {"label": item.label, "url": url, "current": False}


def navigation_for(request) -> list[dict]:
    """The entries of the navigation: links ({"label", "url", "current"}) and menus ({"label",
    "id", "links": [links], "current"}). The current link is the one whose address is the longest
    start of the page's (on /cases/caseloads/, "Caseloads", not "Cases"); its menu is current too."""
    entries: list[dict] = []
    for node in NAVIGATION:
        if isinstance(node, NavItem):
            if link := _link(node, request.user):
                entries.append(link)
            continue
        links = [link for item in node.items if (link := _link(item, request.user))]
        if len(links) == 1:
            entries.append(links[0])
        elif links:
            entries.append({"label": node.label, "id": f"nav-{slugify(node.label)}", "links": links, "current": False})
    _mark_current(entries, request.path)
    return entries


def _mark_current(entries: list[dict], path: str) -> None:
    candidates = [(link, entry) for entry in entries for link in entry.get("links", [entry])]
    matching = [
        (link, entry)
        for link, entry in candidates
        if path == link["url"] or (link["url"] != "/" and path.startswith(link["url"]))
    ]
    if matching:
        link, entry = max(matching, key=lambda pair: len(pair[0]["url"]))
        link["current"] = entry["current"] = True


def labels(entries: list[dict]) -> list[str]:
    """The labels of the links, menus flattened (what a user can open, in order)."""
    return [link["label"] for entry in entries for link in entry.get("links", [entry])]
