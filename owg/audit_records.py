"""What the access log says of the OWG's records its lines are about (lead/audit/records.py): a
meeting by its day and time in the site's time zone and its place; an agenda item by its section;
a decision by its outcome and meeting; a criminal case and a charge referred for filing by court
and number (the participant's name for a reader of names). Each in one query, linked to its page
where the reader may open it. Registered by OwgConfig.ready."""

from collections.abc import Collection

from django.urls import reverse
from django.utils import timezone

from cases.notification_kinds import reads_names, words
from lead import access
from lead.audit import records
from lead.audit.records import Described
from owg.models import ChargeFiling, CriminalCase, Decision, Meeting


def meetings_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    ids = records.uuids(object_ids)
    rows = Meeting.objects.filter(public_id__in=ids).values_list("public_id", "starts_at", "place")
    linked = access.allows(user, "owg:meeting")
    return {
        ids[public_id]: Described(
            f"OWG meeting {timezone.localtime(starts_at):%Y-%m-%d %H:%M}{f', {place}' if place else ''}",
            reverse("owg:meeting", kwargs={"public_id": public_id}) if linked else "",
        )
        for public_id, starts_at, place in rows
    }


def agenda_items_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    """An agenda item, logged as "<section>:<subject id>" (owg.views.meetings.decide): its section.
    No query: the item is the agenda's, built for the reader, not a row."""
    described = {}
    for object_id in object_ids:
        section, _, _ = object_id.partition(":")
        if section.isascii() and section.isdigit() and int(section) in Decision.Section.values:
            described[object_id] = Described(
                f"OWG agenda item, section {section}: {Decision.Section(int(section)).label.lower()}"
            )
    return described


def decisions_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    ids = records.uuids(object_ids)
    rows = Decision.objects.filter(public_id__in=ids).values_list("public_id", "outcome", "meeting__starts_at")
    return {
        ids[public_id]: Described(
            f"OWG decision “{Decision.Outcome(outcome).label}” of {timezone.localtime(starts_at):%Y-%m-%d}"
        )
        for public_id, outcome, starts_at in rows
    }


def criminal_cases_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    ids = records.uuids(object_ids)
    rows = CriminalCase.objects.filter(public_id__in=ids).values_list(
        "public_id", "court", "case_number", "participant__first_name", "participant__last_name"
    )
    names, linked = reads_names(user), access.allows(user, "owg:criminal-case")
    return {
        ids[public_id]: Described(
            words(f"Criminal case {court} {number}", f"{first} {last}" if names else ""),
            reverse("owg:criminal-case", kwargs={"public_id": public_id}) if linked else "",
        )
        for public_id, court, number, first, last in rows
    }


def filings_described(user, object_ids: Collection[str]) -> dict[str, Described]:
    ids = records.uuids(object_ids)
    rows = ChargeFiling.objects.filter(public_id__in=ids).values_list(
        "public_id",
        "office__name",
        "case__referral__reference",
        "case__participant__first_name",
        "case__participant__last_name",
    )
    names = reads_names(user)
    return {
        ids[public_id]: Described(
            words(f"Charge referred for filing to {office}", f"{first} {last}" if names else "", reference)
        )
        for public_id, office, reference, first, last in rows
    }


records.register("owg.meeting", meetings_described)
records.register("owg.agenda_item", agenda_items_described)
records.register("owg.decision", decisions_described)
records.register("owg.criminalcase", criminal_cases_described)
records.register("owg.chargefiling", filings_described)
