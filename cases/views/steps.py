"""The case manager's steps after the hand-off (policy VI.A-D): the initial screening, written
consent, the appointment for the full assessment and releases of information, with the stored
signatures.

Every page looks the case up through `open_clinical_record` (the assigned case manager and the
provider's supervisor; 404 for anyone else; each read logged). Writes go through
cases.services.steps."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from cases.clinical import open_clinical_record
from cases.forms.steps import (
    CONTENT_TYPES,
    INFORMATION_SUGGESTION,
    PURPOSE_SUGGESTION,
    AppointmentForm,
    ConsentForm,
    InitialScreeningForm,
    ReleaseForm,
)
from cases.models import Consent, InitialScreening
from cases.services import steps
from lead import access
from lead.audit.services import Kind, access_event_record
from lead.forms import confirmation, confirmed, refusal_shown


def _render(request, template, case, step, **context):
    return render(request, f"cases/steps/{template}", {"case": case, "steps": _steps(case, step), **context})


def _steps(case, step: str) -> list[dict]:
    """The four steps, each with whether it is done, for the links between them."""
    return [
        {"url": url, "label": label, "done": done, "current": url == step}
        for url, label, done in [
            ("cases:case-screening", "Initial screening", steps.has_initial_screening(case)),
            ("cases:case-consent", "Written consent", steps.has_consent(case)),
            ("cases:case-appointment", "Assessment appointment", case.appointments.exists()),
            ("cases:case-roi-new", "Release of information", case.releases.exists()),
        ]
    ]


def _posted(request, *, files: bool = False):
    if request.method != "POST":
        return None
    return request.FILES if files else request.POST


def _done(request, case, message: str):
    messages.success(request, message)
    return redirect("cases:case-detail", public_id=case.public_id)


def _to_case(case):
    """Where a refused step goes: the case, with the reason as a message (refusal_shown)."""
    return redirect("cases:case-detail", public_id=case.public_id)


def _needs_before(request, case, *, screening: bool = False):
    """Consent first, then (for the appointment) the initial screening: a redirect, or None."""
    if not steps.has_consent(case):
        messages.error(request, steps.NEEDS_CONSENT)
        return redirect("cases:case-consent", public_id=case.public_id)
    if screening and not steps.has_initial_screening(case):
        messages.error(request, steps.NEEDS_SCREENING)
        return redirect("cases:case-screening", public_id=case.public_id)
    return None


def _serve(request, stored_file):
    """A stored signature, always as a download: never shown in the browser (a PDF viewer would
    run what a file might carry), never cached, its type never guessed, and sandboxed should a
    browser render it anyway."""
    extension = stored_file.name.rpartition(".")[2]
    try:
        handle = stored_file.open("rb")
    except FileNotFoundError:
        raise access.not_found(request, "signature file missing from storage", "file", stored_file.name) from None
    response = FileResponse(
        handle,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        as_attachment=True,
        filename=f"signature.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    # Set here, so django-csp leaves it: no script, no plugin, no request from the file.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


# 1. The initial screening ----------------------------------------------------------------------


def screening(request, public_id):
    case = open_clinical_record(request, public_id, what="initial screening")
    current = InitialScreening.objects.filter(case=case).first()
    form = InitialScreeningForm(_posted(request), initial=InitialScreeningForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in steps.SCREENING_FIELDS}
        with refusal_shown(request):
            steps.initial_screening_save(case=case, by=request.user, now=timezone.now(), **values)
            return _done(
                request, case, "The initial screening is saved." if current else "The initial screening is recorded."
            )
        return _to_case(case)
    return _render(request, "screening.html", case, "cases:case-screening", form=form, screening=current)


# 2. Written consent ----------------------------------------------------------------------------


def consent(request, public_id):
    case = open_clinical_record(request, public_id, what="consent")
    current = Consent.objects.filter(case=case).select_related("witness").first()
    if current is not None:
        if request.method == "POST":
            messages.error(request, steps.CONSENT_ON_FILE)
            return _to_case(case)
        return _render(request, "consent.html", case, "cases:case-consent", consent=current)
    form = ConsentForm(_posted(request), _posted(request, files=True), initial={"signed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        kind, signature = form.cleaned_data["signature"]
        with refusal_shown(request):
            steps.consent_record(
                case=case,
                by=request.user,
                now=timezone.now(),
                signed_on=form.cleaned_data["signed_on"],
                signature_kind=kind,
                signature=signature,
            )
            return _done(request, case, "The participant's written consent is recorded.")
        return _to_case(case)
    return _render(request, "consent.html", case, "cases:case-consent", form=form)


def consent_signature(request, public_id):
    case = open_clinical_record(request, public_id, what="consent signature")
    current = Consent.objects.filter(case=case).first()
    if current is None:
        messages.info(request, "No signed consent is on file yet.")
        return redirect("cases:case-consent", public_id=public_id)
    return _serve(request, current.signature)


# 3. The assessment appointment -----------------------------------------------------------------


def appointment(request, public_id):
    case = open_clinical_record(request, public_id, what="assessment appointment")
    refused = _needs_before(request, case, screening=True)
    if refused:
        return refused
    current = steps.current_appointment(case)
    form = AppointmentForm(_posted(request), initial={"place": current.place if current else ""})
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request):
            made = steps.appointment_set(case=case, by=request.user, now=timezone.now(), **form.cleaned_data)
            _appointment_messages(request, case, made)
        return _to_case(case)
    screened_at = case.initial_screening.screened_at
    return _render(
        request,
        "appointment.html",
        case,
        "cases:case-appointment",
        form=form,
        current=current,
        earlier=case.appointments.all()[1:],
        screened_at=screened_at,
        optimal_from=screened_at + steps.OPTIMAL_HOURS / 2,
        optimal_until=screened_at + steps.OPTIMAL_HOURS,
        timing=_timing(case, current) if current else None,
    )


def _timing(case, appointment) -> dict:
    return {
        "within": steps.within_optimal_time(case, appointment.starts_at),
        "after_due": steps.after_assessment_due(case, appointment.starts_at),
    }


def _appointment_messages(request, case, made):
    timing = _timing(case, made)
    when = date_format(timezone.localtime(made.starts_at), "l, M j, Y, g:i a")
    relation = "within 48 hours of" if timing["within"] else "more than 48 hours after"
    messages.success(
        request,
        f"The assessment appointment is set for {when}, {relation} the initial screening (optimal: 24–48 hours).",
    )
    if timing["after_due"]:
        due = date_format(case.assessment_due_on, "l, M j, Y")
        messages.warning(
            request,
            f"Warning: the appointment is after the assessment due date, {due}. "
            "The case will be overdue unless the assessment is done by then.",
        )


# 4. Releases of information --------------------------------------------------------------------


def roi_new(request, public_id):
    case = open_clinical_record(request, public_id, what="releases of information")
    refused = _needs_before(request, case)
    if refused:
        return refused
    initial = {
        "discloser": case.provider.name,
        "information": INFORMATION_SUGGESTION,
        "purpose": PURPOSE_SUGGESTION,
        "signed_on": timezone.localdate(),
    }
    form = ReleaseForm(_posted(request), _posted(request, files=True), initial=initial, provider=case.provider)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request):
            steps.release_record(case=case, by=request.user, now=timezone.now(), **form.values())
            return _done(request, case, "The release of information is recorded.")
        return _to_case(case)
    today = timezone.localdate()
    releases = [
        (release, steps.release_state(release, today))
        for release in case.releases.select_related("revoked_by").prefetch_related("named_agencies")
    ]
    return _render(request, "roi.html", case, "cases:case-roi-new", form=form, releases=releases)


@require_POST
def roi_revoke(request, public_id):
    release = access.get_visible(request, "roi", public_id=public_id)
    if release.revoked_at is None and not confirmed(request):
        signed = date_format(release.signed_on, "M j, Y")
        return confirmation(
            request,
            title=f"Revoke the release signed on {signed}?",
            consequences=[
                f"From now on nothing more about {release.case.participant.full_name} is shared under the release "
                f"signed on {signed}: the agencies it names no longer see their progress.",
                "This cannot be undone: to share again, the participant signs a new release.",
            ],
            button="Yes, revoke the release",
            back=reverse("cases:case-roi-new", args=[release.case.public_id]),
        )
    with refusal_shown(request):
        steps.release_revoke(release=release, by=request.user, now=timezone.now())
        signed = date_format(release.signed_on, "M j, Y")
        messages.success(request, f"The release signed on {signed} is revoked: nothing more is shared under it.")
    return redirect("cases:case-roi-new", public_id=release.case.public_id)


def roi_signature(request, public_id):
    release = access.get_visible(request, "roi", public_id=public_id)
    access_event_record(
        request=request, kind=Kind.READ, obj=release, detail="clinical: release of information signature"
    )
    return _serve(request, release.signature)
