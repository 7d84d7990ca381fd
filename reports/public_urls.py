"""The public transparency page, at the site's root (`/transparency/`, URL name `transparency`)
rather than under `reports/`: the project's URL conf includes it by name, importing no report."""

from django.urls import path

from reports import views

urlpatterns = [path("", views.public, name="transparency")]
