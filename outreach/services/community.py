"""Writes of community engagement (policy: Public Outreach and Education): the Community
Leadership Team, its activities, the community's feedback and the coordinator's monthly report to
the PCG, drafted from the month's records, edited, then submitted. Also the coordinator's home
panel, read in a fixed number of queries."""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lead import access
from lead.locking import revise
from lead.notifications.services import notify
from lead.roles import Role
from lead.services import Conflict, acting
from lead.users.models import User
from outreach.models import Activity, CLTMember, Feedback, MonthlyReport
from outreach.models.community import PER_ACTIVITY_MAX

CLT_FIELDS = ("name", "email", "phone", "experience", "listed", "consent_on", "term_starts", "term_ends")
ACTIVITY_FIELDS = ("kind", "held_on", "title", "place", "audience", "people", "copies", "agency", "notes")
FEEDBACK_FIELDS = ("received_on", "place", "topic", "said", "activity")
NO_RESPONSE = "no response yet"


def _save(record, fields, values: dict, by):
    """Set the named fields that `values` carries, validate, and save with `by` in the history."""
    for name in fields:
        if name in values:
            setattr(record, name, values[name])
    record.full_clean()
    acting(record, by).save()
    return record


def month_label(month: date) -> str:
    return f"{month:%B %Y}"


# The Community Leadership Team ----------------------------------------------------------------


@transaction.atomic
def clt_member_create(*, by, **values) -> CLTMember:
    return _save(CLTMember(), CLT_FIELDS, values, by)


@transaction.atomic
def clt_member_update(*, member: CLTMember, by, revision: int, **values) -> CLTMember:
    member = CLTMember.objects.select_for_update().get(pk=member.pk)
    revise(member, revision)
    return _save(member, CLT_FIELDS, values, by)


# Activities -----------------------------------------------------------------------------------


def _counted_when_held(activity: Activity, now: datetime) -> None:
    """People reached and copies handed out are counts of what happened: an activity ahead has
    none yet (the monthly report would count them as done)."""
    if activity.held_on > timezone.localdate(now):
        for name in ("people", "copies"):
            if getattr(activity, name) is not None:
                raise Conflict(
                    f"{_day(activity.held_on)}, {activity.held_on.year} is ahead: count the "
                    f"{'people reached' if name == 'people' else 'copies handed out'} once the activity has taken place.",
                    field=name,
                )


@transaction.atomic
def activity_record(*, by, now: datetime, **values) -> Activity:
    activity = Activity(recorded_by=by, recorded_at=now)
    for name in ACTIVITY_FIELDS:
        if name in values:
            setattr(activity, name, values[name])
    _counted_when_held(activity, now)
    return _save(activity, ACTIVITY_FIELDS, values, by)


@transaction.atomic
def activity_update(*, activity: Activity, by, revision: int, now: datetime, **values) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    revise(activity, revision)
    for name in ACTIVITY_FIELDS:
        if name in values:
            setattr(activity, name, values[name])
    _counted_when_held(activity, now)
    return _save(activity, ACTIVITY_FIELDS, values, by)


# Feedback -------------------------------------------------------------------------------------


@transaction.atomic
def feedback_record(*, by, now: datetime, **values) -> Feedback:
    return _save(Feedback(recorded_by=by, recorded_at=now), FEEDBACK_FIELDS, values, by)


@transaction.atomic
def feedback_respond(*, feedback: Feedback, by, revision: int, response: str, responded_on: date) -> Feedback:
    """Record the follow-up or the program's response; a later call corrects it."""
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    revise(feedback, revision)
    if responded_on < feedback.received_on:
        raise Conflict("The response cannot come before the feedback was received.", field="responded_on")
    feedback.response, feedback.responded_on = response.strip(), responded_on
    feedback.full_clean()
    acting(feedback, by).save()
    return feedback


# The monthly report to the PCG ------------------------------------------------------------------


def _month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1)


def _n(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _day(day: date) -> str:
    return f"{day:%b} {day.day}"


def _activity_line(activity: Activity) -> str:
    parts = [f"- {_day(activity.held_on)}: {activity.title}"]
    if activity.agency is not None:
        parts.append(f"by {activity.agency.name}")
    if activity.place:
        parts.append(f"at {activity.place}")
    line = ", ".join(parts)
    details = []
    if activity.audience:
        details.append(f"audience: {activity.audience}")
    if activity.people is not None:
        details.append(_n(activity.people, "person", "people"))
    if activity.copies is not None:
        details.append(f"{_n(activity.copies, 'copy', 'copies')} handed out")
    return f"{line} ({'; '.join(details)})" if details else line


def _feedback_lines(feedback: Feedback, *, received: bool = True) -> list[str]:
    where = feedback.place
    if feedback.activity is not None:
        where = f"{where} ({feedback.activity.get_kind_display()}: {feedback.activity.title})"
    lines = [
        f"- {_day(feedback.received_on)}, {where}" if received else f"- Received {_day(feedback.received_on)}, {where}",
        f"  What was said: {feedback.said}",
    ]
    if feedback.response:
        lines.append(
            f"  Response ({_day(feedback.responded_on)}): {feedback.response}"
            if feedback.responded_on
            else f"  Response: {feedback.response}"
        )
    else:
        lines.append(f"  Response: {NO_RESPONSE}")
    return lines


def report_body(*, month: date, by) -> str:
    """The draft's text: the month's activities by kind (what, where, how many) and its feedback
    by topic (what was said, the response), then the responses given this month to feedback of
    earlier months, so that the PCG sees the loop closed."""
    first, after = _month_bounds(month)
    activities = list(
        Activity.objects.filter(held_on__gte=first, held_on__lt=after)
        .select_related("agency")
        .order_by("held_on", "id")
    )
    feedback = list(
        Feedback.objects.filter(received_on__gte=first, received_on__lt=after)
        .select_related("activity")
        .order_by("received_on", "id")
    )
    answered = list(
        Feedback.objects.filter(received_on__lt=first, responded_on__gte=first, responded_on__lt=after)
        .exclude(response="")
        .select_related("activity")
        .order_by("received_on", "id")
    )

    people = sum(a.people or 0 for a in activities)
    copies = sum(a.copies or 0 for a in activities)
    with_response = sum(1 for f in feedback if f.response)
    copies_line = f"{_n(copies, 'copy', 'copies')} of literature handed out."
    lines = [
        f"Community engagement report to the Policy Coordination Group: {month_label(first)}",
        f"Prepared by {by.get_full_name() or by.get_username()}, community engagement coordinator.",
        "",
        "Summary",
        f"{_n(len(activities), 'activity', 'activities')}, reaching {_n(people, 'person', 'people')}; {copies_line}",
        f"{_n(len(feedback), 'piece', 'pieces')} of community feedback, {with_response} with a response.",
        "",
        "Activities",
    ]
    if not activities:
        lines.append("No activities were recorded this month.")
    for kind in Activity.Kind:
        of_kind = [a for a in activities if a.kind == kind]
        if of_kind:
            lines += ["", f"{kind.label} ({len(of_kind)})", *map(_activity_line, of_kind)]
    lines += ["", "Community feedback"]
    if not feedback:
        lines.append("No feedback was recorded this month.")
    for topic in Feedback.Topic:
        on_topic = [f for f in feedback if f.topic == topic]
        if on_topic:
            lines += ["", f"{topic.label} ({len(on_topic)})"]
            for item in on_topic:
                lines += _feedback_lines(item)
    if answered:
        lines += ["", "Responses this month to earlier feedback"]
        for item in answered:
            lines += _feedback_lines(item, received=False)
    return "\n".join(lines) + "\n"


@transaction.atomic
def report_draft(*, month: date, by, now: datetime) -> MonthlyReport:
    """Create the month's draft from its records, or refresh the draft (replacing its text) when
    one exists. A submitted report is never redrafted."""
    first = month.replace(day=1)
    if first > timezone.localdate(now).replace(day=1):
        raise Conflict(
            f"{month_label(first)} has not begun: draft a report for this month or an earlier one.", field="month"
        )
    report = MonthlyReport.objects.select_for_update().filter(month=first).first()
    if report is not None and report.status == MonthlyReport.Status.SUBMITTED:
        raise Conflict(
            f"The report for {month_label(first)} was already submitted to the PCG; it cannot be redrafted.",
            field="month",
        )
    body = report_body(month=first, by=by)
    if report is None:
        report = MonthlyReport(month=first, body=body, drafted_by=by)
    else:
        # Not `revise`: redrafting replaces the text whatever was seen; pages opened before it are now stale.
        report.body, report.drafted_by, report.revision = body, by, report.revision + 1
    report.full_clean()
    acting(report, by).save()
    return report


@transaction.atomic
def report_update(*, report: MonthlyReport, body: str, revision: int, by) -> MonthlyReport:
    """Save the coordinator's edits; refused when the draft changed since the page was opened
    (`revision`) or was submitted meanwhile."""
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if report.status != MonthlyReport.Status.DRAFT:
        raise Conflict("This report was already submitted to the PCG: it can no longer be changed.")
    revise(
        report,
        revision,
        stale="The draft changed after you opened it (edited or redrafted). The saved text is shown; yours is kept below.",
    )
    report.body = body
    report.full_clean()
    acting(report, by).save()
    return report


def submit_refusal(report: MonthlyReport, now: datetime) -> str | None:
    """Why the report cannot go to the PCG now, if it cannot: it reports a month that has ended
    (in the site's time zone), and figures that are plausible."""
    first, after = _month_bounds(report.month)
    if after > timezone.localdate(now):
        return f"{month_label(first)} has not ended: its report can be submitted from {after:%B} {after.day}, {after.year}."
    implausible = (
        Activity.objects.filter(held_on__gte=first, held_on__lt=after)
        .filter(Q(people__gt=PER_ACTIVITY_MAX) | Q(copies__gt=PER_ACTIVITY_MAX))
        .order_by("held_on", "id")
        .first()
    )
    if implausible is not None:
        return (
            f"The activity of {_day(implausible.held_on)}, “{implausible.title}”, counts more than "
            f"{PER_ACTIVITY_MAX:,} people or copies: correct it, then redraft the report."
        )
    return None


def pcg_members():
    """Who a submitted report notifies: every active member of the PCG."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.PCG.label).distinct().order_by("last_name", "first_name")
    )


@transaction.atomic
def report_submit(*, report: MonthlyReport, by, now: datetime) -> MonthlyReport:
    """Submit the draft to the PCG and tell every active PCG member. The notification names the
    month only: the report itself is read in the app."""
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if report.status != MonthlyReport.Status.DRAFT:
        raise Conflict("This report was already submitted to the PCG.")
    if refusal := submit_refusal(report, now):
        raise Conflict(refusal)
    report.status, report.submitted_by, report.submitted_at = MonthlyReport.Status.SUBMITTED, by, now
    report.full_clean()
    acting(report, by).save()
    url = reverse("outreach:report", args=[report.public_id])
    for member in pcg_members():
        notify(
            user=member,
            subject=f"Community engagement report for {month_label(report.month)}",
            body="The coordinator submitted the monthly report. Open LEAD to read it.",
            url=url,
            key=f"community-report:{report.public_id}:{member.pk}",
        )
    return report


# The coordinator's home panel -----------------------------------------------------------------


def overview_for_home(user) -> dict:
    """What the "Community outreach and events" panel shows: the next activities, the latest
    ones, feedback waiting for a response (oldest first) and the status of this month's report.
    Five queries, whatever the number of records."""
    today = timezone.localdate()
    month = today.replace(day=1)
    waiting = Feedback.objects.filter(response="")
    return {
        "upcoming": list(Activity.objects.filter(held_on__gt=today).order_by("held_on", "id")[:5]),
        "recent": list(Activity.objects.filter(held_on__lte=today).order_by("-held_on", "-id")[:5]),
        "waiting": list(waiting.order_by("received_on", "id")[:5]),
        "waiting_count": waiting.count(),
        "month": month,
        "report": MonthlyReport.objects.filter(month=month).first(),
        "may_draft": access.allows(user, "outreach:report-draft", "POST"),
    }
