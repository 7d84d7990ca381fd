"""The OWG's decisions on determinations, recorded by the project director until the OWG feature
builds meetings (policy VIIII.C-D)."""

from datetime import date, datetime

from django.db import transaction
from django.urls import reverse

from cases.deadlines import assessment_extend
from lead.notifications.services import notify
from lead.services import Conflict, acting
from owg.models import Determination


@transaction.atomic
def determination_decide(*, determination: Determination, by, outcome: str, decision: str, now: datetime,
                         due_on: date | None = None) -> Determination:
    """`outcome` "extend" (overdue assessments only: a new due date and the plan of action in
    `decision`) or "decide" (the decision in words, e.g. file the original charge)."""
    determination = Determination.objects.select_for_update().get(pk=determination.pk)
    if determination.status != Determination.Status.PENDING:
        raise Conflict("The OWG has already decided this.")
    if outcome == "extend":
        if determination.kind != Determination.Kind.ASSESSMENT_OVERDUE:
            raise ValueError("Only an overdue assessment can be extended.")
        assessment_extend(case=determination.case, due_on=due_on, plan=decision, by=by, now=now)
        determination.refresh_from_db()
    else:
        determination.status, determination.decided_at, determination.decision = Determination.Status.DECIDED, now, decision
        determination.full_clean()
        acting(determination, by).save()
    case = determination.case
    notify(user=case.case_manager, subject="The OWG decided on a case", body=determination.decision[:200],
           url=reverse("cases:case-detail", args=[case.public_id]), key=f"determination:{determination.public_id}")
    return determination
