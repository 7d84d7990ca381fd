from django.urls import path

from lead.users import approvals, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("two-factor/set-up/", views.enroll, name="enroll"),
    path("two-factor/", views.verify, name="verify"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("", views.account, name="account"),
    path("password/", views.password_change, name="password"),
    path("recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("authenticator/", views.authenticator, name="authenticator"),
    path("requests/", approvals.request_list, name="requests"),
    path("requests/<uuid:public_id>/", approvals.request_decide, name="request-decide"),
]
