"""The main navigation. Each role sees the items the access map lets it open: the map is the
only place that knows who may use a page."""

from dataclasses import dataclass

from django.urls import reverse

from lead import access


@dataclass(frozen=True)
class NavItem:
    label: str
    view_name: str
    kwargs_of: str = ""  # "agency": the user's own agency

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
    items = []
    for item in NAV_ITEMS:
        if not access.allows(request.user, item.view_name):
            continue
        url = item.url(request.user)
        if url is None:
            continue
        current = request.path == url if item.view_name == "home" else request.path.startswith(url)
        items.append({"label": item.label, "url": url, "current": current})
    return items
