from django.urls import path

from cases import views

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
    path("<uuid:public_id>/decision/", views.social_decide, name="social-decide"),
    path("<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path("cases/<uuid:public_id>/", views.case_detail, name="case-detail"),
    path("on-call/", views.roster, name="roster"),
    path("on-call/<int:pk>/remove/", views.roster_remove, name="roster-remove"),
]
