"""The main navigation. Each role sees the items the access map lets it open: the map is the
only place that knows who may use a page."""

from dataclasses import dataclass

from django.urls import reverse

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


NAV_ITEMS = [
    NavItem("Home", "home"),
    NavItem("Screenings", "eligibility:screening-list"),
    NavItem("Referrals", "cases:referral-list"),
    NavItem("Cases", "cases:case-list"),
    NavItem("Caseloads", "cases:caseloads", supervising=True),
    NavItem("On-call roster", "cases:roster"),
    NavItem("Coverage", "cases:coverage-list"),
    NavItem("OWG meetings", "owg:meetings"),
    NavItem("Criminal cases", "owg:criminal-cases"),
    NavItem("Eligibility criteria", "eligibility:criteria-list"),
    NavItem("Participants to reach", "outreach:participants"),
    NavItem("Community", "outreach:community"),
    NavItem("Community reports", "outreach:reports"),
    NavItem("Training", "outreach:trainings"),
    NavItem("Reports", "reports:director"),
    NavItem("PCG report", "reports:pcg"),
    NavItem("My figures", "reports:caseload"),
    NavItem("My agency", "agencies:detail", kwargs_of="agency"),
    NavItem("Access log", "audit:log"),
    NavItem("Administration", "admin:index"),
    NavItem("My account", "accounts:account"),
]


def navigation_for(request) -> list[dict]:
    """The items the user may open; the current one is the item whose address is the longest
    start of the page's (on /cases/caseloads/, "Caseloads", not "Cases")."""
    items = []
    for item in NAV_ITEMS:
        if not (access.allows(request.user, item.view_name) and item.shown_to(request.user)):
            continue
        url = item.url(request.user)
        if url is None:
            continue
        items.append({"label": item.label, "url": url, "current": False})
    matching = [i for i in items if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))]
    if matching:
        max(matching, key=lambda i: len(i["url"]))["current"] = True
    return items
