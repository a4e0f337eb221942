from __future__ import annotations

from django.urls import path

from habeas.letters import views

app_name = "letters"
urlpatterns = [
    path("", views.template_list, name="templates"),
    path("<str:kind>/edit/", views.template_edit, name="template_edit"),
    path("case/<str:ref>/<str:kind>/", views.case_letter, name="case_letter"),
]
