"""The start page and the health endpoint, at the site's root (URL names `home` and `health`)."""

from django.urls import path

from home import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("home/handoffs/", views.handoffs_live, name="home-handoffs"),
]
