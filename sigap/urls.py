from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    # First: the public report's API is the busiest write, and every app below shares the
    # empty prefix, so a URL further down is tried against every pattern above it.
    path("api/v1/", include("sigap.api.urls")),
    path("", include("sigap.public.urls")),
    path("", include("sigap.accounts.urls")),
    path("", include("sigap.intake.urls")),
    path("", include("sigap.cases.urls")),
    path("", include("sigap.counseling.urls")),
    path("", include("sigap.classes.urls")),
    path("", include("sigap.cadres.urls")),
    path("", include("sigap.privacy.urls")),
    path("", include("sigap.reporting.urls")),
    path("staf/orang/", include("sigap.people.urls")),
    path("staf/audit/", include("sigap.audit.urls")),
    path("staf/notifikasi/", include("sigap.notifications.urls")),
    path("bahasa/", set_language, name="set_language"),
]
