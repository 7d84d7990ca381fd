"""What notifications about screenings say of them (lead/notifications/describe.py): the report
number, to whoever may see the screening now (screenings_visible_to: the agency's officers, the
jurisdiction's prosecutors, the director), in one query. A screening names no person. Registered
by EligibilityConfig.ready."""

from collections.abc import Collection
from uuid import UUID

from eligibility.models import Screening
from eligibility.selectors import screenings_visible_to
from lead.notifications import describe


def screenings_described(user, public_ids: Collection[UUID]) -> dict[UUID, str]:
    rows = screenings_visible_to(user).filter(public_id__in=public_ids).values_list("public_id", "report_number")
    return {public_id: f"report {report}" for public_id, report in rows}


describe.register("screening", screenings_described, model=Screening)
