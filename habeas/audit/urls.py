from __future__ import annotations

from django.urls import path

from habeas.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("case/<str:ref>/", views.case_events, name="case"),
    path("verify/", views.verify, name="verify"),
]
