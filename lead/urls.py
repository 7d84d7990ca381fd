from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from lead.users.views import sign_out

# The project's URL conf composes every app by module name (include("...")): it imports nothing
# above the foundation, so the lead package stays the bottom layer (docs/architecture.md).
urlpatterns = [
    path("", include("home.urls")),
    path("accounts/", include("lead.users.urls")),
    path("agencies/", include("lead.agencies.urls")),
    path("access-log/", include("lead.audit.urls")),
    path("notifications/", include("lead.notifications.urls")),
    path("eligibility/", include("eligibility.urls")),
    # Referrals under /referrals/, cases under /cases/ (cases/urls.py).
    path("", include("cases.urls")),
    path("owg/", include("owg.urls")),
    path("reports/", include("reports.urls")),
    path("outreach/", include("outreach.urls")),
    path("search/", include("search.urls")),
    path("transparency/", include("reports.public_urls")),
    # The admin signs in through the same form, with the same lockout and two-factor.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:sign-in", query_string=True),
        name="admin-sign-in",
    ),
    # ...and signs out and changes passwords through ours, so the access log sees both.
    path("admin/logout/", sign_out, name="admin-sign-out"),
    path("admin/password_change/", RedirectView.as_view(pattern_name="accounts:password"), name="admin-password"),
    path("admin/", admin.site.urls),
]

# 503 with Retry-After while the database cannot be reached, the usual 500 otherwise.
handler500 = "lead.errors.server_error"
