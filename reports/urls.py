from django.urls import path

from reports import export_views, views

app_name = "reports"
urlpatterns = [
    path("", views.director, name="director"),
    path("records/<slug:records>/", views.records, name="records"),
    path("pcg/", views.pcg, name="pcg"),
    path("caseload/", views.caseload, name="caseload"),
    path("export/<slug:report>/<slug:table>/", views.export, name="export"),
    path("extract/", export_views.extract, name="extract"),
]
