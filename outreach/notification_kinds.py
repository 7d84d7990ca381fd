"""What notifications to an outreach specialist about a participant to find say of them
(lead/notifications/describe.py): the participant's name and the case reference, while the
specialist is still assigned (engaged_cases), in one query. Registered by OutreachConfig.ready."""

from collections.abc import Collection
from uuid import UUID

from cases.notification_kinds import case_references
from lead.notifications import describe
from outreach.selectors import engaged_cases


def engaged_cases_described(user, public_ids: Collection[UUID]) -> dict[UUID, str]:
    rows = engaged_cases(user).filter(public_id__in=public_ids)
    return {
        public_id: ", ".join(part for part in (f"{first} {last}", reference) if part)
        for public_id, first, last, reference in rows.values_list(
            "public_id", "participant__first_name", "participant__last_name", "referral__reference"
        )
    }


# No model: a case is a "case" unless the caller says about_kind="engaged_case".
describe.register("engaged_case", engaged_cases_described, reference=case_references)
