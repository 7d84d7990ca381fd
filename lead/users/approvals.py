"""The approval page (separation of duties): the project director, or a second administrator,
approves or rejects the account changes an administrator asked for (lead/users/duties.py)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from lead import access
from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record
from lead.forms import refusal_shown
from lead.users import duties
from lead.users.forms import DecisionForm
from lead.users.models import AccessRequest


def request_list(request):
    pending = list(duties.pending_requests())
    decided = list(
        AccessRequest.objects.exclude(status=AccessRequest.Status.PENDING)
        .select_related("user", "requested_by", "decided_by", "agency")
        .order_by("-decided_at")[:20]
    )
    for item in pending:
        item.may_decide = access.permits(request.user, "accounts.decide_request", item)
    return render(request, "accounts/requests.html", {"pending": pending, "decided": decided})


def request_decide(request, public_id):
    access_request = access.get_visible(request, "access_request", public_id=public_id)
    may_decide = access.permits(request.user, "accounts.decide_request", access_request)
    # What the change would open is shown with the request: the account as it is now.
    access_event_record(request=request, kind=AccessEvent.Kind.READ, obj=access_request.user, detail="access request")
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not may_decide:
        return access.forbidden(
            request, "may not decide their own request or one about themselves", "users.accessrequest", str(public_id)
        )
    if request.method == "POST" and access_request.status != AccessRequest.Status.PENDING:
        form.is_valid()
        form.add_error(None, "This request has already been decided.")
    elif form.is_valid():
        with refusal_shown(request, form):
            return _decided(request, access_request, form.cleaned_data["decision"])
    context = {
        "item": access_request,
        "form": form,
        "may_decide": may_decide,
        "roles": sorted(r.label for r in access_request.user.held_roles()),
    }
    return render(request, "accounts/request.html", context)


def _decided(request, access_request, decision):
    now = timezone.now()
    if decision == "reject":
        duties.access_request_reject(access_request=access_request, by=request.user, now=now, http_request=request)
        messages.info(request, f"Rejected: {access_request}.")
        return redirect("accounts:requests")
    password = duties.access_request_approve(
        access_request=access_request, by=request.user, now=now, http_request=request
    )
    if password:
        # Shown once, on this answer (no-store): the approver hands it to the user in person.
        return render(request, "accounts/request_done.html", {"item": access_request, "password": password})
    messages.success(request, f"Approved: {access_request}.")
    return redirect("accounts:requests")
