from __future__ import annotations

from django.urls import path

from habeas.systemic import views

app_name = "systemic"
urlpatterns = [
    path("", views.reviews_home, name="home"),
    path("watchlists/", views.watchlist_new, name="watchlist_new"),
    path("records/", views.records_upload, name="records_upload"),
    path("watchlists/<int:watchlist_id>/run/", views.run_start, name="run_start"),
    path("runs/<int:run_id>/", views.run_view, name="run"),
    path("runs/<int:run_id>/retry/", views.run_retry, name="run_retry"),
    path("runs/<int:run_id>/decisions/", views.run_decisions, name="run_decisions"),
    path("runs/<int:run_id>/export.<str:fmt>", views.run_export, name="run_export"),
    path("matches/<int:match_id>/decision/", views.match_decision, name="match_decision"),
    path("matches/<int:match_id>/intake/", views.match_intake, name="match_intake"),
]
