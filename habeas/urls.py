from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from habeas.api import api, api_not_found


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:list", permanent=False)),
    path("healthz", healthz),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("accounts/", include("habeas.accounts.urls")),
    path("", include("habeas.administration.urls")),
    path("letters/", include("habeas.letters.urls")),
    path("", include("habeas.documents.urls")),
    path("", include("habeas.disclosure.urls")),
    path("", include("habeas.outcomes.urls")),  # before cases/<ref>/ so its longer paths win
    path("cases/", include("habeas.cases.urls")),
    path("reports/", include("habeas.reports.urls")),
    path("reviews/", include("habeas.systemic.urls")),
    path("linking/", include("habeas.linkage.urls")),
    path("credibility/", include("habeas.credibility.urls")),
    path("deadlines/", include("habeas.deadlines.urls")),
]
