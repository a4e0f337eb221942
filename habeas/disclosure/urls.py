from __future__ import annotations

from django.urls import path

from habeas.disclosure import views

app_name = "disclosure"
P = "cases/<str:ref>/productions/<int:production_id>/"
D = "cases/<str:ref>/documents/<int:document_id>/redactions/"
urlpatterns = [
    path("cases/<str:ref>/productions/new/", views.production_new, name="production_new"),
    path(P, views.production_view, name="production"),
    path(P + "progress/", views.production_progress, name="progress"),
    path(P + "documents/", views.production_documents, name="documents"),
    path(P + "documents/<int:document_id>/remove/", views.production_document_drop, name="drop"),
    path(P + "build/", views.production_build_view, name="build"),
    path(P + "deliver/", views.production_deliver, name="deliver"),
    path(P + "correct/", views.production_correct, name="correct"),
    path(P + "propose/", views.production_propose, name="propose"),
    path(P + "package.zip", views.production_package, name="package"),
    path("cases/<str:ref>/privilege-log.<str:fmt>", views.privilege_log_file, name="privilege_log"),
    path(
        "cases/<str:ref>/privilege-log/<int:entry_id>/",
        views.privilege_log_entry_edit,
        name="privilege_log_entry",
    ),
    path(D, views.document_redactions, name="document_redactions"),
    path(D + "add/", views.redaction_create, name="redaction_add"),
    path(D + "propose/", views.redaction_propose, name="redaction_propose"),
    path(D + "decide/", views.redaction_decide, name="redaction_decide"),
]
