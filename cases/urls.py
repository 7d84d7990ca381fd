"""The cases app's addresses, mounted at the site's root (lead/urls.py): a referral's under
/referrals/, a case's under /cases/. Cases lived under /referrals/cases/ until issue 15; those
addresses are in notifications and bookmarks, so they redirect (`case_moved`)."""

from django.urls import path, re_path
from django.views.generic import RedirectView

from cases.views import casefile, caselist, cover, record, referrals, steps

app_name = "cases"
urlpatterns = [
    # Referrals and hand-offs (policy IV, VIII, X).
    path("referrals/screenings/<uuid:public_id>/offer/", referrals.offer, name="offer"),
    path("referrals/", referrals.referral_list, name="referral-list"),
    path("referrals/social/new/", referrals.social_new, name="social-new"),
    path("referrals/<uuid:public_id>/", referrals.referral_detail, name="referral-detail"),
    path("referrals/<uuid:public_id>/intake/", referrals.intake, name="intake"),
    path("referrals/<uuid:public_id>/intake/draft/", referrals.intake_autosave, name="intake-autosave"),
    path("referrals/<uuid:public_id>/handoff/", referrals.handoff_accept, name="handoff-accept"),
    path("referrals/<uuid:public_id>/handoff/status/", referrals.handoff_status, name="handoff-status"),
    path("referrals/<uuid:public_id>/handoff/done/", referrals.handoff_done, name="handoff-done"),
    path("referrals/<uuid:public_id>/charging/", referrals.charging, name="charging"),
    path("referrals/<uuid:public_id>/withdraw/", referrals.withdraw, name="withdraw"),
    path("referrals/on-call/", referrals.roster, name="roster"),
    path("referrals/on-call/<int:pk>/remove/", referrals.roster_remove, name="roster-remove"),
    # The case list and the caseloads.
    path("cases/", caselist.case_list, name="case-list"),
    path("cases/caseloads/", caselist.caseloads, name="caseloads"),
    # The case file (policy VI).
    path("cases/<uuid:public_id>/", casefile.case_detail, name="case-detail"),
    path("cases/<uuid:public_id>/contacts/", casefile.contacts, name="case-contacts"),
    path("cases/<uuid:public_id>/summary/", casefile.summary, name="case-summary"),
    path("cases/<uuid:public_id>/close/", casefile.close, name="case-close"),
    # The steps after the hand-off (policy VI.A-D).
    path("cases/<uuid:public_id>/screening/", steps.screening, name="case-screening"),
    path("cases/<uuid:public_id>/consent/", steps.consent, name="case-consent"),
    path("cases/<uuid:public_id>/consent/signature/", steps.consent_signature, name="consent-signature"),
    path("cases/<uuid:public_id>/appointment/", steps.appointment, name="case-appointment"),
    path("cases/<uuid:public_id>/releases/new/", steps.roi_new, name="case-roi-new"),
    path("cases/releases/<uuid:public_id>/revoke/", steps.roi_revoke, name="roi-revoke"),
    path("cases/releases/<uuid:public_id>/signature/", steps.roi_signature, name="roi-signature"),
    # The clinical record (policy VI.E-H).
    path("cases/<uuid:public_id>/assessment/", record.assessment, name="case-assessment"),
    path("cases/<uuid:public_id>/plan/", record.plan, name="case-plan"),
    path("cases/<uuid:public_id>/notes/", record.note_add, name="case-note-add"),
    # Access beyond the assignment (access-policy.md "Coverage", "Break-glass").
    path("cases/coverage/", cover.coverage_list, name="coverage-list"),
    path("cases/coverage/providers/<uuid:public_id>/new/", cover.coverage_grant, name="coverage-grant"),
    path("cases/coverage/<uuid:public_id>/end/", cover.coverage_end, name="coverage-end"),
    path("cases/<uuid:public_id>/break-glass/", cover.break_glass, name="break-glass"),
    path("cases/<uuid:public_id>/break-glass/record/", cover.break_glass_record, name="break-glass-record"),
    # Addresses before issue 15 (no `$`: any page of a case below it).
    re_path(r"^referrals/cases/(?P<public_id>[0-9a-fA-F-]{36})/", casefile.case_moved, name="case-moved"),
    path(
        "referrals/coverage/",
        RedirectView.as_view(pattern_name="cases:coverage-list", permanent=True),
        name="coverage-moved",
    ),
]
