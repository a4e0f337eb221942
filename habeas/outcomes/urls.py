from __future__ import annotations

from django.urls import path

from habeas.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("cases/<str:ref>/outcome/code/", views.outcome_code_view, name="code"),
]
