from django.urls import path

from lead.users import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("two-factor/set-up/", views.enroll, name="enroll"),
    path("two-factor/", views.verify, name="verify"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("", views.account, name="account"),
    path("password/", views.password_change, name="password"),
]
