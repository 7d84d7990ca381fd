"""What notifications about referrals and cases say of them, to each recipient within what they
may see now (lead/notifications/describe.py). Each description is one query through the kind's
scoped lookup. Registered by CasesConfig.ready.

A case manager and the director, who work with the person, read the participant's name; an
officer or a prosecutor, who know the file by its report, read the crime report number; the case
reference is said to everyone who may see the record."""

from collections.abc import Collection
from uuid import UUID

from cases.models import Case, Referral
from cases.selectors import cases_visible_to, referrals_visible_to
from lead.notifications import describe
from lead.roles import Role


def reads_names(user) -> bool:
    return bool(user.roles & {Role.CASE_MANAGER, Role.DIRECTOR})


def reads_reports(user) -> bool:
    return bool(user.roles & {Role.OFFICER, Role.PROSECUTOR})


def words(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def referrals_described(user, public_ids: Collection[UUID]) -> dict[UUID, str]:
    rows = referrals_visible_to(user).filter(public_id__in=public_ids)
    if reads_names(user):
        return {
            public_id: words(f"{first} {last}", reference)
            for public_id, first, last, reference in rows.values_list(
                "public_id", "participant__first_name", "participant__last_name", "reference"
            )
        }
    if reads_reports(user):
        return {
            public_id: words(f"report {report or screened}" if (report or screened) else "", reference)
            for public_id, report, screened, reference in rows.values_list(
                "public_id", "crime_report_number", "screening__report_number", "reference"
            )
        }
    return {public_id: reference for public_id, reference in rows.values_list("public_id", "reference") if reference}


def cases_described(user, public_ids: Collection[UUID]) -> dict[UUID, str]:
    """The case page is the case managers' and the director's (cases_visible_to): names."""
    rows = cases_visible_to(user).filter(public_id__in=public_ids)
    return {
        public_id: words(f"{first} {last}", reference)
        for public_id, first, last, reference in rows.values_list(
            "public_id", "participant__first_name", "participant__last_name", "referral__reference"
        )
    }


def referral_references(public_ids: Collection[UUID]) -> dict[UUID, str]:
    return dict(Referral.objects.filter(public_id__in=public_ids).values_list("public_id", "reference"))


def case_references(public_ids: Collection[UUID]) -> dict[UUID, str]:
    return dict(Case.objects.filter(public_id__in=public_ids).values_list("public_id", "referral__reference"))


describe.register("referral", referrals_described, model=Referral, reference=referral_references)
describe.register("case", cases_described, model=Case, reference=case_references)
