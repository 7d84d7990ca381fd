"""Coverage of a colleague's caseload, and the director's break-glass access to one clinical
record (access-policy.md). Who may see what is in cases/clinical.py; these pages grant, end and
use those periods."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases import selectors
from cases.clinical import open_break_glass_record
from cases.forms import cover as cover_forms
from cases.models import (
    BREAK_GLASS_WINDOW,
    Assessment,
    BreakGlass,
    CaseNote,
    Consent,
    Contact,
    Goal,
    InitialScreening,
    ServicePlan,
)
from cases.services import cover as cover_services
from lead import access
from lead.audit.models import AccessEvent
from lead.audit.services import access_event_record
from lead.forms import confirmation, confirmed, refusal_shown


def coverage_list(request):
    now = timezone.now()
    user = request.user
    coverages = list(selectors.coverages_visible_to(user)[:200])
    for coverage in coverages:
        coverage.running = coverage.starts_at <= now < coverage.effective_end
        coverage.may_end = (
            coverage.ended_at is None
            and coverage.ends_at > now
            and access.permits(user, "cases.manage_coverage", coverage.provider)
        )
    # The grant buttons: the providers the user sees whose coverage they manage.
    providers = [
        p
        for p in selectors.providers_visible_to(user).order_by("name")
        if access.permits(user, "cases.manage_coverage", p)
    ]
    access_event_record(request=request, kind=AccessEvent.Kind.READ, obj_kind="cases.coverage", detail="coverage list")
    return render(request, "cases/coverage_list.html", {"coverages": coverages, "providers": providers})


def coverage_grant(request, public_id):
    provider = access.get_visible(request, "provider", public_id=public_id)
    if not access.permits(request.user, "cases.manage_coverage", provider):
        return access.forbidden(request, "only the provider's supervisor or the project director grants coverage")
    form = cover_forms.CoverageForm(request.POST if request.method == "POST" else None, provider=provider)
    if form.is_valid():
        with refusal_shown(request, form):
            cover_services.coverage_grant(provider=provider, by=request.user, now=timezone.now(), **form.cleaned_data)
            messages.success(request, "The coverage is granted. Both case managers are told.")
            return redirect("cases:coverage-list")
    return render(request, "cases/coverage_grant.html", {"provider": provider, "form": form})


@require_POST
def coverage_end(request, public_id):
    coverage = access.get_visible(request, "coverage", public_id=public_id)
    if not access.permits(request.user, "cases.manage_coverage", coverage.provider):
        return access.forbidden(request, "only the provider's supervisor or the project director ends coverage")
    if coverage.ended_at is None and not confirmed(request):
        covering, covered = coverage.covering.get_full_name(), coverage.covered.get_full_name()
        return confirmation(
            request,
            title="End the coverage now?",
            consequences=[
                f"{covering} no longer sees or works on {covered}'s caseload, from now.",
                f"{covering} is notified that the coverage has ended.",
            ],
            button="Yes, end the coverage",
            back=reverse("cases:coverage-list"),
        )
    with refusal_shown(request):
        cover_services.coverage_end(coverage=coverage, by=request.user, now=timezone.now())
        messages.success(request, "The coverage has ended.")
    return redirect("cases:coverage-list")


# Break-glass ------------------------------------------------------------------------------------


def break_glass(request, public_id):
    """The confirmation page: what break-glass does and that it is reviewed, and the reason."""
    case = access.get_visible(request, "case", public_id=public_id)
    form = cover_forms.BreakGlassForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        now = timezone.now()
        with refusal_shown(request, form):
            opening = cover_services.break_glass_open(
                case=case, by=request.user, reason=form.cleaned_data["reason"], now=now
            )
            access_event_record(
                request=request,
                kind=AccessEvent.Kind.BREAK_GLASS,
                obj=case,
                detail=f"break-glass opened until {timezone.localtime(opening.expires_at):%H:%M}; reason: {opening.reason}",
            )
            messages.warning(request, "Emergency access is open for 60 minutes. Every page you read is logged.")
            return redirect("cases:break-glass-record", public_id=case.public_id)
    access_event_record(request=request, kind=AccessEvent.Kind.READ, obj=case, detail="break-glass confirmation")
    minutes = int(BREAK_GLASS_WINDOW.total_seconds() // 60)
    return render(request, "cases/break_glass.html", {"case": case, "form": form, "minutes": minutes})


def break_glass_record(request, public_id):
    """The clinical record, read-only, while the director's opening of it runs."""
    now = timezone.now()
    case = open_break_glass_record(request, public_id)
    plan = ServicePlan.objects.filter(case=case).first()
    return render(
        request,
        "cases/break_glass_record.html",
        {
            "case": case,
            "records": [
                ("Initial screening", _fields(InitialScreening.objects.filter(case=case).first())),
                ("Written consent", _fields(Consent.objects.filter(case=case).first(), skip={"signature"})),
                ("Psychosocial assessment", _fields(Assessment.objects.filter(case=case).first())),
                ("Individual Service Plan", _fields(plan)),
            ],
            "goals": [
                (goal, _fields(goal, skip={"plan"}), [_fields(s, skip={"goal"}) for s in goal.steps.all()])
                for goal in Goal.objects.filter(plan=plan).prefetch_related("steps")
            ]
            if plan
            else [],
            "services": [_fields(s, skip={"plan"}) for s in plan.services.all()] if plan else [],
            "notes": list(CaseNote.objects.filter(case=case).select_related("written_by")[:50]),
            "contacts": list(Contact.objects.filter(case=case).select_related("by")[:50]),
            "expires_at": _running_until(request.user, case, now),
        },
    )


def _running_until(user, case, now):
    return (
        BreakGlass.objects.running_at(now)
        .filter(opened_by=user, case=case)
        .order_by("-expires_at")
        .values_list("expires_at", flat=True)
        .first()
    )


SKIP = {"id", "case", "revision"}


def _fields(record, skip=frozenset()) -> list[tuple[str, object]]:
    """Every field of a clinical record as (label, value) for a read-only page, so nothing
    recorded is left out of what the director reviews in the emergency."""
    if record is None:
        return []
    rows = []
    for field in record._meta.concrete_fields:
        if field.name in SKIP or field.name in skip:
            continue
        value = getattr(record, f"get_{field.name}_display")() if field.choices else getattr(record, field.name)
        if value in ("", None):
            continue
        rows.append((str(field.verbose_name).capitalize(), value))
    return rows
