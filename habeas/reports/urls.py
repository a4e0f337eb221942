from __future__ import annotations

from django.urls import URLPattern, path

from habeas.reports import views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("annual/<int:year>/", views.annual, name="annual"),
    path("annual/<int:year>.pdf", views.annual_pdf, name="annual_pdf"),
    path("registry/", views.registry, name="registry"),
]
