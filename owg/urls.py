from django.urls import path

from owg import views

app_name = "owg"
urlpatterns = [
    path("determinations/", views.determination_list, name="determinations"),
    path("determinations/<uuid:public_id>/", views.determination_decide, name="determination-decide"),
]
