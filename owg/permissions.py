"""Who may see and do what in the Operations Workgroup (docs/access.md): the scoped lookup of
each kind of object its URLs name, registered with lead.access, and the predicates of the
actions that the role level of the map cannot decide alone, asked by the action's view and by
the page showing its button. Loaded by OwgConfig.ready."""

import rules

from lead import access
from lead.roles import Role
from owg import agenda, selectors
from owg.models import CriminalCase, Meeting

access.register_kind(
    "meeting",
    visible_to=selectors.meetings_visible_to,
    log_as="owg.meeting",
    missing="meeting missing or user not invited",
)
# An agenda item is an entry of the agenda as built for the user (owg/agenda.py), not a table
# row: the view hands over the meeting, itself looked up through the meeting's scope.
access.register_kind(
    "agenda_item",
    find=lambda user, meeting, section, subject_id, now: agenda.item(meeting, section, subject_id, user, now),
    log_as="owg.agenda_item",
    missing="agenda item missing",
)
# A participant a member flags for discussion on the next meeting's agenda: any open case (the
# agenda lists every one). The view hands over the meeting, itself looked up through its scope.
access.register_kind(
    "agenda_participant",
    find=lambda user, meeting, public_id: agenda.participant(meeting, public_id),
    log_as="cases.case",
    missing="participant not active or missing",
)
access.register_kind(
    "owg_action", visible_to=selectors.actions_of, log_as="owg.decision", missing="action missing or someone else's"
)
access.register_kind(
    "criminal_case",
    visible_to=selectors.criminal_cases_visible_to,
    log_as="owg.criminalcase",
    missing="criminal case out of scope or missing",
)
access.register_kind(
    "filing",
    visible_to=selectors.filings_visible_to,
    log_as="owg.chargefiling",
    missing="filing of another office or missing",
)


@rules.predicate
def chairs(user, meeting: Meeting) -> bool:
    """The project director records the OWG's decisions, or the member named for the meeting."""
    return Role.DIRECTOR in user.roles or (meeting.recorder_id is not None and meeting.recorder_id == user.pk)


@rules.predicate
def prosecutor_of_its_office(user, criminal_case: CriminalCase) -> bool:
    return Role.PROSECUTOR in user.roles and criminal_case.office_id == user.agency_id


# Attendance, decisions and closing a meeting.
rules.add_perm("owg.chair_meeting", chairs)
# A criminal case is changed by its office's prosecutors; defenders and the director read it.
rules.add_perm("owg.edit_criminal_case", prosecutor_of_its_office)
