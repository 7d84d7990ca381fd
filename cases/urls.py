from django.urls import path

from cases.views import casefile, clinical_record, cover, intake_steps
from cases.views import referrals as views

app_name = "cases"
urlpatterns = [
    path("screenings/<uuid:public_id>/offer/", views.offer, name="offer"),
    path("", views.referral_list, name="referral-list"),
    path("social/new/", views.social_new, name="social-new"),
    path("<uuid:public_id>/", views.referral_detail, name="referral-detail"),
    path("<uuid:public_id>/intake/", views.intake, name="intake"),
    path("<uuid:public_id>/intake/draft/", views.intake_autosave, name="intake-autosave"),
    path("<uuid:public_id>/handoff/", views.handoff_accept, name="handoff-accept"),
    path("<uuid:public_id>/handoff/done/", views.handoff_done, name="handoff-done"),
    path("<uuid:public_id>/charging/", views.charging, name="charging"),
    path("<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path("cases/<uuid:public_id>/", casefile.case_detail, name="case-detail"),
    path("cases/<uuid:public_id>/contacts/", casefile.contacts, name="case-contacts"),
    path("cases/<uuid:public_id>/summary/", casefile.summary, name="case-summary"),
    path("cases/<uuid:public_id>/close/", casefile.close, name="case-close"),
    # The steps after the hand-off (policy VI.A-D).
    path("cases/<uuid:public_id>/screening/", intake_steps.screening, name="case-screening"),
    path("cases/<uuid:public_id>/consent/", intake_steps.consent, name="case-consent"),
    path("cases/<uuid:public_id>/appointment/", intake_steps.appointment, name="case-appointment"),
    path("cases/<uuid:public_id>/releases/new/", intake_steps.roi_new, name="case-roi-new"),
    path("releases/<uuid:public_id>/revoke/", intake_steps.roi_revoke, name="roi-revoke"),
    path("releases/<uuid:public_id>/signature/", intake_steps.roi_signature, name="roi-signature"),
    path("cases/<uuid:public_id>/consent/signature/", intake_steps.consent_signature, name="consent-signature"),
    # The clinical record (policy VI.E-H).
    path("cases/<uuid:public_id>/assessment/", clinical_record.assessment, name="case-assessment"),
    path("cases/<uuid:public_id>/plan/", clinical_record.plan, name="case-plan"),
    path("cases/<uuid:public_id>/notes/", clinical_record.note_add, name="case-note-add"),
    # Access beyond the assignment (access-policy.md "Coverage", "Break-glass").
    path("coverage/", cover.coverage_list, name="coverage-list"),
    path("coverage/providers/<uuid:public_id>/new/", cover.coverage_grant, name="coverage-grant"),
    path("coverage/<uuid:public_id>/end/", cover.coverage_end, name="coverage-end"),
    path("cases/<uuid:public_id>/break-glass/", cover.break_glass, name="break-glass"),
    path("cases/<uuid:public_id>/break-glass/record/", cover.break_glass_record, name="break-glass-record"),
    path("on-call/", views.roster, name="roster"),
    path("on-call/<int:pk>/remove/", views.roster_remove, name="roster-remove"),
]
