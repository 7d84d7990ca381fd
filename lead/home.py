"""What each role's home page lists. Later features add their queues here; a user with several
roles sees the panels of each, once."""

from dataclasses import dataclass

from lead.roles import Role


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    empty: str


SCREENINGS = Panel("screenings", "Eligibility screenings by your agency", "No screenings yet.")
REFERRALS = Panel("referrals", "Referrals and diversions", "No referrals yet.")
HANDOFFS = Panel("handoffs", "Hand-offs waiting for a case manager", "No hand-offs are waiting.")
CASELOAD = Panel("caseload", "My caseload", "No participants are assigned to you yet.")
DEADLINES = Panel("deadlines", "Assessments due soon", "No assessments are due.")
ENGAGEMENT = Panel("engagement", "Participants to reach", "No participants are assigned to you for outreach.")
CHARGING = Panel("charging", "Pre-booking paperwork held by your office", "No paperwork is on hold.")
OWG = Panel("owg", "Next Operations Workgroup meeting", "No meeting is scheduled yet.")
PROGRAM = Panel("program", "Program at a glance", "No participants yet.")
CRITERIA = Panel("criteria", "Eligibility criteria waiting for approval", "No criteria versions are waiting.")
REPORTS = Panel("reports", "Reports", "Reports appear once the program has participants.")
OUTREACH = Panel("outreach", "Community outreach and events", "No events are planned.")
ADMIN = Panel("admin", "Site administration", "Manage users, agencies, locked accounts and two-factor resets in Administration.")

PANELS_BY_ROLE = {
    Role.OFFICER: [SCREENINGS, REFERRALS],
    Role.PROSECUTOR: [CHARGING, REFERRALS, OWG],
    Role.DEFENDER: [OWG],
    Role.CASE_MANAGER: [HANDOFFS, CASELOAD, DEADLINES, OWG],
    Role.OUTREACH: [ENGAGEMENT],
    Role.DIRECTOR: [PROGRAM, DEADLINES, OWG, CRITERIA, REPORTS],
    Role.PCG: [CRITERIA, REPORTS],
    Role.COORDINATOR: [OUTREACH, REPORTS],
    Role.SITE_ADMIN: [ADMIN],
}


def panels_for(roles) -> list[Panel]:
    panels = []
    for role in Role:  # a fixed order, whatever order the groups come in
        if role in roles:
            panels.extend(p for p in PANELS_BY_ROLE[role] if p not in panels)
    return panels
