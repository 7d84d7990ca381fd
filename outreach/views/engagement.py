"""The outreach specialist's day: the participants to find, most urgent first, and each one's
page (identity, contact details, where they were last seen, the engagement log, the case manager
to tell) with a form to log an attempt or a contact in a few taps. Case managers and the project
director assign specialists from the case page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.models import Contact
from lead import access
from lead.audit.services import Kind, access_event_record
from lead.forms import refusal_shown
from outreach import selectors
from outreach.forms import engagement as forms
from outreach.models import Assignment
from outreach.services import engagement as services


def participant_list(request):
    return render(request, "outreach/participants.html", {"cases": selectors.to_reach(request.user, timezone.now())})


def participant(request, public_id):
    case = access.get_visible(request, "engaged_case", public_id=public_id)
    now = timezone.now()
    form = forms.OutreachForm(
        request.POST if request.method == "POST" else None,
        initial={"at": timezone.localtime(now).strftime("%Y-%m-%dT%H:%M"), "reached": None},
    )
    if form.is_valid():
        with refusal_shown(request, form):
            services.outreach_record(case=case, by=request.user, now=now, **form.cleaned_data)
            if form.cleaned_data["reached"]:
                messages.success(
                    request, f"Recorded. {case.case_manager.get_full_name()} is told you reached the person."
                )
            else:
                messages.success(request, "The attempt is recorded.")
            return redirect("outreach:participant", public_id=public_id)
    access_event_record(
        request=request, kind=Kind.READ, obj=case, detail="outreach: identity, contact details, engagement log"
    )
    log = list(Contact.objects.filter(case=case).select_related("by").order_by("-at")[:20])
    assignments = list(
        Assignment.objects.filter(case=case, specialist=request.user, ended_at__isnull=True).select_related(
            "assigned_by"
        )
    )
    return render(
        request,
        "outreach/participant.html",
        {
            "case": case,
            "participant": case.participant,
            "log": log,
            "form": form,
            "assignments": assignments,
            "outreach_kind": Contact.Kind.OUTREACH,
        },
    )


@require_POST
def assign(request, public_id):
    """Start (or, with `end`, finish) a specialist's assignment to the case. The case's case
    managers (their provider's) and the project director."""
    case = access.get_visible(request, "case", public_id=public_id)
    now = timezone.now()
    if "end" in request.POST:
        end = request.POST["end"]  # the button's value, an assignment's id; tampered, it ends nothing
        running = Assignment.objects.filter(case=case, ended_at__isnull=True)
        assignment = running.filter(pk=int(end)).first() if end.isascii() and end.isdigit() else None
        if assignment is not None:
            services.assignment_end(assignment=assignment, by=request.user, now=now)
            messages.success(
                request, f"{assignment.specialist.get_full_name()} is no longer looking for the participant."
            )
        return redirect(f"{reverse('cases:case-detail', args=[case.public_id])}#outreach")
    form = forms.AssignForm(request.POST)
    if form.is_valid():
        with refusal_shown(request):
            services.assignment_start(case=case, by=request.user, now=now, **form.cleaned_data)
            messages.success(
                request, f"{form.cleaned_data['specialist'].get_full_name()} is asked to find the participant."
            )
    else:
        messages.error(request, "Choose the outreach specialist.")
    return redirect(f"{reverse('cases:case-detail', args=[case.public_id])}#outreach")
