"""The project director's pages of officer training (policy II): the sessions and each police
agency's share of trained officers, a new session, and a session's attendance."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render

from lead import access
from lead.forms import refusal_shown
from lead.system.models import SiteConfiguration
from outreach import selectors
from outreach.forms import training as forms
from outreach.services import training as services


def training_list(request):
    sessions = (
        selectors.training_sessions_visible_to(request.user)
        .annotate(attended=Count("attendance"))
        .order_by("-held_on", "-id")
    )
    page = Paginator(sessions, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/training_list.html",
        {
            "page": page,
            "shares": services.agency_shares(),
            "required": SiteConfiguration.current().training_required,
        },
    )


def training_new(request):
    form = forms.TrainingSessionForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        session = services.training_create(by=request.user, **form.cleaned_data)
        messages.success(request, "The session is recorded. Tick the officers who attended.")
        return redirect("outreach:training", public_id=session.public_id)
    return render(request, "outreach/training_new.html", {"form": form})


def training(request, public_id):
    session = access.get_visible(request, "training", public_id=public_id)
    initial = {"officers": list(session.attendance.values_list("officer_id", flat=True)), "revision": session.revision}
    form = forms.AttendanceForm(request.POST if request.method == "POST" else None, session=session, initial=initial)
    if form.is_valid():
        officers = form.cleaned_data["officers"]
        with refusal_shown(request, form):
            services.attendance_record(
                session=session, by=request.user, revision=form.cleaned_data["revision"], officers=officers
            )
            messages.success(
                request, f"Attendance is saved: {len(officers)} officer{'s' if len(officers) != 1 else ''} attended."
            )
            return redirect("outreach:training", public_id=public_id)
        # As saved now, shown with what was typed
        session = access.get_visible(request, "training", public_id=public_id)
        form.carry_revision(session)
    return render(request, "outreach/training_detail.html", {"session": session, "form": form})
