from __future__ import annotations

from django.urls import path

from habeas.cases.views import (
    detail,
    intake,
    list,
    people,
    records,
    saved_filters,
    team,
    workflow,
)

app_name = "cases"
urlpatterns = [
    path("", list.case_list_view, name="list"),
    path("new/", intake.intake_view, name="intake"),
    path("people/", people.people_list, name="people"),
    path("people/<int:person_id>/", people.person_detail, name="person"),
    path("saved-filters/", saved_filters.saved_filter_save, name="filter_save"),
    path(
        "saved-filters/<int:filter_id>/delete/",
        saved_filters.saved_filter_delete,
        name="filter_delete",
    ),
    path("<str:ref>/", detail.case_detail, name="detail"),
    path("<str:ref>/tab/<str:tab>/", detail.case_tab, name="tab"),
    path("<str:ref>/edit/", records.case_edit, name="edit"),
    # One generic set of views for every record kind (habeas.cases.services.kinds.KINDS).
    path("<str:ref>/records/<str:slug>/", records.record_collection, name="record_create"),
    path("<str:ref>/records/<str:slug>/<int:pk>/", records.record_item, name="record_update"),
    path(
        "<str:ref>/records/<str:slug>/<int:pk>/delete/", records.record_delete, name="record_delete"
    ),
    path("<str:ref>/tasks/<int:pk>/done/", records.task_done, name="task_done"),
    path("<str:ref>/people/search/", people.person_search, name="person_search"),
    path("<str:ref>/people/new/", people.person_link_new, name="person_link_new"),
    path("<str:ref>/transition/", workflow.transition, name="transition"),
    path("<str:ref>/screening/", workflow.screening, name="screening"),
    path("<str:ref>/vote/", workflow.vote, name="vote"),
    path("<str:ref>/recusal/", workflow.recusal, name="recusal"),
    path("<str:ref>/team/", team.team_add, name="team_add"),
    path("<str:ref>/team/<str:username>/remove/", team.team_remove, name="team_remove"),
    path("<str:ref>/shares/", team.share_grant, name="share_grant"),
    path("<str:ref>/shares/<str:org_code>/revoke/", team.share_revoke, name="share_revoke"),
]
