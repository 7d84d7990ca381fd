"""The prosecutor's tracking of participants' criminal cases (policy X.D-F) and the filing
decisions the OWG refers to the prosecutor (policy X.G).

A prosecutor sees and edits their office's cases; a public defender reads the cases naming them;
the director reads every case (owg.selectors; owg.edit_criminal_case). Anyone else gets 404
(logged), as for a missing case. The filing
page shows the OWG's decision and the referral, never clinical records."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils import timezone

from cases.models import Participant
from cases.selectors import referrals_visible_to
from lead import access
from lead.audit.services import Kind, access_event_record
from lead.forms import refusal_shown
from lead.roles import Role
from owg import selectors
from owg.forms import criminal as forms
from owg.models import ChargeFiling, CriminalCase
from owg.services import criminal as services

ALL = "all"
STATUS_FILTERS = [*CriminalCase.Status.choices, (ALL, "All")]


def _jurisdiction_participants(user):
    """Participants of the referrals the prosecutor's office sees: its jurisdiction."""
    return Participant.objects.filter(pk__in=referrals_visible_to(user).values("participant_id")).order_by(
        "last_name", "first_name"
    )


# The list -------------------------------------------------------------------------------------


def criminal_case_list(request):
    status = request.GET.get("status", CriminalCase.Status.PENDING)
    if status not in dict(STATUS_FILTERS):
        status = CriminalCase.Status.PENDING
    cases = selectors.criminal_cases_visible_to(request.user).order_by(
        F("next_date").asc(nulls_last=True), "created_at"
    )
    if status != ALL:
        cases = cases.filter(status=status)
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "owg/criminal_case_list.html",
        {
            "page": page,
            "status": status,
            "statuses": STATUS_FILTERS,
            "query": f"status={status}",
            "may_track": access.allows(request.user, "owg:criminal-case-new"),
            "show_office": Role.DIRECTOR in request.user.roles,  # the only role reading every office's
        },
    )


# Tracking a new case ----------------------------------------------------------------------------


def criminal_case_new(request):
    participants = _jurisdiction_participants(request.user)
    form = forms.CriminalCaseForm(request.POST if request.method == "POST" else None, participants=participants)
    if form.is_valid():
        criminal_case = services.criminal_case_create(
            by=request.user,
            participant=form.cleaned_data["participant"],
            now=timezone.now(),
            **form.values(),
        )
        messages.success(request, f"You are tracking {criminal_case} for {criminal_case.participant.full_name}.")
        return redirect("owg:criminal-case", public_id=criminal_case.public_id)
    return render(request, "owg/criminal_case_new.html", {"form": form})


# A case -----------------------------------------------------------------------------------------


def _initial(criminal_case: CriminalCase) -> dict:
    values = {name: getattr(criminal_case, name) for name in services.CRIMINAL_FIELDS}
    values["in_jurisdiction"] = "yes" if criminal_case.in_jurisdiction else "no"  # the radio buttons' values
    values["revision"] = criminal_case.revision
    return values


def criminal_case_detail(request, public_id):
    criminal_case = access.get_visible(request, "criminal_case", public_id=public_id)
    may_edit = access.permits(request.user, "owg.edit_criminal_case", criminal_case)
    form = forms.CriminalCaseForm(initial=_initial(criminal_case)) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            return access.forbidden(request, "only the office's prosecutors change its criminal cases")
        form = forms.CriminalCaseForm(request.POST)
        if form.is_valid():
            with refusal_shown(request, form):
                services.criminal_case_update(
                    criminal_case=criminal_case,
                    by=request.user,
                    revision=form.cleaned_data["revision"],
                    **form.values(),
                )
                messages.success(request, "The criminal case is saved.")
                return redirect("owg:criminal-case", public_id=public_id)
            # As saved now, shown with what was typed
            criminal_case = access.get_visible(request, "criminal_case", public_id=public_id)
            form.carry_revision(criminal_case)
    access_event_record(request=request, kind=Kind.READ, obj=criminal_case)
    return render(
        request,
        "owg/criminal_case_detail.html",
        {
            "criminal_case": criminal_case,
            "form": form,
            "last_change": criminal_case.history.select_related("history_user").first(),
        },
    )


# Filing decisions -----------------------------------------------------------------------------


def filing(request, public_id):
    filing = access.get_visible(request, "filing", public_id=public_id)
    form = forms.FilingForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        with refusal_shown(request, form):
            services.filing_decide(filing=filing, by=request.user, now=timezone.now(), **form.cleaned_data)
            messages.success(request, "Your filing decision is recorded.")
            return redirect("owg:filing", public_id=public_id)
        filing = access.get_visible(request, "filing", public_id=public_id)  # the decision recorded meanwhile
    access_event_record(request=request, kind=Kind.READ, obj=filing)
    referral = filing.case.referral
    return render(
        request,
        "owg/filing.html",
        {
            "filing": filing,
            "form": form,
            "referral": referral,
            "hold": getattr(referral, "charging_hold", None),
            "pending": filing.status == ChargeFiling.Status.PENDING,
        },
    )
