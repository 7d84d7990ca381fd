"""Community engagement (policy: Public Outreach and Education): the coordinator's Community
Leadership Team, activities, the community's feedback and the monthly report to the PCG.

The access map (lead/access.py) keeps police and prosecutors out of every page here and lets the
director read everything and record activities (media inquiries are theirs). CLT members and
feedback hold personal data: every page showing one is in the access log. The PCG reads
submitted reports only; a draft answers 404 to them, as a missing report does."""

import contextlib
import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from lead import access
from lead.audit.services import Kind, access_event_record
from lead.forms import changing, confirmation, confirmed, refusal_shown
from lead.roles import Role
from outreach import selectors
from outreach.forms import community as forms
from outreach.models import Activity, CLTMember, MonthlyReport
from outreach.services import community as services

PER_PAGE = 25
RECENT_REPORTS = 6


def _page(request, queryset, param: str):
    """A page of `queryset` chosen by the query parameter `param`, with links to the pages
    around it that keep the other lists of the page where they are."""
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get(param))

    def url(number):
        query = request.GET.copy()
        query[param] = number
        return f"?{query.urlencode()}"

    page.previous_url = url(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = url(page.next_page_number()) if page.has_next() else ""
    return page


def _roles(request) -> dict:
    """What the user may do here, for the buttons and links of the pages (the map decides)."""
    user = request.user
    return {
        "may_add_member": access.allows(user, "outreach:clt-new", "POST"),
        "may_record_activity": access.allows(user, "outreach:activity-new", "POST"),
        "may_record_feedback": access.allows(user, "outreach:feedback-new", "POST"),
        "may_draft": access.allows(user, "outreach:report-draft", "POST"),
    }


def _draft_form(data=None):
    return forms.ReportDraftForm(data, initial={"month": timezone.localdate().replace(day=1)})


# The overview -------------------------------------------------------------------------------------


def overview(request):
    user = request.user
    members = selectors.clt_members_visible_to(user).order_by("name", "id")
    open_feedback = selectors.feedback_visible_to(user).filter(response="").order_by("received_on", "id")
    return render(
        request,
        "outreach/community_overview.html",
        {
            "listed": _page(request, members.filter(listed=True), "listed"),
            "unlisted": _page(request, members.filter(listed=False), "unlisted"),
            "activities": _page(request, selectors.activities_visible_to(user), "activities"),
            "open_feedback": _page(request, open_feedback, "feedback"),
            "reports": list(selectors.monthly_reports_visible_to(user)[:RECENT_REPORTS]),
            "today": timezone.localdate(),
            "draft_form": _draft_form(),
            **_roles(request),
        },
    )


# The Community Leadership Team ----------------------------------------------------------------


def _member_initial(member: CLTMember) -> dict:
    values = {name: getattr(member, name) for name in services.CLT_FIELDS}
    values["listed"] = "yes" if member.listed else "no"  # the radio buttons' values
    return values


def clt_new(request):
    form = forms.CLTMemberForm(request.POST if request.method == "POST" else None, adding=True)
    if form.is_valid():
        member = services.clt_member_create(by=request.user, **form.cleaned_data)
        messages.success(request, f"{member.name} is recorded as a member of the Community Leadership Team.")
        return redirect("outreach:clt-member", public_id=member.public_id)
    return render(request, "outreach/community_clt_new.html", {"form": form})


def clt_member(request, public_id):
    member = access.get_visible(request, "clt_member", public_id=public_id)
    may_edit = access.allows(request.user, "outreach:clt-member", "POST")
    form = forms.CLTMemberForm(initial=_member_initial(member) | {"revision": member.revision}) if may_edit else None
    if request.method == "POST":
        form = forms.CLTMemberForm(request.POST)
        if form.is_valid():
            with refusal_shown(request, form):
                services.clt_member_update(
                    member=member, by=request.user, revision=form.cleaned_data["revision"], **form.values()
                )
                messages.success(request, "The member's record is saved.")
                return redirect("outreach:clt-member", public_id=public_id)
            # As saved now, shown with what was typed
            member = access.get_visible(request, "clt_member", public_id=public_id)
            form.carry_revision(member)
    access_event_record(request=request, kind=Kind.READ, obj=member)
    experience = [
        CLTMember.Experience(value).label for value in member.experience if value in CLTMember.Experience.values
    ]
    return render(
        request, "outreach/community_clt_member.html", {"member": member, "experience": experience, "form": form}
    )


# Activities -----------------------------------------------------------------------------------


def activity_new(request):
    # The project director handles media inquiries: their form starts there.
    initial = {} if Role.COORDINATOR in request.user.roles else {"kind": Activity.Kind.MEDIA}
    form = forms.ActivityForm(request.POST if request.method == "POST" else None, initial=initial, adding=True)
    if form.is_valid():
        with refusal_shown(request, form):
            activity = services.activity_record(by=request.user, now=timezone.now(), **form.cleaned_data)
            messages.success(request, f"The {activity.get_kind_display().lower()} is recorded.")
            return redirect("outreach:activity", public_id=activity.public_id)
    return render(request, "outreach/community_activity_new.html", {"form": form})


def activity(request, public_id):
    activity = access.get_visible(request, "activity", public_id=public_id)
    form = forms.ActivityForm(
        initial={name: getattr(activity, name) for name in services.ACTIVITY_FIELDS} | {"revision": activity.revision}
    )
    if request.method == "POST":
        form = forms.ActivityForm(request.POST)
        if form.is_valid():
            with refusal_shown(request, form):
                services.activity_update(
                    activity=activity,
                    by=request.user,
                    revision=form.cleaned_data["revision"],
                    now=timezone.now(),
                    **form.values(),
                )
                messages.success(request, "The activity is saved.")
                return redirect("outreach:activity", public_id=public_id)
            # As saved now, shown with what was typed
            activity = access.get_visible(request, "activity", public_id=public_id)
            form.carry_revision(activity)
    return render(
        request,
        "outreach/community_activity.html",
        {
            "activity": activity,
            "form": form,
            "feedback": list(activity.feedback.order_by("received_on", "id")),
            "may_record_feedback": access.allows(request.user, "outreach:feedback-new", "POST"),
            "may_take_feedback": activity.held_on <= timezone.localdate(),
        },
    )


# Feedback -------------------------------------------------------------------------------------


def feedback_new(request):
    initial = {"received_on": timezone.localdate()}
    from_activity = None
    with contextlib.suppress(ValueError):  # no activity named, or not an id: the form starts empty
        from_activity = forms.recent_activities().filter(public_id=uuid.UUID(request.GET.get("activity", ""))).first()
    if from_activity is not None:
        initial |= {"activity": from_activity.pk, "received_on": from_activity.held_on, "place": from_activity.place}
    form = forms.FeedbackForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        feedback = services.feedback_record(by=request.user, now=timezone.now(), **form.cleaned_data)
        messages.success(request, "The feedback is recorded. Record the follow-up or response when there is one.")
        return redirect("outreach:feedback", public_id=feedback.public_id)
    return render(request, "outreach/community_feedback_new.html", {"form": form, "from_activity": from_activity})


def feedback(request, public_id):
    feedback = access.get_visible(request, "feedback", public_id=public_id)
    form = None
    if access.allows(request.user, "outreach:feedback", "POST"):
        form = forms.ResponseForm(
            initial={
                "response": feedback.response,
                "responded_on": feedback.responded_on or timezone.localdate(),
                "revision": feedback.revision,
            }
        )
    if request.method == "POST":
        form = forms.ResponseForm(request.POST)
        if form.is_valid():
            with refusal_shown(request, form):
                services.feedback_respond(
                    feedback=feedback, by=request.user, revision=form.cleaned_data["revision"], **form.values()
                )
                messages.success(request, "The response is recorded. It goes to the PCG in the monthly report.")
                return redirect("outreach:feedback", public_id=public_id)
            # As saved now, shown with what was typed
            feedback = access.get_visible(request, "feedback", public_id=public_id)
            form.carry_revision(feedback)
    access_event_record(request=request, kind=Kind.READ, obj=feedback)
    return render(request, "outreach/community_feedback.html", {"feedback": feedback, "form": form})


# Monthly reports to the PCG ---------------------------------------------------------------------


def _report_list(request, draft_form, status=200):
    return render(
        request,
        "outreach/community_report_list.html",
        {
            "page": Paginator(selectors.monthly_reports_visible_to(request.user), PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "draft_form": draft_form,
            "may_draft": access.allows(request.user, "outreach:report-draft", "POST"),
        },
        status=status,
    )


def report_list(request):
    return _report_list(request, _draft_form())


def report_draft(request):
    form = _draft_form(request.POST)
    if form.is_valid():
        with refusal_shown(request, form):
            report = services.report_draft(month=form.cleaned_data["month"], by=request.user, now=timezone.now())
            messages.success(
                request,
                f"The draft for {services.month_label(report.month)} is ready: read it, edit it, then submit it to the PCG.",
            )
            return redirect("outreach:report", public_id=report.public_id)
    return _report_list(request, form)


def report(request, public_id):
    report = access.get_visible(request, "monthly_report", public_id=public_id)
    may_edit = report.status == MonthlyReport.Status.DRAFT and access.allows(request.user, "outreach:report", "POST")
    form = forms.ReportForm(initial={"body": report.body, "revision": report.revision}) if may_edit else None
    unsaved, refusal = "", None
    if request.method == "POST":
        if report.status != MonthlyReport.Status.DRAFT:
            messages.error(request, "This report was already submitted to the PCG: it can no longer be changed.")
            return redirect("outreach:report", public_id=public_id)
        form = forms.ReportForm(request.POST)
        submit = request.POST.get("action") == "submit"
        refusal = services.submit_refusal(report, timezone.now()) if submit else None
        if refusal:
            form.is_valid()
            form.add_error(None, refusal)
        elif form.is_valid() and submit and not confirmed(request) and not changing(request):
            return _submit_confirmation(request, report)
        if form.is_valid() and not changing(request):
            with (
                refusal_shown(request, form),
                transaction.atomic(),
            ):  # what is submitted is the text on the screen, or nothing
                report = services.report_update(
                    report=report, by=request.user, revision=form.cleaned_data["revision"], **form.values()
                )
                if submit:
                    report = services.report_submit(report=report, by=request.user, now=timezone.now())
                messages.success(
                    request,
                    "The report is submitted to the PCG. Its members are notified."
                    if submit
                    else "The draft is saved. Submit it to the PCG when it is ready.",
                )
                return redirect("outreach:report", public_id=public_id)
            report, form, unsaved = _after_refusal(request, report, form)
    return render(
        request,
        "outreach/community_report.html",
        {
            "report": report,
            "form": form,
            "unsaved": unsaved,
            # A stale save shows the draft as saved beside the typed text; a refused submit
            # (the month has not ended) only says why.
            "conflict": bool(form and form.non_field_errors()) and not refusal,
        },
    )


def _submit_confirmation(request, report: MonthlyReport):
    members = list(services.pcg_members())
    names = ", ".join(member.get_full_name() for member in members) or "nobody: the PCG has no active members"
    return confirmation(
        request,
        title=f"Submit the report for {services.month_label(report.month)} to the PCG?",
        consequences=[
            "The text you edited is saved and submitted as the report: it cannot be changed or redrafted afterwards.",
            f"{len(members)} member{'s' if len(members) != 1 else ''} of the PCG {'is' if len(members) == 1 else 'are'} notified: {names}.",
        ],
        button="Yes, submit the report to the PCG",
        back=reverse("outreach:report", args=[report.public_id]),
        changeable=True,
    )


def _after_refusal(request, report: MonthlyReport, form):
    """The draft as saved now, with the typed text kept in the form; a report submitted
    meanwhile takes no more edits: the refusal becomes a message and the typed text is shown
    to copy."""
    report = selectors.monthly_reports_visible_to(request.user).get(pk=report.pk)
    if report.status != MonthlyReport.Status.DRAFT:
        for error in form.non_field_errors():
            messages.error(request, error)
        return report, None, request.POST.get("body", "")
    form.carry_revision(report)
    return report, form, ""
