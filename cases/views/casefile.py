"""The case file: the whole story of a case on one page, the contacts log, the progress summary
for the OWG, and closing.

The case page has two faces. The assigned case manager, the provider's supervisor and a colleague
covering the caseload see the clinical record too (ISP goals, links to every step); the project
director and the provider's other case managers see status, milestones and dates only, and the
OWG summaries only under a release covering them (docs/access-policy.md). The director may break glass."""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases import registry, selectors
from cases.clinical import break_glass_cases, clinical_detail, clinical_reach, open_clinical_record
from cases.forms import casefile as forms
from cases.models import Case
from cases.services import casefile as services
from lead import access
from lead.audit.services import Kind, access_event_record
from lead.forms import changing, confirmation, confirmed, refusal_shown

NEXT_STEP = {
    Case.Status.REFERRED: ("Record the initial screening", "cases:case-screening"),
    Case.Status.SCREENED: ("Obtain written consent", "cases:case-consent"),
    Case.Status.CONSENTED: ("Set the assessment appointment", "cases:case-appointment"),
    Case.Status.SCHEDULED: ("Complete the psychosocial assessment", "cases:case-assessment"),
    Case.Status.ASSESSED: ("Build the Individual Service Plan", "cases:case-plan"),
    Case.Status.ISP_ACTIVE: ("Work on the ISP's action steps", "cases:case-plan"),
}


def case_moved(request, public_id):
    """An address from before cases left /referrals/cases/ (notifications, bookmarks): the same
    page at /cases/, for whoever may see the case (a 404 otherwise, as the new address gives)."""
    if not _is_uuid(public_id):
        raise access.not_found(request, "case out of scope or missing", "cases.case", str(public_id))
    case = access.get_visible(request, "case", public_id=public_id)
    rest = request.path_info.removeprefix(f"/referrals/cases/{public_id}/")
    query = f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else ""
    return redirect(f"{reverse('cases:case-detail', args=[case.public_id])}{rest}{query}", permanent=True)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def case_detail(request, public_id):
    case = access.get_visible(request, "case", public_id=public_id)
    now = timezone.now()
    reach = clinical_reach(request.user, case, now=now)
    clinical = reach is not None
    detail = clinical_detail(case, "case file", via_coverage=reach == "coverage") if clinical else "case status"
    access_event_record(request=request, kind=Kind.READ, obj=case, detail=detail)
    story = selectors.case_story(case, viewer=request.user, now=now, clinical=clinical)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "referral": case.referral,
            "story": story,
            "clinical": clinical,
            "overdue": case.is_overdue(now),
            "in_the_wind": case.is_in_the_wind(now),
            "next_step": NEXT_STEP.get(case.status) if clinical else None,
            "summary_form": forms.SummaryForm() if clinical and case.is_open else None,
            "may_break_glass": not clinical and access.allows(request.user, "cases:break-glass", "POST"),
            "break_glass_running": break_glass_cases(request.user, now=now).contains(case),
            **registry.case_panels(request.user, case),
        },
    )


def contacts(request, public_id):
    case = open_clinical_record(request, public_id, what="contacts")
    form = forms.ContactForm(
        request.POST if request.method == "POST" else None,
        initial={"at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    if form.is_valid():
        with refusal_shown(request, form):
            services.contact_record(case=case, by=request.user, now=timezone.now(), **form.cleaned_data)
            messages.success(request, "The contact is in the log.")
            return redirect("cases:case-contacts", public_id=public_id)
    page = Paginator(case.contacts.select_related("by"), 25).get_page(request.GET.get("page"))
    return render(request, "cases/contacts.html", {"case": case, "form": form, "page": page})


@require_POST
def summary(request, public_id):
    case = open_clinical_record(request, public_id, what="progress summary")
    form = forms.SummaryForm(request.POST)
    if form.is_valid():
        services.summary_write(case=case, by=request.user, now=timezone.now(), **form.cleaned_data)
        messages.success(request, "The progress summary for the OWG is saved.")
    else:
        messages.error(request, "The progress summary needs the engagement and a short note.")
    return redirect("cases:case-detail", public_id=public_id)


def _close_confirmation(request, case: Case, reason: str):
    ending = case.releases.filter(expires_on__isnull=True, expired_at__isnull=True, revoked_at__isnull=True).count()
    consequences = [
        f"{case.participant.full_name}'s case is closed: {Case.Closing(reason).label.lower()}. "
        "It leaves the caseload and the OWG's updates; this cannot be undone here.",
    ]
    if ending:
        consequences.append(
            f"Releases of information that last while the participant is in LEAD end now ({ending}): "
            "the agencies they name no longer see the participant's progress."
        )
    if reason == Case.Closing.ISP_NOT_COMPLETED:
        consequences.append(
            "The case goes to the Operations Workgroup, which decides on the original charge at its next meeting."
        )
    return confirmation(
        request,
        title=f"Close {case.participant.full_name}'s case?",
        consequences=consequences,
        button="Yes, close the case",
        back=reverse("cases:case-detail", args=[case.public_id]),
        changeable=True,
    )


def close(request, public_id):
    case = open_clinical_record(request, public_id, what="closing")
    if not case.is_open:
        messages.info(request, "The case is already closed.")
        return redirect("cases:case-detail", public_id=public_id)
    form = forms.CloseForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and not changing(request):
        if not confirmed(request):
            return _close_confirmation(request, case, form.cleaned_data["reason"])
        with refusal_shown(request):
            services.case_close(case=case, by=request.user, now=timezone.now(), **form.cleaned_data)
            if form.cleaned_data["reason"] == Case.Closing.ISP_NOT_COMPLETED:
                messages.success(
                    request,
                    "The case is closed and referred to the Operations Workgroup for a determination on the original charge.",
                )
            else:
                messages.success(request, "The case is closed.")
        return redirect("cases:case-detail", public_id=public_id)
    return render(request, "cases/close.html", {"case": case, "form": form})
