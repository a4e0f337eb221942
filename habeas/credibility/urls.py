from __future__ import annotations

from django.urls import path

from habeas.credibility import views

app_name = "credibility"
urlpatterns = [
    path("", views.registry_home, name="home"),
    path("officials/", views.official_new, name="official_new"),
    path("officials/<int:official_id>/", views.official_view, name="official"),
    path("officials/<int:official_id>/findings/", views.finding_new, name="finding_new"),
    path("officials/<int:official_id>/postings/", views.assignment_new, name="assignment_new"),
    path("officials/<int:official_id>/convictions/", views.convictions_find, name="convictions"),
    path("findings/<int:finding_id>/status/", views.finding_status, name="finding_status"),
    path("findings/<int:finding_id>/notice/", views.finding_notice, name="finding_notice"),
    path("import/", views.import_view, name="import"),
    path("export.<str:fmt>", views.export_view, name="export"),
    path("alerts/refresh/", views.alerts_refresh_view, name="alerts_refresh"),
    path("alerts/<int:alert_id>/review/", views.alert_review_view, name="alert_review"),
    path("cases/<str:ref>/disclose/", views.disclose_view, name="disclose"),
]
