"""Pages of eligibility screening (officers, prosecutors, the director) and of the criteria sets
(everyone who screens reads them; the director drafts, the PCG approves).

Every view looks its object up through its kind's scoped lookup (`access.get_visible`: 404,
logged, when out of scope); who may act on a screening is the action's predicate
(eligibility/permissions.py), asked by the action and by the button alike. Writes go through
eligibility.services."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from eligibility import engine, forms, services
from eligibility.filters import SCREENING_COLUMNS, SCREENING_DEFAULT_SORT, ScreeningFilter
from eligibility.models import CriteriaVersion, Screening
from eligibility.registry import offer_blocked, referral_url
from eligibility.selectors import (
    criteria_sets_overview,
    criteria_version_in_force,
    screenings_visible_to,
    sees_drafts,
    version_in_force_for,
)
from lead import access, demographics, live
from lead.audit.services import Kind, access_event_record
from lead.forms import confirmation, confirmed, refusal_shown
from lead.listing import Sorting
from lead.pagination import CappedPage

# Screenings ----------------------------------------------------------------------------------


def screening_list(request):
    """The screenings the user may see, filtered and sorted as the address says."""
    screenings = screenings_visible_to(request.user)
    filtered = ScreeningFilter(request.GET, queryset=screenings, user=request.user)
    sorting = Sorting(SCREENING_COLUMNS, request.GET, default=SCREENING_DEFAULT_SORT)
    page = CappedPage(filtered.qs.order_by(*sorting.order_by()), request.GET.get("page"), 25)
    query = request.GET.copy()
    query.pop("page", None)  # the pagination links add their own; the sort and filters stay
    return render(
        request,
        "eligibility/screening_list.html",
        {
            "filter": filtered,
            "sorting": sorting,
            "page": page,
            "query": query.urlencode(),
            "may_screen": access.allows(request.user, "eligibility:screening-new") and request.user.agency_id,
        },
    )


def screening_new(request):
    today = timezone.localdate()
    version = version_in_force_for(request.user.agency, today)
    # Told before screening, not after: the officer may screen, but not offer diversion.
    training_notice = offer_blocked(request.user)
    if version is None:
        return render(request, "eligibility/screening_new.html", {"version": None, "training_notice": training_notice})
    data = request.POST if request.method == "POST" else None
    form = forms.ScreeningForm(data, version=version)
    formset = forms.ConvictionFormSet(data, prefix="convictions")
    if data is not None and data.get("action") == "add_conviction":
        # A new empty row: show what was typed again, without judging it yet.
        rows = forms.conviction_rows(data)
        form = forms.ScreeningForm(initial=data.dict(), version=version)
        formset = forms.ConvictionFormSet(initial=rows, prefix="convictions")
    elif data is not None and data.get("version") != str(version.pk):
        messages.warning(
            request,
            "Your agency's criteria changed while you were filling in the form. Check the questions and your answers, then screen again.",
        )
        form = forms.ScreeningForm(initial=data.dict(), version=version)
        formset = forms.ConvictionFormSet(initial=forms.conviction_rows(data), prefix="convictions")
    # `&`, not `and`: both are validated, so every error shows at once.
    elif data is not None and form.is_valid() & formset.is_valid():
        convictions = forms.check_convictions(form, formset)
        if convictions is not None:
            screening = services.screening_create(
                officer=request.user,
                version=version,
                report_number=form.cleaned_data["report_number"],
                facts=form.facts(convictions),
                now=timezone.now(),
                race=form.cleaned_data["race"],
                ethnicity=form.cleaned_data["ethnicity"],
            )
            return redirect("eligibility:screening-detail", public_id=screening.public_id)
    return render(
        request,
        "eligibility/screening_new.html",
        {
            "version": version,
            "form": form,
            "formset": formset,
            "training_notice": training_notice,
        },
    )


def _screening_to(request, public_id, action: str) -> Screening:
    """The screening, for someone whose role does `action` on screenings: a visible screening
    the action's predicate refuses answers 404 like one out of scope (the same access-log line)."""
    screening = access.get_visible(request, "screening", public_id=public_id)
    if not access.permits(request.user, action, screening):
        raise access.not_found(request, "screening out of scope or missing", "eligibility.screening", str(public_id))
    return screening


def screening_detail(request, public_id):
    screening = access.get_visible(request, "screening", public_id=public_id)
    access_event_record(request=request, kind=Kind.READ, obj=screening)
    return render(
        request,
        "eligibility/screening_detail.html",
        {**_status_context(request, screening), "answers": _answers(screening)},
    )


def _status_context(request, screening: Screening) -> dict:
    """What the status section of a screening's page shows, and whether it asks every few
    seconds for the prosecutor's decision: only the officer's page, only while it waits."""
    is_officer = access.permits(request.user, "eligibility.handle_screening", screening)
    may_offer = is_officer and screening.status == Screening.Status.ELIGIBLE
    polls = is_officer and screening.status == Screening.Status.AWAITING_PROSECUTOR
    return {
        "screening": screening,
        "is_officer": is_officer,
        "training_notice": offer_blocked(request.user) if may_offer else None,
        "is_reviewer": access.permits(request.user, "eligibility.review_screening", screening),
        "prosecuting_office": screening.agency.prosecuting_office,
        "referral_url": referral_url(request.user, screening),
        "polls": polls,
        "poll_url": f"{reverse('eligibility:screening-status', args=[screening.public_id])}?{urlencode({'shown': screening.status})}"
        if polls
        else "",
    }


@transaction.non_atomic_requests  # reads one or two rows: no transaction to open and close
def screening_status(request, public_id):
    """The status section of a screening's page, asked every few seconds by the officer's page
    while it waits for the prosecutor (lead/live.py). `shown` is the status the page shows: while
    it is still the status, the answer is empty (204) and nothing is logged; once it changed, the
    new section (the decision and the officer's next step), logged as a read, and polling stops."""
    screening = access.get_visible(request, "screening", public_id=public_id)
    if request.GET.get("shown") == screening.status:
        return live.unchanged()
    access_event_record(request=request, kind=Kind.READ, obj=screening, detail="status, changed while the page waited")
    context = _status_context(request, screening) | {"polls": False, "changed": True}
    return live.settled(render(request, "eligibility/_screening_status.html", context))


def _answers(screening: Screening) -> list[tuple[str, str]]:
    """(question, answer) for every fact of the screening, in the form's order."""
    form = forms.ScreeningForm(version=screening.criteria_version)
    answers = []
    for _key, _title, fields in form.groups():
        for field in fields:
            if field.name == "has_convictions":
                continue
            if field.name in ("race", "ethnicity"):
                answers.append((field.label, _stated(screening, field.name)))
                continue
            value = screening.facts.get(field.name)
            if isinstance(value, bool):
                shown = "Yes" if value else "No"
            else:
                shown = dict(field.field.choices).get(value, value) if hasattr(field.field, "choices") else value
            answers.append((field.label, f"{shown}"))
    convictions = screening.facts.get("convictions", [])
    answers.append(
        (
            "Prior convictions",
            "; ".join(
                f"{engine.CONVICTION_LABELS[c['offense']]}{' (attempt)' if c['attempt'] else ''}, {c['date']}"
                for c in convictions
            )
            or "None",
        )
    )
    return answers


def _stated(screening: Screening, name: str) -> str:
    """Race and ethnicity are the screening's own fields, not facts the criteria judge."""
    races, ethnicities = dict(demographics.Race.choices), dict(demographics.Ethnicity.choices)
    if name == "race":
        return ", ".join(races.get(value, value) for value in screening.race) or "Not recorded"
    return ethnicities.get(screening.ethnicity, screening.ethnicity) or "Not recorded"


def screening_coordination(request, public_id):
    screening = _screening_to(request, public_id, "eligibility.handle_screening")
    if screening.status != Screening.Status.AWAITING_COORDINATION:
        messages.info(request, "This screening is not waiting for coordination.")
        return redirect("eligibility:screening-detail", public_id=public_id)
    form = forms.CoordinationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        with refusal_shown(request):
            services.screening_coordination_record(
                screening=screening, by=request.user, now=timezone.now(), **form.cleaned_data
            )
        return redirect("eligibility:screening-detail", public_id=public_id)
    return render(request, "eligibility/screening_coordination.html", {"screening": screening, "form": form})


def screening_review(request, public_id):
    screening = _screening_to(request, public_id, "eligibility.review_screening")
    if screening.status != Screening.Status.AWAITING_PROSECUTOR:
        messages.info(request, "This screening is not waiting for a prosecutor's review.")
        return redirect("eligibility:screening-detail", public_id=public_id)
    form = forms.ProsecutorReviewForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        with refusal_shown(request):
            services.screening_prosecutor_decide(
                screening=screening, prosecutor=request.user, now=timezone.now(), **form.cleaned_data
            )
        return redirect("eligibility:screening-detail", public_id=public_id)
    access_event_record(request=request, kind=Kind.READ, obj=screening, detail="prosecutor's review")
    return render(
        request,
        "eligibility/screening_review.html",
        {
            "screening": screening,
            "form": form,
            "answers": _answers(screening),
        },
    )


@require_POST
def screening_arrest(request, public_id):
    screening = _screening_to(request, public_id, "eligibility.handle_screening")
    if screening.status == Screening.Status.INELIGIBLE and not confirmed(request):
        return confirmation(
            request,
            title="Record that the person was arrested and processed?",
            consequences=[
                f"Report {screening.report_number}: the person, who does not meet the criteria, is recorded as "
                "arrested and processed.",
                "The screening is closed: this cannot be undone.",
            ],
            button="Yes, record the arrest",
            back=reverse("eligibility:screening-detail", args=[screening.public_id]),
        )
    with refusal_shown(request):
        services.screening_arrest_record(screening=screening, by=request.user, now=timezone.now())
        messages.success(request, "Recorded: the person was arrested and processed.")
    return redirect("eligibility:screening-detail", public_id=public_id)


# Criteria sets -------------------------------------------------------------------------------


def criteria_list(request):
    return render(
        request,
        "eligibility/criteria_list.html",
        {
            "overview": criteria_sets_overview(request.user),
            "may_draft": access.allows(request.user, "eligibility:criteria-draft", "POST"),
        },
    )


def _version(request, kind: str, slug, number) -> CriteriaVersion:
    """A version (kind "criteria_version") or a draft ("criteria_draft") of the set `slug`."""
    return access.get_visible(request, kind, criteria_set__slug=slug, number=number, obj_id=f"{slug} v{number}")


def criteria_version(request, slug, number):
    version = _version(request, "criteria_version", slug, number)
    show_history = sees_drafts(request.user)
    return render(
        request,
        "eligibility/criteria_version.html",
        {
            "version": version,
            "rules": _rules(version),
            "history": _changes(version) if show_history else None,
            "may_edit": version.status == CriteriaVersion.Status.DRAFT
            and access.allows(request.user, "eligibility:criteria-edit"),
            "may_approve": version.status == CriteriaVersion.Status.DRAFT
            and access.allows(request.user, "eligibility:criteria-approve"),
        },
    )


def _rules(version: CriteriaVersion) -> list[tuple[str, str]]:
    def names(codes):
        return ", ".join(engine.CONVICTION_LABELS[c] for c in engine.CONVICTION_CODES if c in codes) or "None"

    return [
        ("Qualifying offenses", version.get_offense_rule_display()),
        ("Drug amount limit", f"More than {version.drug_limit_grams.normalize():f} grams excludes"),
        ("Look-back period", f"{version.lookback_years} years"),
        ("Convictions that exclude without time limit (attempts included)", names(version.convictions_any_time)),
        (
            "Convictions that exclude within the look-back period (attempts included)",
            names(version.convictions_lookback),
        ),
    ]


def _changes(version: CriteriaVersion) -> list[dict]:
    """Each recorded change of the version: when, who, and which fields changed."""
    records = list(version.history.select_related("history_user").order_by("history_date", "history_id"))
    changes = []
    for previous, record in zip([None, *records], records, strict=False):
        fields = []
        if previous is not None:
            changed = {c.field for c in record.diff_against(previous, excluded_fields=["revision"]).changes}
            fields = [f.verbose_name for f in CriteriaVersion._meta.fields if f.name in changed]
        changes.append(
            {
                "at": record.history_date,
                "by": record.history_user,
                "type": record.get_history_type_display(),
                "fields": fields,
            }
        )
    return changes


@require_POST
def criteria_draft(request, slug):
    criteria_set = access.get_visible(request, "criteria_set", slug=slug)
    draft = services.criteria_draft_start(criteria_set=criteria_set, director=request.user, on=timezone.localdate())
    return redirect("eligibility:criteria-edit", slug=slug, number=draft.number)


def criteria_edit(request, slug, number):
    draft = _version(request, "criteria_draft", slug, number)
    initial = {field: getattr(draft, field) for field in services.DRAFT_FIELDS} | {"revision": draft.revision}
    form = forms.CriteriaDraftForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        with refusal_shown(request, form):
            services.criteria_draft_update(
                draft=draft, revision=form.cleaned_data["revision"], director=request.user, **form.values()
            )
            messages.success(request, "Draft saved. A PCG member can now approve it.")
            return redirect("eligibility:criteria-version", slug=slug, number=number)
        draft = _version(request, "criteria_version", slug, number)  # as saved now (approved meanwhile, perhaps)
        form.carry_revision(draft)
    return render(request, "eligibility/criteria_edit.html", {"version": draft, "form": form})


def criteria_approve(request, slug, number):
    draft = _version(request, "criteria_draft", slug, number)
    in_force = criteria_version_in_force(slug=slug, on=timezone.localdate())
    form = forms.ApprovalForm(
        request.POST if request.method == "POST" else None,
        initial={"revision": draft.revision, "effective_from": timezone.localdate()},
    )
    if form.is_valid():
        with refusal_shown(request, form):
            services.criteria_version_approve(
                draft=draft,
                revision=form.cleaned_data["revision"],
                approver=request.user,
                effective_from=form.cleaned_data["effective_from"],
                now=timezone.now(),
            )
            messages.success(
                request, f"Version {number} approved, in force from {form.cleaned_data['effective_from']:%B %-d, %Y}."
            )
            return redirect("eligibility:criteria-version", slug=slug, number=number)
        # As saved now: the comparison shows the director's changes
        draft = _version(request, "criteria_version", slug, number)
        form.carry_revision(draft)
    return render(
        request,
        "eligibility/criteria_approve.html",
        {
            "version": draft,
            "form": form,
            "in_force": in_force,
            "comparison": _comparison(in_force, draft),
        },
    )


def _comparison(current: CriteriaVersion | None, draft: CriteriaVersion) -> list[dict]:
    now = dict(_rules(current)) if current else {}
    return [
        {"rule": rule, "now": now.get(rule, "—"), "proposed": proposed, "changed": now.get(rule) != proposed}
        for rule, proposed in _rules(draft)
    ]
