from django.urls import path

from lead.agencies import views

app_name = "agencies"
urlpatterns = [
    path("<uuid:public_id>/", views.agency_detail, name="detail"),
]
