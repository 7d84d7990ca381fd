"""Pages of diversion intake and referrals: the officer's offer and intake form, the case
manager's hand-off, the prosecutor's charging hold, social contact referrals, the on-call roster.

Every object is looked up through its kind's scoped lookup (`access.get_visible`: 404, logged,
when out of scope); who may act on it is the action's predicate (cases/permissions.py), asked
by the action and by the button alike. Writes go through cases.services.referrals."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases import selectors
from cases.filters import REFERRAL_COLUMNS, REFERRAL_DEFAULT_SORT, ReferralFilter
from cases.forms import referrals as forms
from cases.models import ChargingHold, Referral
from cases.services import referrals as services
from eligibility.models import Screening
from eligibility.registry import offer_blocked
from lead import access, exports, live
from lead.audit.services import Kind, access_event_record
from lead.forms import changing, confirmation, confirmed, refusal_shown
from lead.listing import Sorting, without_format
from lead.pagination import CappedPage
from lead.roles import Role
from lead.users.models import User


def _case_managers():
    return User.objects.filter(groups__name=Role.CASE_MANAGER.label, is_active=True).order_by("last_name", "first_name")


def _identify(form_class, data, **kwargs):
    """Bind an identity form; when records know people like this one, ask which one it is.

    Returns the form to use: bound (validated) once the officer has answered the question, or
    unbound with what was typed when the question is new (so it shows without an error)."""
    form = form_class(data, **kwargs)
    if not form.is_valid() or data.get("answer") == "declined":
        return form
    candidates = selectors.participant_matches(
        **{k: form.cleaned_data[k] for k in ("first_name", "last_name", "date_of_birth")}
    )
    if not candidates:
        return form
    if "match" not in data:
        return form_class(initial=data.dict(), candidates=candidates, **kwargs)
    form = form_class(data, candidates=candidates, **kwargs)
    form.is_valid()
    return form


# The offer of diversion ----------------------------------------------------------------------


def offer(request, public_id):
    screening = access.get_visible(request, "screening", public_id=public_id)
    if not access.permits(request.user, "eligibility.handle_screening", screening):
        raise access.not_found(request, "screening out of scope or missing", "eligibility.screening", str(public_id))
    if screening.status != Screening.Status.ELIGIBLE:
        messages.info(request, "Diversion can be offered only after an eligible screening, once.")
        return redirect("eligibility:screening-detail", public_id=public_id)
    blocked = offer_blocked(request.user)  # the site requires LEAD training first
    if blocked:
        messages.error(request, blocked)
        return redirect("eligibility:screening-detail", public_id=public_id)
    form = forms.OfferForm()
    if request.method == "POST":
        form = _identify(forms.OfferForm, request.POST)
        if form.is_bound and form.is_valid() and not changing(request):
            if form.cleaned_data["answer"] == "declined" and not confirmed(request):
                return _decline_confirmation(request, screening)
            return _offer_answered(request, screening, form)
    return render(request, "cases/offer.html", {"screening": screening, "form": form})


def _decline_confirmation(request, screening):
    return confirmation(
        request,
        title="Record that the person declined diversion?",
        consequences=[
            f"Report {screening.report_number}: the person is recorded as having declined LEAD, and is arrested and processed as usual.",
            "Diversion can no longer be offered on this screening: this cannot be undone.",
            "No person is recorded in LEAD and no case manager is called.",
        ],
        button="Yes, they declined: arrest and process",
        back=reverse("eligibility:screening-detail", args=[screening.public_id]),
        changeable=True,
    )


def _offer_answered(request, screening, form):
    now = timezone.now()
    with refusal_shown(request):
        if form.cleaned_data["answer"] == "declined":
            services.diversion_decline(screening=screening, officer=request.user, now=now)
            messages.success(request, "Recorded: the person declined diversion and was arrested and processed.")
            return redirect("eligibility:screening-detail", public_id=screening.public_id)
        referral = services.diversion_accept(
            screening=screening,
            officer=request.user,
            participant=form.chosen(),
            identity=form.identity(),
            now=now,
        )
        return redirect("cases:referral-detail", public_id=referral.public_id)
    return redirect("eligibility:screening-detail", public_id=screening.public_id)


# Referrals -----------------------------------------------------------------------------------


def referral_list(request):
    """The referrals the user may see, filtered and sorted as the address says; the download is
    the same rows in the same order, every page of them."""
    filtered = ReferralFilter(request.GET, queryset=selectors.referrals_visible_to(request.user))
    sorting = Sorting(REFERRAL_COLUMNS, request.GET, default=REFERRAL_DEFAULT_SORT)
    referrals = filtered.qs.order_by(*sorting.order_by())
    if "format" in request.GET:
        if filtered.form.is_valid():
            return _referral_list_export(request, referrals)
        # A filter in error would let rows through that the person filtered out: no download
        # until it is corrected. The list shows the error where the links were
        # (templates/includes/list_downloads.html).
        return redirect(f"{request.path}?{without_format(request.GET)}")
    page = CappedPage(referrals, request.GET.get("page"), 25)
    query = request.GET.copy()
    query.pop("page", None)  # the pagination links add their own; the sort and filters stay
    return render(
        request,
        "cases/referral_list.html",
        {
            "filter": filtered,
            "sorting": sorting,
            "page": page,
            "query": query.urlencode(),
            "may_refer": access.allows(request.user, "cases:social-new"),
        },
    )


REFERRAL_LIST_COLUMNS = ["When", "Reference", "Person", "Kind", "Stage", "From", "Status"]


def _referral_list_export(request, referrals):
    """The list's rows, every page of them, in the page's order, with the columns the page shows."""
    fmt = request.GET["format"]
    if fmt not in exports.FORMATS:
        return HttpResponseBadRequest(f"Unknown format: choose one of {', '.join(exports.FORMATS)}.")
    access_event_record(request=request, kind=Kind.EXPORT, detail=f"referral list {request.GET.urlencode()}")
    stem = f"lead-referrals-{timezone.localdate():%Y-%m-%d}"
    return exports.export_response(fmt, stem, _referral_list_rows(referrals), notice=exports.PART2_NOTICE)


def _referral_list_rows(referrals):
    kinds, stages, statuses = dict(Referral.Kind.choices), dict(Referral.Stage.choices), dict(Referral.Status.choices)
    yield REFERRAL_LIST_COLUMNS
    fields = (
        "created_at",
        "reference",
        "participant__first_name",
        "participant__last_name",
        "kind",
        "stage",
        "agency__name",
        "status",
    )
    rows = referrals.values_list(*fields).iterator(chunk_size=2000)
    for created_at, reference, first_name, last_name, kind, stage, agency, status in rows:
        yield [
            f"{timezone.localtime(created_at):%Y-%m-%d %H:%M}",
            reference,
            f"{first_name} {last_name}",
            kinds.get(kind, kind),
            stages.get(stage, stage),
            agency,
            statuses.get(status, status),
        ]


def _refer_out_of_scope(request, public_id):
    """The 404 of a referral the user sees but may not act on this way: the same page, and the
    same access-log line, as for a referral out of scope or missing."""
    return access.not_found(request, "referral out of scope or missing", "cases.referral", str(public_id))


def referral_detail(request, public_id):
    referral = access.get_visible(request, "referral", public_id=public_id)
    return _referral_page(request, referral)


def _referral_page(request, referral, *, handoff_form=None):
    """The referral's page; `handoff_form` is the hand-off time as typed, when it was refused."""
    access_event_record(request=request, kind=Kind.READ, obj=referral)
    user = request.user
    awaiting = referral.status == Referral.Status.AWAITING_CASE_MANAGER
    hold = getattr(referral, "charging_hold", None)
    case = getattr(referral, "case", None)
    may_record_handoff = (
        referral.status == Referral.Status.CASE_OPEN
        and referral.handed_off_at is None
        and referral.kind == Referral.Kind.ARREST_DIVERSION
        and access.permits(user, "cases.record_handoff", referral)
    )
    if may_record_handoff and handoff_form is None:
        handoff_form = forms.HandoffDoneForm(initial={"handed_off_at": timezone.localtime().replace(second=0)})
    return render(
        request,
        "cases/referral_detail.html",
        {
            "referral": referral,
            "case": case,
            "hold": hold,
            "capacity": selectors.capacity() if referral.status == Referral.Status.PENDING else None,
            "may_intake": access.permits(user, "cases.fill_intake", referral),
            "may_accept": awaiting and access.allows(user, "cases:handoff-accept", "POST"),
            # The officer calls the case manager; a case manager reads who is waiting, and calls them.
            "asked_me": awaiting and referral.on_call_case_manager_id == user.pk,
            "handoff_form": handoff_form if may_record_handoff else None,
            "may_decide_charging": access.permits(user, "cases.decide_charging", referral),
            "may_withdraw": referral.status == Referral.Status.PENDING
            and access.permits(user, "cases.withdraw_referral", referral),
            "may_open_case": case is not None and selectors.cases_visible_to(user).contains(case),
            "progress": selectors.progress_summaries_visible_to(user, now=timezone.now()).filter(case=case).first()
            if case
            else None,
        },
    )


def _intake_referral(request, public_id):
    """The referral whose intake form the officer fills (`cases.fill_intake`: their agency's
    arrest diversion). The form and its draft share this rule."""
    referral = access.get_visible(request, "referral", public_id=public_id)
    if not access.permits(request.user, "cases.fill_intake", referral):
        raise _refer_out_of_scope(request, public_id)
    return referral


def intake(request, public_id):
    referral = _intake_referral(request, public_id)
    draft = getattr(referral, "intake_draft", None)
    if request.method == "POST":
        form = forms.IntakeForm(request.POST)
        if form.is_valid():
            services.intake_submit(
                referral=referral, by=request.user, details=form.details(), intake=form.intake(), now=timezone.now()
            )
            messages.success(request, "The LEAD Intake Form is saved.")
            return redirect("cases:referral-detail", public_id=public_id)
    elif draft is not None:
        form = forms.IntakeForm(initial=draft.data)
    else:
        form = forms.IntakeForm(initial=_intake_initial(referral))
    return render(request, "cases/intake.html", {"referral": referral, "form": form, "draft": draft})


def _intake_initial(referral: Referral) -> dict:
    person = referral.participant
    values = {field: getattr(person, field) for field in services.DETAIL_FIELDS}
    values |= {field: getattr(referral, field) for field in services.INTAKE_FIELDS}
    if referral.incident_at:
        values["incident_at"] = timezone.localtime(referral.incident_at)
    if screening := referral.screening:
        # What the screening already asked is not asked again: the officer checks it instead.
        values["race"] = values["race"] or screening.race
        values["ethnicity"] = values["ethnicity"] or screening.ethnicity
        values["crime_report_number"] = values["crime_report_number"] or screening.report_number
    return values


@require_POST
def intake_autosave(request, public_id):
    """htmx: keep what the officer has typed so far. Nothing is judged until they submit, except
    what no draft may hold (characters no keyboard types, oversize values): then nothing is
    saved and the note says why; the page keeps what was typed."""
    referral = _intake_referral(request, public_id)
    problems = forms.IntakeForm(request.POST).draft_problems()
    if problems:
        return render(request, "cases/_draft_saved.html", {"problems": problems})
    fields = set(forms.IntakeForm.base_fields)
    data = {
        key: (request.POST.getlist(key) if key == "race" else request.POST.get(key))
        for key in request.POST
        if key in fields
    }
    draft = services.intake_draft_save(referral=referral, data=data, by=request.user, now=timezone.now())
    return render(request, "cases/_draft_saved.html", {"draft": draft})


def handoff_accept(request, public_id):
    referral = access.get_visible(request, "referral", public_id=public_id)
    if referral.status != Referral.Status.AWAITING_CASE_MANAGER:
        messages.info(request, "This hand-off is no longer waiting for a case manager.")
        return redirect("cases:referral-detail", public_id=public_id)
    form = forms.HandoffAcceptForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        with refusal_shown(request):
            case = services.handoff_accept(
                referral=referral, case_manager=request.user, now=timezone.now(), **form.cleaned_data
            )
            messages.success(
                request, f"The case is open. The assessment is due by {case.assessment_due_on:%B %-d, %Y}."
            )
        return redirect("cases:referral-detail", public_id=public_id)
    return render(
        request,
        "cases/handoff_accept.html",
        {
            "referral": referral,
            "form": form,
            "capacity": selectors.capacity(),
        },
    )


@transaction.non_atomic_requests  # reads one or two rows: no transaction to open and close
def handoff_status(request, public_id):
    """The note above the hand-off form, asked every few seconds while the case manager fills the
    form in (lead/live.py): empty (204, not logged) while the hand-off waits; once another case
    manager took it or it was withdrawn, says so, logged as a read, and polling stops. Only the
    note changes: the form, and what was typed in it, stay as they are."""
    referral = access.get_visible(request, "referral", public_id=public_id)
    if referral.status == Referral.Status.AWAITING_CASE_MANAGER:
        return live.unchanged()
    access_event_record(request=request, kind=Kind.READ, obj=referral, detail="hand-off taken while the form was open")
    return live.settled(render(request, "cases/_handoff_status.html", {"referral": referral}))


@require_POST
def handoff_done(request, public_id):
    referral = access.get_visible(request, "referral", public_id=public_id)
    if not access.permits(request.user, "cases.record_handoff", referral):
        messages.error(request, "Only the referring officer's agency or the case's case manager records the hand-off.")
        return redirect("cases:referral-detail", public_id=public_id)
    form = forms.HandoffDoneForm(request.POST)
    if form.is_valid():
        with refusal_shown(request, form):
            services.handoff_record(
                referral=referral, at=form.cleaned_data["handed_off_at"], by=request.user, now=timezone.now()
            )
            messages.success(request, "The time of the hand-off is recorded.")
            return redirect("cases:referral-detail", public_id=public_id)
    # Refused or not a time: the page again, with the time as typed and the error beside it.
    return _referral_page(request, referral, handoff_form=form)


def charging(request, public_id):
    referral = access.get_visible(request, "referral", public_id=public_id)
    if not access.permits(request.user, "cases.decide_charging", referral):
        raise _refer_out_of_scope(request, public_id)
    hold = referral.charging_hold
    if hold.status != ChargingHold.Status.HELD:
        messages.info(request, f"The paperwork was already {hold.get_status_display().lower()}.")
        return redirect("cases:referral-detail", public_id=public_id)
    form = forms.ChargingForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        with refusal_shown(request):
            services.charging_decide(hold=hold, by=request.user, now=timezone.now(), **form.cleaned_data)
        return redirect("cases:referral-detail", public_id=public_id)
    return render(request, "cases/charging.html", {"referral": referral, "hold": hold, "form": form})


# Social contact referrals --------------------------------------------------------------------


def social_new(request):
    form = forms.SocialReferralForm()
    if request.method == "POST":
        form = _identify(forms.SocialReferralForm, request.POST)
        if form.is_bound and form.is_valid():
            referral = services.social_referral_create(
                by=request.user,
                participant=form.chosen(),
                identity=form.identity(),
                reason=form.cleaned_data["reason"],
                known_needs=form.cleaned_data["known_needs"],
                now=timezone.now(),
            )
            messages.success(request, "The referral waits for approval at the next Operations Workgroup meeting.")
            return redirect("cases:referral-detail", public_id=referral.public_id)
    return render(request, "cases/social_new.html", {"form": form, "capacity": selectors.capacity()})


@require_POST
def withdraw(request, public_id):
    referral = access.get_visible(request, "referral", public_id=public_id)
    if not access.permits(request.user, "cases.withdraw_referral", referral):
        messages.error(request, "Only the person who made the referral can withdraw it.")
        return redirect("cases:referral-detail", public_id=public_id)
    if referral.status != Referral.Status.PENDING:
        messages.info(request, "This referral is no longer waiting for approval: it cannot be withdrawn.")
        return redirect("cases:referral-detail", public_id=public_id)
    if not confirmed(request):
        return confirmation(
            request,
            title="Withdraw the referral?",
            consequences=[
                f"The referral of {referral.participant.full_name} ({referral.reference}) is withdrawn: "
                "it leaves the Operations Workgroup's agenda and will not be approved.",
                "This cannot be undone: to refer the person again, make a new referral.",
            ],
            button="Yes, withdraw the referral",
            back=reverse("cases:referral-detail", args=[referral.public_id]),
        )
    with refusal_shown(request):
        services.referral_withdraw(referral=referral, by=request.user, now=timezone.now())
        messages.success(request, "The referral is withdrawn.")
    return redirect("cases:referral-detail", public_id=public_id)


# The on-call roster --------------------------------------------------------------------------


def roster(request):
    now = timezone.now()
    form = forms.ShiftForm(request.POST if request.method == "POST" else None, case_managers=_case_managers())
    if form.is_valid():
        services.shift_add(by=request.user, **form.cleaned_data)
        messages.success(request, "The shift is on the roster.")
        return redirect("cases:roster")
    return render(
        request,
        "cases/roster.html",
        {
            "form": form,
            "shifts": selectors.roster(now),
            "on_call": selectors.on_call_now(now),
        },
    )


@require_POST
def roster_remove(request, pk):
    shift = access.get_visible(request, "shift", pk=pk)
    services.shift_remove(shift=shift, by=request.user)
    messages.success(request, "The shift is removed from the roster.")
    return redirect("cases:roster")
