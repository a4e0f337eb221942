from __future__ import annotations

from django.urls import path

from habeas.administration.views import audit_log, organization

app_name = "administration"
urlpatterns = [
    path("accounts/organization/", organization.org_settings, name="org_settings"),
    path("audit/", audit_log.event_list, name="audit_list"),
    path("audit/case/<str:ref>/", audit_log.case_events, name="audit_case"),
    path("audit/verify/", audit_log.verify, name="audit_verify"),
]
