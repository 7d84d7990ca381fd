"""Pending OWG determinations and the director's record of the OWG's decision on each."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from lead import access
from lead.services import Conflict
from owg import forms, services
from owg.models import Determination


def _determinations():
    return Determination.objects.select_related("case__participant", "case__case_manager", "case__referral__agency")


def determination_list(request):
    pending = _determinations().filter(status=Determination.Status.PENDING).order_by("created_at")
    page = Paginator(pending, 25).get_page(request.GET.get("page"))
    return render(request, "owg/determinations.html", {"page": page})


def determination_decide(request, public_id):
    determination = _determinations().filter(public_id=public_id).first()
    if determination is None:
        raise access.not_found(request, "determination missing", "owg.determination", str(public_id))
    if determination.status != Determination.Status.PENDING:
        messages.info(request, "The OWG has already decided this.")
        return redirect("owg:determinations")
    form = forms.DecisionForm(request.POST if request.method == "POST" else None, determination=determination)
    if form.is_valid():
        try:
            services.determination_decide(determination=determination, by=request.user, now=timezone.now(), **form.cleaned_data)
        except (Conflict, ValueError) as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, "The OWG's decision is recorded.")
            return redirect("owg:determinations")
    return render(request, "owg/decide.html", {"determination": determination, "form": form})
