from __future__ import annotations

from django.urls import path

from habeas.linkage import views

app_name = "linkage"
urlpatterns = [
    path("", views.linking_home, name="home"),
    path("runs/", views.run_start, name="run_start"),
    path("pairs/<int:pair_id>/decision/", views.pair_decision, name="pair_decision"),
    path("people/<int:person_id>/merge/", views.person_merge_view, name="person_merge"),
    path("people/<int:person_id>/split/", views.person_split_view, name="person_split"),
]
