from __future__ import annotations

from django.urls import URLPattern, path

from habeas.deadlines import views

app_name = "deadlines"
urlpatterns: list[URLPattern] = [
    path("", views.deadline_list_view, name="list"),
    path("case/<str:ref>/add/", views.deadline_add_view, name="add"),
    path("case/<str:ref>/from-rule/", views.deadline_from_trigger_view, name="from_rule"),
    path("case/<str:ref>/<int:deadline_id>/done/", views.deadline_done_view, name="done"),
    path("case/<str:ref>/<int:deadline_id>/delete/", views.deadline_delete_view, name="delete"),
    path("case/<str:ref>/acknowledge/", views.deadline_acknowledge_view, name="acknowledge"),
    path("case/<str:ref>/unacknowledge/", views.deadline_unacknowledge_view, name="unacknowledge"),
]
