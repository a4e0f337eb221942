from __future__ import annotations

from django.urls import path

from habeas.documents.views import actions, read

app_name = "documents"
urlpatterns = [
    path("search/", read.search_view, name="search"),
    path("cases/<str:ref>/documents/upload/", actions.documents_upload, name="upload"),
    path(
        "cases/<str:ref>/documents/<int:document_id>/retry/",
        actions.document_retry_view,
        name="retry",
    ),
    path(
        "cases/<str:ref>/documents/<int:document_id>/classify/",
        actions.document_classify_view,
        name="classify",
    ),
    path(
        "cases/<str:ref>/documents/<int:document_id>/file/", read.document_download, name="download"
    ),
    path(
        "cases/<str:ref>/documents/<int:document_id>/pages/<int:number>/",
        read.page_view,
        name="page",
    ),
    path(
        "cases/<str:ref>/documents/<int:document_id>/pages/<int:number>/image.png",
        read.page_image,
        name="page_image",
    ),
    path("cases/<str:ref>/flags/refresh/", actions.flags_refresh_view, name="flags_refresh"),
    path(
        "cases/<str:ref>/flags/<int:flag_id>/verdict/",
        actions.flag_verdict_view,
        name="flag_verdict",
    ),
    path(
        "cases/<str:ref>/suggestions/<int:mention_id>/decision/",
        actions.suggestion_decide_view,
        name="suggestion_decide",
    ),
    path(
        "cases/<str:ref>/suggestions/decisions/",
        actions.suggestions_decide_view,
        name="suggestions_decide",
    ),
    path("cases/<str:ref>/packet/", read.packet_html, name="packet"),
    path("cases/<str:ref>/packet.pdf", read.packet_pdf_view, name="packet_pdf"),
]
