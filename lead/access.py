"""Who may do what, decided in three places, each asked by every page that needs the answer.

1. The role level, this module's ACCESS map: one `Rule` per URL name, saying which roles may GET
   or POST it. Deny by default. `AccessMapMiddleware` enforces it for every request before any
   view runs:
   - a URL name missing from ACCESS answers 404 (and tests/lead/test_access_matrix.py fails);
   - an anonymous user is sent to sign in, a user who has not passed two-factor to the second step;
   - a role the rule does not name gets 403 (the same for existing and missing objects, so 403
     reveals nothing about existence).
   The navigation and the pages' buttons ask `allows` about a URL rather than about roles.
2. The object level, one scoped lookup per kind of object a URL names (the rule's `obj`): the
   app owning the kind registers its selector here (`register_kind`, in its permissions.py,
   loaded by its AppConfig.ready; the foundation imports no domain app). Views call
   `get_visible`, which answers the object or raises `not_found`, so an outsider sees 404 exactly
   as for a missing object, logged. The selectors decide by role and by the fields that decide
   scope, never by asking this map. tests/lead/test_scoped_lookups.py fails when a view looks an
   object up any other way.
3. The action level, one predicate per action on an object (django-rules, in each app's
   permissions.py: "cases.withdraw_referral", "owg.chair_meeting"...), asked through `permits`
   by the view doing the action and by the page showing its button. A refusal is `forbidden`
   (403, logged) or `not_found` where existence must not show.
The matrix test walks every cell of this map.
"""

from collections.abc import Callable
from dataclasses import dataclass

import rules
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from lead.audit.services import Kind, access_denied_record, access_event_record
from lead.roles import Role

ANY_ROLE = frozenset(Role)
NOBODY = frozenset()
CASE_MANAGERS = frozenset({Role.CASE_MANAGER})
# Policy VIIII.A: the Operations Workgroup's members.
OWG_MEMBERS = frozenset({Role.OFFICER, Role.PROSECUTOR, Role.DEFENDER, Role.CASE_MANAGER, Role.DIRECTOR})
DIRECTOR = frozenset({Role.DIRECTOR})
OUTREACH = frozenset({Role.OUTREACH})
COORDINATOR = frozenset({Role.COORDINATOR})
COMMUNITY = frozenset({Role.COORDINATOR, Role.DIRECTOR})
PROSECUTORS = frozenset({Role.PROSECUTOR})
COURT_TRACKERS = frozenset({Role.PROSECUTOR, Role.DEFENDER, Role.DIRECTOR})
CRITERIA_READERS = frozenset({Role.OFFICER, Role.PROSECUTOR, Role.DEFENDER, Role.CASE_MANAGER, Role.DIRECTOR, Role.PCG})
# What a case manager's pages of a case show (each read is logged by cases/clinical.py as well).
CLINICAL = "a case's clinical record"


@dataclass(frozen=True)
class Rule:
    get: frozenset[Role] = NOBODY
    post: frozenset[Role] = NOBODY
    # Served to anyone, signed in or not (sign-in page, health check).
    public: bool = False
    # Reachable after the password but before the second factor (enrolment, verification, sign-out).
    before_two_factor: bool = False
    # The kind of object named in the URL: the view looks it up through that kind's registered
    # lookup (`get_visible`); the permission matrix makes such objects (tests/access_objects.py).
    obj: str | None = None
    # What personal data a GET shows (a person's identity, contact details, charges or case
    # state), in a few words for the access log. When set, every GET answered 200 is logged as a
    # READ: by the view when it logs one itself (with more detail), else by the middleware.
    shows: str = ""

    def roles_for(self, method: str) -> frozenset[Role] | None:
        """The roles allowed to use `method`, or None when the URL does not answer it at all."""
        if method in {"GET", "HEAD"}:
            return self.get if (self.get or self.public) else None
        if method == "POST":
            return self.post if (self.post or self.public) else None
        return None


ACCESS: dict[str, Rule] = {
    # Signing in and out.
    "accounts:sign-in": Rule(public=True),
    "admin-sign-in": Rule(public=True),
    "admin-sign-out": Rule(post=ANY_ROLE, before_two_factor=True),
    "admin-password": Rule(get=frozenset({Role.SITE_ADMIN})),
    "accounts:enroll": Rule(get=ANY_ROLE, post=ANY_ROLE, before_two_factor=True),
    "accounts:verify": Rule(get=ANY_ROLE, post=ANY_ROLE, before_two_factor=True),
    "accounts:sign-out": Rule(post=ANY_ROLE, before_two_factor=True),
    "accounts:account": Rule(get=ANY_ROLE),
    "accounts:password": Rule(get=ANY_ROLE, post=ANY_ROLE),
    # Each user's own recovery codes and authenticator app (a lost phone needs no administrator).
    "accounts:recovery-codes": Rule(post=ANY_ROLE),
    "accounts:authenticator": Rule(get=ANY_ROLE, post=ANY_ROLE),
    # Separation of duties (lead/users/duties.py): account changes an administrator asked for,
    # approved by the project director or another administrator (never by whoever asked or the
    # account concerned: the view answers 403, logged).
    "accounts:requests": Rule(get=frozenset({Role.DIRECTOR, Role.SITE_ADMIN})),
    "accounts:request-decide": Rule(
        get=frozenset({Role.DIRECTOR, Role.SITE_ADMIN}),
        post=frozenset({Role.DIRECTOR, Role.SITE_ADMIN}),
        obj="access_request",
    ),
    # Everyone's start page and the staff directory of an agency.
    "home": Rule(get=ANY_ROLE),
    # The home page's list of hand-offs waiting, asked every few seconds (lead/live.py): empty while
    # unchanged; the view logs the answer that lists participants.
    "home-handoffs": Rule(get=CASE_MANAGERS, shows="hand-offs waiting: participants' names"),
    "agencies:detail": Rule(get=ANY_ROLE, obj="agency"),
    # Eligibility screening (policy V, VI.A.1-2): officers screen for their agency; prosecutors
    # read their jurisdiction's and review eligible ones where the site asks them to; the
    # director reads every agency's.
    "eligibility:screening-list": Rule(
        get=frozenset({Role.OFFICER, Role.PROSECUTOR, Role.DIRECTOR}), shows="screenings: report numbers, outcomes"
    ),
    "eligibility:screening-new": Rule(get=frozenset({Role.OFFICER}), post=frozenset({Role.OFFICER})),
    "eligibility:screening-detail": Rule(
        get=frozenset({Role.OFFICER, Role.PROSECUTOR, Role.DIRECTOR}),
        obj="screening",
        shows="a screening: report number, offense, outcome",
    ),
    # The status section of the officer's screening page, asked every few seconds while it waits
    # for the prosecutor (lead/live.py): empty while unchanged; the view logs the answer that
    # shows the decision.
    "eligibility:screening-status": Rule(
        get=frozenset({Role.OFFICER, Role.PROSECUTOR, Role.DIRECTOR}),
        obj="screening",
        shows="a screening's status: the prosecutor's decision",
    ),
    "eligibility:screening-coordination": Rule(
        get=frozenset({Role.OFFICER}),
        post=frozenset({Role.OFFICER}),
        obj="screening",
        shows="a screening: report number, outcome",
    ),
    "eligibility:screening-arrest": Rule(post=frozenset({Role.OFFICER}), obj="screening"),
    "eligibility:screening-review": Rule(
        get=frozenset({Role.PROSECUTOR}),
        post=frozenset({Role.PROSECUTOR}),
        obj="screening",
        shows="a screening: report number, offense, outcome",
    ),
    # Criteria sets: approved versions are read by everyone who screens or is screened by them;
    # the director drafts (and sees drafts), the PCG approves (and sees drafts).
    "eligibility:criteria-list": Rule(get=CRITERIA_READERS),
    "eligibility:criteria-version": Rule(get=CRITERIA_READERS, obj="criteria_version"),
    "eligibility:criteria-draft": Rule(post=frozenset({Role.DIRECTOR}), obj="criteria_set"),
    "eligibility:criteria-edit": Rule(
        get=frozenset({Role.DIRECTOR}), post=frozenset({Role.DIRECTOR}), obj="criteria_draft"
    ),
    "eligibility:criteria-approve": Rule(get=frozenset({Role.PCG}), post=frozenset({Role.PCG}), obj="criteria_draft"),
    # Diversion intake and referrals (policy IV, VI.A, VIII, X). Referrals and cases are scoped by
    # their fields (the referring agency and its prosecuting office, the case's provider) and the
    # hand-off grants of the case managers asked (cases/selectors.py); the director sees all.
    "cases:offer": Rule(
        get=frozenset({Role.OFFICER}),
        post=frozenset({Role.OFFICER}),
        obj="screening",
        shows="a screening: report number, outcome",
    ),
    "cases:referral-list": Rule(get=OWG_MEMBERS, shows="participants' names, referral states"),
    "cases:referral-detail": Rule(get=OWG_MEMBERS, obj="referral", shows="a referral: identity, state"),
    "cases:intake": Rule(
        get=frozenset({Role.OFFICER}),
        post=frozenset({Role.OFFICER}),
        obj="referral",
        shows="intake: identity, contact details",
    ),
    "cases:intake-autosave": Rule(post=frozenset({Role.OFFICER}), obj="referral"),
    "cases:handoff-accept": Rule(
        get=frozenset({Role.CASE_MANAGER}),
        post=frozenset({Role.CASE_MANAGER}),
        obj="referral",
        shows="hand-off: identity, where to meet",
    ),
    # The note above the hand-off form, asked every few seconds while the form is open
    # (lead/live.py): empty while the hand-off waits; the view logs the answer saying who took it.
    "cases:handoff-status": Rule(
        get=frozenset({Role.CASE_MANAGER}), obj="referral", shows="hand-off: who took it, when"
    ),
    "cases:handoff-done": Rule(post=frozenset({Role.OFFICER, Role.CASE_MANAGER}), obj="referral"),
    "cases:charging": Rule(
        get=frozenset({Role.PROSECUTOR}),
        post=frozenset({Role.PROSECUTOR}),
        obj="referral",
        shows="charging hold: identity, charges",
    ),
    "cases:social-new": Rule(get=OWG_MEMBERS, post=OWG_MEMBERS),
    "cases:withdraw": Rule(post=OWG_MEMBERS, obj="referral"),
    # The case list: the cases the user sees (a case manager's provider's, the director's all), with
    # status and dates, no clinical record; the view logs the download. The caseloads: counts per
    # case manager (every one for the director, the provider's for a supervisor, a case manager's
    # own line), no participant.
    "cases:case-list": Rule(
        get=frozenset({Role.CASE_MANAGER, Role.DIRECTOR}), shows="cases: participants' names, case states"
    ),
    "cases:caseloads": Rule(get=frozenset({Role.CASE_MANAGER, Role.DIRECTOR})),
    "cases:case-detail": Rule(
        get=frozenset({Role.CASE_MANAGER, Role.DIRECTOR}),
        obj="case",
        shows="a case: identity, state",
    ),
    # Case management (policy VI): the case's assigned case managers and their provider's
    # supervisor (cases/clinical.py); the director reads the case file's status only.
    "cases:case-contacts": Rule(get=CASE_MANAGERS, post=CASE_MANAGERS, obj="clinical_case", shows=CLINICAL),
    "cases:case-summary": Rule(post=CASE_MANAGERS, obj="clinical_case"),
    "cases:case-close": Rule(get=CASE_MANAGERS, post=CASE_MANAGERS, obj="clinical_case", shows=CLINICAL),
    "cases:case-screening": Rule(get=CASE_MANAGERS, post=CASE_MANAGERS, obj="clinical_case", shows=CLINICAL),
    "cases:case-consent": Rule(get=CASE_MANAGERS, post=CASE_MANAGERS, obj="clinical_case", shows=CLINICAL),
    "cases:consent-signature": Rule(get=CASE_MANAGERS, obj="clinical_case", shows=CLINICAL),
    "cases:case-appointment": Rule(get=CASE_MANAGERS, post=CASE_MANAGERS, obj="clinical_case", shows=CLINICAL),
    "cases:case-roi-new": Rule(get=CASE_MANAGERS, post=CASE_MANAGERS, obj="clinical_case", shows=CLINICAL),
    "cases:roi-revoke": Rule(post=CASE_MANAGERS, obj="roi"),
    "cases:roi-signature": Rule(get=CASE_MANAGERS, obj="roi", shows=CLINICAL),
    "cases:case-assessment": Rule(get=CASE_MANAGERS, post=CASE_MANAGERS, obj="clinical_case", shows=CLINICAL),
    "cases:case-plan": Rule(get=CASE_MANAGERS, post=CASE_MANAGERS, obj="clinical_case", shows=CLINICAL),
    "cases:case-note-add": Rule(post=CASE_MANAGERS, obj="clinical_case"),
    # Coverage: the provider's supervisor or the director grants and ends it (403 for other case
    # managers, who see the coverage they hold or that covers them); cases/clinical.py reads it.
    "cases:coverage-list": Rule(get=frozenset({Role.CASE_MANAGER, Role.DIRECTOR})),
    "cases:coverage-grant": Rule(
        get=frozenset({Role.CASE_MANAGER, Role.DIRECTOR}),
        post=frozenset({Role.CASE_MANAGER, Role.DIRECTOR}),
        obj="provider",
    ),
    "cases:coverage-end": Rule(post=frozenset({Role.CASE_MANAGER, Role.DIRECTOR}), obj="coverage"),
    # Break-glass: the director opens one case's clinical record with a reason; the record page
    # answers 404 unless an opening of it by this director is running.
    "cases:break-glass": Rule(get=DIRECTOR, post=DIRECTOR, obj="case", shows="a case: identity, state"),
    "cases:break-glass-record": Rule(get=DIRECTOR, obj="break_glass", shows=CLINICAL),
    # The Operations Workgroup (policy VIIII): its members (each meeting's invited ones) read the
    # agenda and minutes and add items; the director, or the member named for a meeting, records
    # attendance and decisions (the predicate owg.chair_meeting, checked by the views: 403 for others).
    "owg:meetings": Rule(get=OWG_MEMBERS),
    "owg:schedule": Rule(get=DIRECTOR, post=DIRECTOR),
    "owg:meeting-new": Rule(get=DIRECTOR, post=DIRECTOR),
    "owg:meeting": Rule(get=OWG_MEMBERS, obj="meeting", shows="an OWG meeting: agenda by participant"),
    "owg:meeting-edit": Rule(get=DIRECTOR, post=DIRECTOR, obj="meeting", shows="an OWG meeting: agenda by participant"),
    "owg:attendance": Rule(post=OWG_MEMBERS, obj="meeting"),
    "owg:item-new": Rule(get=OWG_MEMBERS, post=OWG_MEMBERS, obj="meeting", shows="open cases by participant's name"),
    "owg:decide": Rule(
        get=OWG_MEMBERS, post=OWG_MEMBERS, obj="agenda_item", shows="an agenda item: participant, progress"
    ),
    "owg:finish": Rule(post=OWG_MEMBERS, obj="meeting"),
    # Any invited member flags an active participant for discussion at the next meeting, or
    # removes a flag (the case named in the form is looked up as an "agenda_participant").
    "owg:flag": Rule(post=OWG_MEMBERS, obj="meeting"),
    # A member's own follow-up from a decision.
    "owg:action-done": Rule(post=OWG_MEMBERS, obj="owg_action"),
    # The prosecutor's tracking (policy X.D-F): the office's cases; public defenders read the cases
    # of participants they represent; the director reads all. Filing decisions are the
    # prosecutor's (policy X.G).
    "owg:criminal-cases": Rule(get=COURT_TRACKERS, shows="criminal cases: participants' names, charges, states"),
    "owg:criminal-case-new": Rule(get=PROSECUTORS, post=PROSECUTORS, shows="the jurisdiction's participants by name"),
    "owg:criminal-case": Rule(
        get=COURT_TRACKERS, post=PROSECUTORS, obj="criminal_case", shows="a criminal case: identity, charges"
    ),
    "owg:filing": Rule(get=PROSECUTORS, post=PROSECUTORS, obj="filing", shows="a filing decision: identity, charges"),
    # Addresses of before issue 15, redirecting to the same page under /cases/.
    "cases:case-moved": Rule(get=frozenset({Role.CASE_MANAGER, Role.DIRECTOR}), obj="case"),
    "cases:coverage-moved": Rule(get=frozenset({Role.CASE_MANAGER, Role.DIRECTOR})),
    "cases:roster": Rule(get=frozenset({Role.DIRECTOR}), post=frozenset({Role.DIRECTOR})),
    "cases:roster-remove": Rule(post=frozenset({Role.DIRECTOR}), obj="shift"),
    # Reports (access-policy: reports and exports): the director's with drill-down lists and the
    # de-identified extract; the PCG's and coordinator's suppressed aggregates; a case manager's
    # own caseload. The export view serves each role only the report it may read.
    "reports:director": Rule(get=DIRECTOR),
    "reports:records": Rule(get=DIRECTOR, obj="report_records", shows="the records behind a figure"),
    "reports:pcg": Rule(get=frozenset({Role.PCG, Role.COORDINATOR, Role.DIRECTOR})),
    "reports:caseload": Rule(get=CASE_MANAGERS),
    "reports:export": Rule(
        get=frozenset({Role.PCG, Role.COORDINATOR, Role.DIRECTOR, Role.CASE_MANAGER}), obj="report_table"
    ),
    "reports:extract": Rule(get=DIRECTOR),
    # The public transparency page: 404 unless the site configuration publishes it.
    "transparency": Rule(public=True),
    # Outreach specialists (policy IV): the participants assigned to them, through an object
    # permission per case (cases.grants.ENGAGE_CASE); identity, contact details and the engagement
    # log only. Case managers of the case and the director assign them.
    "outreach:participants": Rule(get=OUTREACH, shows="assigned participants: names, where to find them"),
    "outreach:participant": Rule(
        get=OUTREACH, post=OUTREACH, obj="engaged_case", shows="identity, contact details, engagement log"
    ),
    "outreach:assign": Rule(post=frozenset({Role.CASE_MANAGER, Role.DIRECTOR}), obj="case"),
    # Community engagement: the coordinator's, independent of enforcement and prosecution (no
    # police or prosecutor reads any of it); the director reads it and records media inquiries;
    # the PCG reads the submitted monthly reports.
    "outreach:community": Rule(get=COMMUNITY),
    "outreach:clt-new": Rule(get=COORDINATOR, post=COORDINATOR),
    "outreach:clt-member": Rule(
        get=COMMUNITY, post=COORDINATOR, obj="clt_member", shows="a CLT member: identity, contact details"
    ),
    "outreach:activity-new": Rule(get=COMMUNITY, post=COMMUNITY),
    "outreach:activity": Rule(get=COMMUNITY, post=COMMUNITY, obj="activity"),
    "outreach:feedback-new": Rule(get=COORDINATOR, post=COORDINATOR),
    "outreach:feedback": Rule(get=COMMUNITY, post=COORDINATOR, obj="feedback", shows="a community member's feedback"),
    "outreach:reports": Rule(get=COMMUNITY | frozenset({Role.PCG})),
    "outreach:report-draft": Rule(post=COORDINATOR),
    "outreach:report": Rule(get=COMMUNITY | frozenset({Role.PCG}), post=COORDINATOR, obj="monthly_report"),
    # Training (policy II), coordinated by the project director.
    "outreach:trainings": Rule(get=DIRECTOR),
    "outreach:training-new": Rule(get=DIRECTOR, post=DIRECTOR),
    "outreach:training": Rule(get=DIRECTOR, post=DIRECTOR, obj="training"),
    # Search (docs/search.md): everyone signed in has the box; each finds only what the records'
    # own pages show them (the same scoped selectors), and the PCG, the coordinator and the site
    # administrator find no person. Every search is logged by the view (kind SEARCH).
    "search:results": Rule(get=ANY_ROLE, shows="search results: participants' names, dates of birth, report numbers"),
    # The project director's search of the access log.
    "audit:log": Rule(get=frozenset({Role.DIRECTOR}), shows="the access log"),
    # Each user's own notifications (lead/notifications), whatever their role. The views look a
    # notification up by its id and the user, so another user's answers 404 like a missing one.
    # A notification names the participant and the case reference where the reader may see them
    # (lead/notifications/describe.py), so reading the list is logged.
    "notifications:list": Rule(get=ANY_ROLE, shows="notifications: participants' names, case references"),
    "notifications:open": Rule(post=ANY_ROLE, obj="notification"),
    "notifications:read-all": Rule(post=ANY_ROLE),
    # Load balancers.
    "health": Rule(public=True),
    # Django admin: users, agencies, lockouts, two-factor resets. Model permissions apply inside.
    "admin:*": Rule(get=frozenset({Role.SITE_ADMIN}), post=frozenset({Role.SITE_ADMIN})),
}


def rule_for(view_name: str | None) -> Rule | None:
    if not view_name:
        return None
    if view_name in ACCESS:
        return ACCESS[view_name]
    namespace = view_name.rpartition(":")[0]
    return ACCESS.get(f"{namespace}:*") if namespace else None


def allows(user, view_name: str, method: str = "GET") -> bool:
    """Whether the role level of the map lets `user` use `view_name` (navigation uses this)."""
    rule = rule_for(view_name)
    if rule is None:
        return False
    roles = rule.roles_for(method)
    if roles is None:
        return False
    if rule.public:
        return True
    return user.is_authenticated and bool(user.roles & roles)


# The scoped lookup of each kind of object ---------------------------------------------------


@dataclass(frozen=True)
class ObjectKind:
    # (user, **keys) -> the object when it exists and the user may see it, else None.
    find: Callable
    # How the access log names objects of the kind ("cases.referral").
    log_as: str
    # The denial's reason when the lookup finds nothing (the access log's words).
    missing: str


KINDS: dict[str, ObjectKind] = {}


def register_kind(
    name: str, *, log_as: str, missing: str, visible_to: Callable | None = None, find: Callable | None = None
) -> None:
    """Declare the one lookup of a kind: `visible_to(user)`, the queryset of what the user may
    see (filtered by the URL's keys), or, for what is not a table row, `find(user, **keys)`."""
    if name in KINDS:
        raise ImproperlyConfigured(f"the object kind {name!r} has two lookups")
    if (visible_to is None) == (find is None):
        raise ImproperlyConfigured(f"the object kind {name!r} needs either visible_to or find")
    if visible_to is not None:

        def find(user, **keys):
            return visible_to(user).filter(**keys).first()

    KINDS[name] = ObjectKind(find=find, log_as=log_as, missing=missing)


def get_visible(request, kind: str, *, missing: str = "", obj_id: str = "", **keys):
    """The object of `kind` with `keys` if the user may see it; else raises `not_found` (404,
    logged with the kind's reason, or `missing`, and the id, or `obj_id`). Records on the request
    that the kind was looked up through its registered lookup (the scoped-lookup test reads it)."""
    registered = KINDS[kind]
    request._access_lookups = [*getattr(request, "_access_lookups", []), kind]
    found = registered.find(request.user, **keys)
    if found is None:
        raise not_found(
            request, missing or registered.missing, registered.log_as, obj_id or "/".join(str(v) for v in keys.values())
        )
    return found


# The predicates of actions ------------------------------------------------------------------


def permits(user, action: str, obj=None) -> bool:
    """Whether `user` may do `action` ("cases.withdraw_referral") on `obj`: the app's predicate.

    Asked of django-rules' own registry, not through `user.has_perm`: Django's backends would
    let a superuser do everything, and guardian's raises WrongAppError on a name ("accounts.")
    that is not the object's app label ("users")."""
    return rules.has_perm(action, user, obj)


def forbidden(request, reason: str, obj_kind: str = "", obj_id: str = ""):
    """The 403 page for someone whose role may use the page but who may not do this here,
    logged as a denial."""
    access_denied_record(request=request, reason=reason, obj_kind=obj_kind, obj_id=obj_id)
    return render(request, "403.html", status=403)


def not_found(request, reason: str, obj_kind: str = "", obj_id: str = "") -> Http404:
    """Record a denied object access and return the 404 to raise.

    The record is written by the middleware after the view's transaction ended: the view's
    Http404 rolls its transaction back, and the denial must survive that.
    """
    deny_later(request, reason, obj_kind, obj_id)
    return Http404(reason)


def deny_later(request, reason: str, obj_kind: str = "", obj_id: str = "") -> None:
    """Have the middleware log a denial once the view's (rolled-back) transaction has ended."""
    request._access_denials = [*getattr(request, "_access_denials", []), (reason, obj_kind, obj_id)]


class AccessMapMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)

        for reason, obj_kind, obj_id in getattr(request, "_access_denials", []):
            access_denied_record(request=request, reason=reason, obj_kind=obj_kind, obj_id=obj_id)
        if response.status_code in {403, 404} and not getattr(request, "_access_denial_logged", False):
            # A refusal nobody logged: an address that matches no page, the Django admin's own
            # 404s (a missing object, the unregistered two-factor device pages), a library's
            # Http404. Every refusal is in the log, not only those a view remembered to write.
            match = request.resolver_match
            access_denied_record(
                request=request, reason=f"{response.status_code} from {match.view_name if match else 'no page'}"
            )
        self._log_read(request, response)
        return response

    def _log_read(self, request, response):
        """The one place that makes sure a page showing personal data is in the access log.

        Written before the response leaves (a streamed file's bytes too), after the view's
        transaction committed; a failed write is a server error, so nothing is shown unlogged."""
        rule = getattr(request, "_access_rule", None)
        if not (rule and rule.shows and request.method in {"GET", "HEAD"} and response.status_code == 200):
            return
        if getattr(request, "_access_read_logged", False):
            return  # the view logged its read itself

        match = request.resolver_match
        access_event_record(
            request=request,
            kind=Kind.READ,
            obj_kind=KINDS[rule.obj].log_as if rule.obj in KINDS else (rule.obj or ""),
            obj_id="/".join(str(value) for value in match.kwargs.values()),
            detail=f"{match.view_name}: {rule.shows}",
        )

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_name = request.resolver_match.view_name
        rule = rule_for(view_name)
        if rule is None:
            return self._deny(request, 404, f"{view_name or request.path} is not in the access map")
        request._access_rule = rule
        if rule.public:
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if settings.LEAD_TWO_FACTOR and not user.is_verified() and not rule.before_two_factor:
            return redirect("accounts:verify")
        roles = rule.roles_for(request.method)
        if roles is None:
            return HttpResponseNotAllowed(sorted(m for m in ("GET", "POST") if rule.roles_for(m) is not None))
        if not user.roles & roles:
            return self._deny(
                request, 403, f"{', '.join(sorted(r.label for r in user.roles)) or 'no role'} may not use {view_name}"
            )
        return None

    def _deny(self, request, status, reason):
        access_denied_record(request=request, reason=reason)
        return render(request, f"{status}.html", status=status)
