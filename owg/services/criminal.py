"""Writes of the prosecutor's tracking (policy X.D-G): the filing decision on a charge the OWG
referred (owg.services.meetings._refer_for_filing) and the criminal cases of participants."""

from datetime import datetime

from django.db import transaction

from cases.models import ChargingHold
from cases.services.referrals import (
    charging_decide,
)
from lead.locking import revise
from lead.services import Conflict, acting
from owg.models import (
    ChargeFiling,
    CriminalCase,
)


@transaction.atomic
def filing_decide(*, filing: ChargeFiling, by, status: str, reason: str, now: datetime) -> ChargeFiling:
    """The prosecutor's filing decision, recorded as theirs. Pre-booking paperwork still held is
    released for filing (or declined) with it."""
    filing = ChargeFiling.objects.select_for_update().get(pk=filing.pk)
    if filing.status != ChargeFiling.Status.PENDING:
        raise Conflict(f"The filing decision is already recorded: {filing.get_status_display().lower()}.")
    filing.status, filing.decided_by, filing.decided_at, filing.reason = status, by, now, reason
    filing.full_clean()
    acting(filing, by).save()
    hold = ChargingHold.objects.filter(referral__case=filing.case, status=ChargingHold.Status.HELD).first()
    if hold is not None:
        hold_status = (
            ChargingHold.Status.RELEASED if status == ChargeFiling.Status.FILED else ChargingHold.Status.DECLINED
        )
        charging_decide(hold=hold, by=by, status=hold_status, reason=reason, now=now)
    return filing


# The prosecutor's tracking ---------------------------------------------------------------------

CRIMINAL_FIELDS = (
    "in_jurisdiction",
    "court",
    "case_number",
    "charge",
    "status",
    "filed_on",
    "next_date",
    "next_event",
    "defender",
    "feedback",
)


@transaction.atomic
def criminal_case_create(*, by, participant, now: datetime, **values) -> CriminalCase:
    criminal_case = CriminalCase(
        participant=participant,
        office=by.agency,
        created_by=by,
        created_at=now,
        **{k: values[k] for k in CRIMINAL_FIELDS if k in values},
    )
    criminal_case.full_clean()
    acting(criminal_case, by).save()
    return criminal_case


@transaction.atomic
def criminal_case_update(*, criminal_case: CriminalCase, by, revision: int, **values) -> CriminalCase:
    """Refused when someone saved the case after the page was opened (`revision`)."""
    criminal_case = CriminalCase.objects.select_for_update().get(pk=criminal_case.pk)
    revise(
        criminal_case,
        revision,
        stale="Someone else saved this case after you opened it. Their changes are shown; yours are kept below to copy.",
    )
    for name in CRIMINAL_FIELDS:
        if name in values:
            setattr(criminal_case, name, values[name])
    criminal_case.full_clean()
    acting(criminal_case, by).save()
    return criminal_case
