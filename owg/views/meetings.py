"""The Operations Workgroup's meetings: the schedule, the agenda (readable on a phone, printable),
attendance, decisions and minutes.

A meeting is seen by the members it invites and the project director (its kind's lookup,
owg.selectors.meetings_visible_to); anyone else gets 404 (logged), as for a missing meeting.
Attendance, decisions and closing the meeting are for the director or the member named to
record them (the predicate owg.chair_meeting; 403 for other members). Every view of an agenda
or minutes is written to the access log."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.models import Case
from cases.selectors import capacity as program_capacity
from lead import access
from lead.audit.services import Kind, access_event_record
from lead.forms import changing, confirmation, confirmed, refusal_shown
from lead.roles import Role
from lead.users.models import User
from owg import agenda, selectors
from owg.forms import meetings as forms
from owg.models import Decision, Meeting, Workgroup
from owg.services import meetings as services

Outcome = Decision.Outcome


def _members(meeting: Meeting):
    return meeting.members.filter(is_active=True).select_related("agency").order_by("last_name", "first_name")


def meeting_list(request):
    user = request.user
    meetings = selectors.meetings_visible_to(user).exclude(status=Meeting.Status.CANCELLED).order_by("-starts_at")
    upcoming = list(meetings.filter(status=Meeting.Status.SCHEDULED).order_by("starts_at")[:6])
    held = Paginator(meetings.filter(status=Meeting.Status.HELD), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "owg/meeting_list.html",
        {
            "upcoming": upcoming,
            "page": held,
            "next_meeting": agenda.next_meeting(),
            "workgroup": Workgroup.current(),
            "director": Role.DIRECTOR in user.roles,
        },
    )


def schedule(request):
    workgroup = Workgroup.current()
    initial = {
        "next_on": workgroup.next_on,
        "every_weeks": workgroup.every_weeks,
        "starts_at": workgroup.starts_at,
        "place": workgroup.place,
        "members": list(workgroup.members.all()),
        "revision": workgroup.revision,
    }
    form = forms.ScheduleForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        with refusal_shown(request, form):
            services.schedule_update(by=request.user, now=timezone.now(), **form.cleaned_data)
            messages.success(request, "The schedule is saved: upcoming meetings follow it.")
            return redirect("owg:meetings")
        form.carry_revision(Workgroup.current())
    return render(request, "owg/schedule.html", {"form": form})


def meeting_new(request):
    form = forms.MeetingForm(
        request.POST if request.method == "POST" else None, members=User.objects.none(), editing=False
    )
    if form.is_valid():
        meeting = services.meeting_add(by=request.user, now=timezone.now(), **form.cleaned_data)
        messages.success(request, "The meeting is added.")
        return redirect("owg:meeting", public_id=meeting.public_id)
    return render(request, "owg/meeting_form.html", {"form": form})


def meeting_edit(request, public_id):
    meeting = access.get_visible(request, "meeting", public_id=public_id)
    if meeting.status != Meeting.Status.SCHEDULED:
        messages.info(request, "This meeting was already held or cancelled.")
        return redirect("owg:meeting", public_id=public_id)
    initial = {
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "place": meeting.place,
        "recorder": meeting.recorder,
        "revision": meeting.revision,
    }
    form = forms.MeetingForm(
        request.POST if request.method == "POST" else None, initial=initial, members=_members(meeting), editing=True
    )
    if form.is_valid():
        with refusal_shown(request, form):
            services.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data)
            messages.success(request, "The meeting is updated.")
            if form.cleaned_data["cancelled"]:
                return redirect("owg:meetings")
            return redirect("owg:meeting", public_id=public_id)
        meeting = access.get_visible(request, "meeting", public_id=public_id)  # as saved now, shown with what was typed
        form.carry_revision(meeting)
    return render(request, "owg/meeting_form.html", {"form": form, "meeting": meeting})


def meeting_detail(request, public_id):
    """The agenda of the next meeting, or a held meeting's minutes. The page's print stylesheet
    lays either out for paper; `?print=1` is the agenda with every active participant in full
    (the page itself shows those without changes or flags as one compact table)."""
    meeting = access.get_visible(request, "meeting", public_id=public_id)
    now = timezone.now()
    printing = request.GET.get("print") == "1"
    built = agenda.build(meeting, request.user, now, everyone=printing)
    access_event_record(
        request=request,
        kind=Kind.READ,
        obj=meeting,
        detail="minutes" if meeting.status == Meeting.Status.HELD else "agenda",
    )
    chair = access.permits(request.user, "owg.chair_meeting", meeting)
    members = list(_members(meeting))
    attended = set(meeting.attendance.values_list("user_id", flat=True))
    return render(
        request,
        "owg/meeting.html",
        {
            "meeting": meeting,
            "agenda": built,
            "chair": chair and built.live,
            "members": members,
            "attended": attended,
            "attendance_form": forms.AttendanceForm(members=_members(meeting), initial={"present": list(attended)})
            if chair and built.live
            else None,
            "finish_form": forms.FinishForm() if chair and built.live else None,
            "director": Role.DIRECTOR in request.user.roles,
            "now": now,
            "printing": printing,
        },
    )


@require_POST
def flag(request, public_id):
    """A member flags an active participant for discussion at the next meeting (`flag`: the
    case's id), or removes the flag (`unflag`). Back to the agenda, at the update section."""
    meeting = access.get_visible(request, "meeting", public_id=public_id)
    back = redirect(f"{reverse('owg:meeting', args=[meeting.public_id])}#section-{Decision.Section.UPDATE}")
    if not agenda.is_live(meeting):
        messages.info(request, "Participants are flagged on the agenda of the next meeting.")
        return back
    flagging = "flag" in request.POST
    case_id = request.POST.get("flag" if flagging else "unflag")
    if not case_id:
        messages.error(request, "Choose a participant to flag.")
        return back
    case = access.get_visible(request, "agenda_participant", meeting=meeting, public_id=case_id)
    if flagging:
        services.participant_flag(meeting=meeting, case=case, by=request.user, now=timezone.now())
        messages.success(request, f"{case.participant.full_name} is flagged: their update is listed in full.")
    else:
        services.participant_unflag(meeting=meeting, case=case, by=request.user)
        messages.success(request, f"The flag on {case.participant.full_name} is removed.")
    return back


@require_POST
def attendance(request, public_id):
    meeting = access.get_visible(request, "meeting", public_id=public_id)
    if not access.permits(request.user, "owg.chair_meeting", meeting):
        return access.forbidden(request, "only the director or the meeting's recorder records attendance")
    form = forms.AttendanceForm(request.POST, members=_members(meeting))
    if meeting.status != Meeting.Status.SCHEDULED:
        messages.info(request, "This meeting was already held or cancelled.")
    elif form.is_valid():
        with refusal_shown(request):
            services.attendance_record(meeting=meeting, by=request.user, present=form.cleaned_data["present"])
            messages.success(request, "Attendance is recorded.")
    else:
        messages.error(request, "Attendance was not recorded: choose members of this meeting.")
    return redirect("owg:meeting", public_id=public_id)


def item_new(request, public_id):
    meeting = access.get_visible(request, "meeting", public_id=public_id)
    cases = (
        Case.objects.open().select_related("participant").order_by("participant__last_name", "participant__first_name")
    )
    form = forms.ItemForm(request.POST if request.method == "POST" else None, cases=cases)
    if form.is_valid():
        services.item_add(by=request.user, now=timezone.now(), **form.cleaned_data)
        messages.success(request, "The item is on the agenda of the next meeting.")
        return redirect("owg:meeting", public_id=public_id)
    return render(request, "owg/item_new.html", {"form": form, "meeting": meeting})


def decide(request, public_id, section, subject_id):
    meeting = access.get_visible(request, "meeting", public_id=public_id)
    if not access.permits(request.user, "owg.chair_meeting", meeting):
        return access.forbidden(request, "only the director or the meeting's recorder records decisions")
    if not agenda.is_live(meeting):
        messages.info(request, "Decisions are recorded on the agenda of the next meeting.")
        return redirect("owg:meeting", public_id=public_id)
    entry = access.get_visible(
        request,
        "agenda_item",
        meeting=meeting,
        section=section,
        subject_id=subject_id,
        now=timezone.now(),
        obj_id=f"{section}:{subject_id}",
    )
    if entry.decision is not None:
        messages.info(request, "The OWG's decision on this item is already recorded.")
        return redirect("owg:meeting", public_id=public_id)
    case_managers = User.objects.filter(groups__name=Role.CASE_MANAGER.label, is_active=True).order_by(
        "last_name", "first_name"
    )
    form = forms.DecisionForm(
        request.POST if request.method == "POST" else None,
        entry=entry,
        members=_members(meeting),
        present=_members(meeting).filter(pk__in=meeting.attendance.values("user_id")),
        case_managers=case_managers,
    )
    if form.is_valid() and not changing(request):
        if not confirmed(request):
            return _decision_confirmation(request, meeting, entry, form.cleaned_data)
        with refusal_shown(request, form):
            services.decision_record(
                meeting=meeting, entry=entry, by=request.user, now=timezone.now(), **form.cleaned_data
            )
            messages.success(request, "The decision is recorded.")
            return redirect(f"{reverse('owg:meeting', args=[meeting.public_id])}#section-{section}")
    access_event_record(request=request, kind=Kind.READ, obj=meeting, detail=f"agenda item {entry.subject}")
    # A referral is approved knowing the room left in the program.
    capacity = program_capacity() if entry.section == Decision.Section.SOCIAL else None
    return render(request, "owg/decide.html", {"meeting": meeting, "entry": entry, "form": form, "capacity": capacity})


def _decision_confirmation(request, meeting: Meeting, entry, decided: dict):
    """What recording the decision does, in words: it cannot be changed once recorded (the
    minutes every member reads carry it), it acts on the case, and it tells people."""
    outcome = decided["outcome"]
    name = _subject(entry)
    does = {
        Outcome.APPROVE: f"The referral ({name}) is approved: a case opens with {_full_name(decided.get('case_manager'))} "
        "as case manager, who is told, and so is the referring member.",
        Outcome.DECLINE: f"The referral ({name}) is declined.",
        Outcome.EXTEND: f"The assessment ({name}) is now due by the end of {_day(decided.get('new_due_on'))}.",
        Outcome.FILE: f"The original charge ({name}) is referred for filing to "
        f"{_office_name(entry)}, whose prosecutors are told to record the filing decision.",
        Outcome.CONTINUE: f"The item ({name}) continues: nothing changes on the case.",
        Outcome.CLOSE: f"The case ({name}) is closed by the OWG: it leaves the caseload and the updates.",
    }
    consequences = [
        does[outcome],
        f"Recorded as proposed by {_full_name(decided['proposed_by'])}, in the minutes every member reads. "
        "A recorded decision cannot be changed.",
    ]
    if entry.case is not None and outcome not in (Outcome.APPROVE,):
        consequences.append(f"The case manager, {_full_name(entry.case.case_manager)}, is told of the decision.")
    if decided.get("action"):
        who = decided.get("action_by") or (
            entry.case.case_manager if outcome == Outcome.EXTEND and entry.case else None
        )
        if outcome == Outcome.APPROVE and who is None and entry.referral is not None:
            who = entry.referral.referred_by
        if who is not None:
            consequences.append(f"{_full_name(who)} is told of the follow-up action.")
    return confirmation(
        request,
        title=f"Record “{Outcome(outcome).label}”?",
        consequences=consequences,
        button=f"Yes, record “{Outcome(outcome).label}”",
        back=f"{reverse('owg:meeting', args=[meeting.public_id])}#section-{entry.section}",
        changeable=True,
    )


def _subject(entry) -> str:
    """Whom or what the item is about, as the agenda names it to the chair."""
    for record in (entry.case, entry.referral):
        if record is not None:
            return record.participant.full_name
    return entry.title


def _full_name(user) -> str:
    return user.get_full_name() or user.get_username() if user is not None else "nobody"


def _day(day) -> str:
    return f"{day:%B} {day.day}, {day.year}" if day else "the day entered"


def _office_name(entry) -> str:
    office = services.filing_office(entry.case) if entry.case is not None else None
    return office.name if office is not None else "the prosecuting office (none is set: the decision will be refused)"


@require_POST
def finish(request, public_id):
    meeting = access.get_visible(request, "meeting", public_id=public_id)
    if not access.permits(request.user, "owg.chair_meeting", meeting):
        return access.forbidden(request, "only the director or the meeting's recorder closes the meeting")
    now = timezone.now()
    built = agenda.build(meeting, request.user, now)
    form = forms.FinishForm(request.POST)
    if not built.live:
        messages.info(request, "Only the next meeting can be closed.")
    elif refusal := services.finish_refusal(meeting, now):
        messages.error(request, refusal)
    elif form.is_valid() and not confirmed(request):
        return _finish_confirmation(request, meeting, built.undecided)
    elif form.is_valid():
        with refusal_shown(request):
            services.meeting_finish(
                meeting=meeting,
                by=request.user,
                undecided=built.undecided,
                notes=form.cleaned_data["notes"],
                now=timezone.now(),
            )
            messages.success(
                request,
                f"The meeting is closed and the minutes are ready. {built.undecided} item(s) carry over to the next meeting.",
            )
    return redirect("owg:meeting", public_id=public_id)


def _finish_confirmation(request, meeting: Meeting, undecided: int):
    members = list(_members(meeting))
    present = set(meeting.attendance.values_list("user_id", flat=True))
    absent = [member for member in members if member.pk not in present]
    names = ", ".join(member.get_full_name() for member in members) or "nobody: no members are invited"
    return confirmation(
        request,
        title=f"Close the meeting of {timezone.localtime(meeting.starts_at):%B} {timezone.localtime(meeting.starts_at).day}?",
        consequences=[
            "The meeting is closed: no more attendance or decisions can be recorded at it, and this cannot be undone.",
            f"The minutes are published and sent to {len(members)} member{'s' if len(members) != 1 else ''}: {names}.",
            f"The attendance in the minutes: {len(members) - len(absent)} present, {len(absent)} absent"
            + (f" ({', '.join(member.get_full_name() for member in absent)})." if absent else "."),
            f"{meeting.decisions.count()} decision(s) recorded; {undecided} item(s) without a decision carry over to the next meeting.",
        ],
        button="Yes, close the meeting and send the minutes",
        back=reverse("owg:meeting", args=[meeting.public_id]),
    )


@require_POST
def action_done(request, public_id):
    decision = access.get_visible(request, "owg_action", public_id=public_id)
    services.action_done(decision=decision, by=request.user, now=timezone.now())
    messages.success(request, "The action is marked done.")
    return redirect("home")
