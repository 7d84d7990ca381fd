from django.urls import path

from outreach.views import community, engagement, training

app_name = "outreach"
urlpatterns = [
    # Outreach specialists: the participants assigned to them (policy IV).
    path("participants/", engagement.participant_list, name="participants"),
    path("participants/<uuid:public_id>/", engagement.participant, name="participant"),
    path("cases/<uuid:public_id>/assign/", engagement.assign, name="assign"),
    # Community engagement (Public Outreach and Education).
    path("community/", community.overview, name="community"),
    path("community/clt/new/", community.clt_new, name="clt-new"),
    path("community/clt/<uuid:public_id>/", community.clt_member, name="clt-member"),
    path("community/activities/new/", community.activity_new, name="activity-new"),
    path("community/activities/<uuid:public_id>/", community.activity, name="activity"),
    path("community/feedback/new/", community.feedback_new, name="feedback-new"),
    path("community/feedback/<uuid:public_id>/", community.feedback, name="feedback"),
    path("community/reports/", community.report_list, name="reports"),
    path("community/reports/draft/", community.report_draft, name="report-draft"),
    path("community/reports/<uuid:public_id>/", community.report, name="report"),
    # Training (policy II), coordinated by the project director.
    path("training/", training.training_list, name="trainings"),
    path("training/new/", training.training_new, name="training-new"),
    path("training/<uuid:public_id>/", training.training, name="training"),
]
