"""Who may see and do what in cases (docs/access.md): the scoped lookup of each kind of object
its URLs name, registered with lead.access, and the predicate of each action that the role
level of the map cannot decide alone. The action's view and the page showing its button both
ask the predicate (`access.permits`). Loaded by CasesConfig.ready."""

import rules
from django.utils import timezone

from cases import selectors
from cases.clinical import break_glass_cases, clinical_cases
from cases.models import Referral
from lead import access
from lead.roles import Role

access.register_kind(
    "referral",
    visible_to=selectors.referral_pages_visible_to,
    log_as="cases.referral",
    missing="referral out of scope or missing",
)
access.register_kind(
    "case", visible_to=selectors.cases_visible_to, log_as="cases.case", missing="case out of scope or missing"
)
# The clinical record of a case is a narrower scope than its status page (cases/clinical.py).
access.register_kind(
    "clinical_case",
    visible_to=clinical_cases,
    log_as="cases.case",
    missing="clinical record out of scope or missing",
)
access.register_kind(
    "roi",
    visible_to=selectors.releases_visible_to,
    log_as="cases.releaseofinformation",
    missing="release of information out of scope or missing",
)
access.register_kind(
    "break_glass",
    visible_to=lambda user: break_glass_cases(user, now=timezone.now()),
    log_as="cases.case",
    missing="break-glass record without a running opening, or missing",
)
access.register_kind(
    "provider",
    visible_to=selectors.providers_visible_to,
    log_as="agencies.agency",
    missing="provider missing or not the user's",
)
access.register_kind(
    "coverage",
    visible_to=selectors.coverages_visible_to,
    log_as="cases.coverage",
    missing="coverage out of scope or missing",
)
access.register_kind(
    "shift", visible_to=selectors.shifts_visible_to, log_as="cases.oncallshift", missing="shift missing"
)


@rules.predicate
def made_the_referral(user, referral: Referral) -> bool:
    return referral.referred_by_id == user.pk


@rules.predicate
def officer_of_the_referring_agency(user, referral: Referral) -> bool:
    return Role.OFFICER in user.roles and referral.agency_id == user.agency_id


@rules.predicate
def arrest_diversion(user, referral: Referral) -> bool:
    return referral.kind == Referral.Kind.ARREST_DIVERSION


@rules.predicate
def case_manager_of_its_case(user, referral: Referral) -> bool:
    case = getattr(referral, "case", None)
    return case is not None and case.case_manager_id == user.pk


@rules.predicate
def prosecutor_holding_its_paperwork(user, referral: Referral) -> bool:
    hold = getattr(referral, "charging_hold", None)
    return hold is not None and Role.PROSECUTOR in user.roles and hold.office_id == user.agency_id


@rules.predicate
def manages_coverage_of(user, provider) -> bool:
    """The project director, or the provider's own supervisor."""
    if Role.DIRECTOR in user.roles:
        return True
    return Role.CASE_MANAGER in user.roles and user.is_supervisor and user.agency_id == provider.pk


# Only whoever made a referral withdraws it (while it is pending: the service's rule).
rules.add_perm("cases.withdraw_referral", made_the_referral)
# The LEAD Intake Form is the referring agency's officers', for an arrest diversion.
rules.add_perm("cases.fill_intake", officer_of_the_referring_agency & arrest_diversion)
# The time of the warm hand-off: the referring officer's agency or the case manager who met them.
rules.add_perm("cases.record_handoff", arrest_diversion & (officer_of_the_referring_agency | case_manager_of_its_case))
# Charging paperwork held for diversion is decided by the office holding it.
rules.add_perm("cases.decide_charging", prosecutor_holding_its_paperwork)
# Coverage of a provider's caseload (object: the provider).
rules.add_perm("cases.manage_coverage", manages_coverage_of)
