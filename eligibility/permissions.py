"""Who may see and do what in eligibility (docs/access.md): the scoped lookup of each kind of
object its URLs name, registered with lead.access, and the predicates of the actions on a
screening, asked by the action's view and by the page showing its button. Loaded by
EligibilityConfig.ready."""

import rules

from eligibility import selectors
from eligibility.models import Screening
from lead import access
from lead.roles import Role

access.register_kind(
    "screening",
    visible_to=selectors.screenings_visible_to,
    log_as="eligibility.screening",
    missing="screening out of scope or missing",
)
access.register_kind(
    "criteria_set",
    visible_to=selectors.criteria_sets_visible_to,
    log_as="eligibility.criteriaset",
    missing="criteria set missing",
)
access.register_kind(
    "criteria_version",
    visible_to=selectors.criteria_versions_visible_to,
    log_as="eligibility.criteriaversion",
    missing="criteria version not visible or missing",
)
access.register_kind(
    "criteria_draft",
    visible_to=selectors.criteria_drafts_visible_to,
    log_as="eligibility.criteriaversion",
    missing="criteria version not visible or missing",
)


@rules.predicate
def officer_of_its_agency(user, screening: Screening) -> bool:
    return Role.OFFICER in user.roles and screening.agency_id == user.agency_id


@rules.predicate
def prosecutor_of_its_jurisdiction(user, screening: Screening) -> bool:
    return Role.PROSECUTOR in user.roles and screening.agency.prosecuting_office_id == user.agency_id


# What follows a screening is its agency's officers': the coordination, the arrest, the offer
# of diversion (cases:offer).
rules.add_perm("eligibility.handle_screening", officer_of_its_agency)
# The prosecutor's review, where the site asks for one: the jurisdiction's prosecuting office.
rules.add_perm("eligibility.review_screening", prosecutor_of_its_jurisdiction)
