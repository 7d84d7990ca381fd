from django.urls import path

from eligibility import views

app_name = "eligibility"
urlpatterns = [
    path("screenings/", views.screening_list, name="screening-list"),
    path("screenings/new/", views.screening_new, name="screening-new"),
    path("screenings/<uuid:public_id>/", views.screening_detail, name="screening-detail"),
    path("screenings/<uuid:public_id>/status/", views.screening_status, name="screening-status"),
    path("screenings/<uuid:public_id>/coordination/", views.screening_coordination, name="screening-coordination"),
    path("screenings/<uuid:public_id>/review/", views.screening_review, name="screening-review"),
    path("screenings/<uuid:public_id>/arrest/", views.screening_arrest, name="screening-arrest"),
    path("criteria/", views.criteria_list, name="criteria-list"),
    path("criteria/<slug:slug>/draft/", views.criteria_draft, name="criteria-draft"),
    path("criteria/<slug:slug>/v<int:number>/", views.criteria_version, name="criteria-version"),
    path("criteria/<slug:slug>/v<int:number>/edit/", views.criteria_edit, name="criteria-edit"),
    path("criteria/<slug:slug>/v<int:number>/approve/", views.criteria_approve, name="criteria-approve"),
]
