"""Access requests (separation of duties, lead/users/duties.py): their scoped lookup and who
may decide one, asked by the approval page and its list alike. Loaded by UsersConfig.ready."""

import rules

from lead import access
from lead.users import duties

access.register_kind(
    "access_request",
    visible_to=duties.access_requests_visible_to,
    log_as="users.accessrequest",
    missing="access request missing",
)
# The project director or another site administrator: not whoever asked, not the account itself.
# duties.access_request_approve and _reject ask the same function.
rules.add_perm("accounts.decide_request", rules.predicate(duties.may_decide))
