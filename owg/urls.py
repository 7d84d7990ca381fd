from django.urls import path

from owg.views import criminal, meetings

app_name = "owg"
urlpatterns = [
    path("", meetings.meeting_list, name="meetings"),
    path("schedule/", meetings.schedule, name="schedule"),
    path("meetings/new/", meetings.meeting_new, name="meeting-new"),
    path("meetings/<uuid:public_id>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<uuid:public_id>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<uuid:public_id>/attendance/", meetings.attendance, name="attendance"),
    path("meetings/<uuid:public_id>/items/new/", meetings.item_new, name="item-new"),
    # The agenda writes its items' links as the meeting's URL + items/<section>/<subject>/.
    path("meetings/<uuid:public_id>/items/<int:section>/<uuid:subject_id>/", meetings.decide, name="decide"),
    path("meetings/<uuid:public_id>/flags/", meetings.flag, name="flag"),
    path("meetings/<uuid:public_id>/finish/", meetings.finish, name="finish"),
    path("actions/<uuid:public_id>/done/", meetings.action_done, name="action-done"),
    # The prosecutor's tracking of participants' criminal cases (policy X.D-G).
    path("criminal-cases/", criminal.criminal_case_list, name="criminal-cases"),
    path("criminal-cases/new/", criminal.criminal_case_new, name="criminal-case-new"),
    path("criminal-cases/<uuid:public_id>/", criminal.criminal_case_detail, name="criminal-case"),
    path("filings/<uuid:public_id>/", criminal.filing, name="filing"),
]
