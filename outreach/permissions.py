"""The scoped lookup of each kind of object outreach's URLs name (docs/access.md), registered
with lead.access. What the roles may do on them is the access map's alone (the pages' buttons
ask it with `access.allows`). Loaded by OutreachConfig.ready."""

from lead import access
from outreach import selectors

access.register_kind(
    "engaged_case",
    visible_to=lambda user: selectors.engaged_cases(user).select_related("participant", "case_manager"),
    log_as="cases.case",
    missing="participant not assigned to this specialist",
)
access.register_kind(
    "clt_member", visible_to=selectors.clt_members_visible_to, log_as="outreach.cltmember", missing="CLT member missing"
)
access.register_kind(
    "activity", visible_to=selectors.activities_visible_to, log_as="outreach.activity", missing="activity missing"
)
access.register_kind(
    "feedback", visible_to=selectors.feedback_visible_to, log_as="outreach.feedback", missing="feedback missing"
)
access.register_kind(
    "monthly_report",
    visible_to=selectors.monthly_reports_visible_to,
    log_as="outreach.monthlyreport",
    missing="monthly report not submitted or missing",
)
access.register_kind(
    "training",
    visible_to=selectors.training_sessions_visible_to,
    log_as="outreach.trainingsession",
    missing="training session missing",
)
