"""REST API for cases and people: /api/v1/cases…, /api/v1/people…

Thin: every handler reads through the selectors (``case_get`` answers 404 for an unknown case and
for one the caller may not see, with the same body) and writes through the services; domain errors
become JSON in habeas/api.py. Request schemas check JSON types only (422); the services' forms
check values (400). See habeas/cases/schemas.py.

(No ``from __future__ import annotations`` here: the record routes are defined in a loop, and ninja
reads each handler's body schema from its annotations, which must be the generated classes.)
"""

from typing import Any

from django.db.models import Model, QuerySet
from django.forms.models import model_to_dict
from django.http import HttpRequest
from ninja import Query, Router, Status

from habeas.accounts.current import request_user
from habeas.accounts.models import User
from habeas.cases.list_filters import case_list_url
from habeas.cases.models import Case, SavedCaseFilter
from habeas.cases.reads import case_read, cases_listed, person_read
from habeas.cases.schemas import (
    RECORDS,
    CaseDetail,
    CaseFilterIn,
    CaseFilterOut,
    CaseFilterSavedOut,
    CaseListQuery,
    CasePage,
    CasePatch,
    FactGroup,
    IntakeIn,
    PeopleQuery,
    PersonDetail,
    PersonIn,
    PersonOut,
    PersonPage,
    PersonPatch,
    RecordSchemas,
    RecusalIn,
    RecusalOut,
    ScreeningIn,
    ScreeningItem,
    ShareIn,
    ShareOut,
    TeamMemberIn,
    TeamMemberOut,
    TransitionIn,
    TransitionOut,
    VoteIn,
    VoteOut,
)
from habeas.cases.selectors import (
    Access,
    CaseFilters,
    case_access,
    case_facts_grouped,
    case_filters_saved,
    case_get,
    case_list,
    fact_conflicts,
    person_get,
    person_list,
    screening_criteria,
)
from habeas.cases.services.children import case_child_create, case_child_delete, case_child_update
from habeas.cases.services.intake import SECTIONS, case_intake, case_update
from habeas.cases.services.kinds import KINDS, ChildKind
from habeas.cases.services.people import person_create, person_update
from habeas.cases.services.saved_filters import case_filter_delete, case_filter_save
from habeas.cases.services.team import (
    case_share_grant,
    case_share_revoke,
    team_member_add,
    team_member_remove,
)
from habeas.cases.services.workflow import (
    case_transition,
    recusal_record,
    screening_answers_set,
    screening_checklist,
    vote_cast,
)
from habeas.core.api import READ_ERRORS, WRITE_ERRORS, ErrorOut, RecordId
from habeas.domain.workflow import ALLOWED, Stage

router = Router(tags=["cases"])
people_router = Router(tags=["people"])
case_filters_router = Router(tags=["case filters"])


def _page(query: Any, matching: QuerySet[Any], columns: tuple[str, ...]) -> dict[str, Any]:
    """One page of ``matching`` as {count, page, page_size, results}, reading only ``columns``
    (the count runs on ``matching`` itself, without the joins the columns may need)."""
    start = (query.page - 1) * query.page_size
    rows = list(matching.values(*columns)[start : start + query.page_size])
    return {
        "count": matching.count(),
        "page": query.page,
        "page_size": query.page_size,
        "results": rows,
    }


# --- Cases -----------------------------------------------------------------------------------------

LIST_COLUMNS = (
    "ref",
    "title",
    "stage",
    "county",
    "applicant_name",
    "received_on",
    "stage_changed_at",
)
DETAIL_COLUMNS = ("summary", "intake_source", "jurisdiction_state", "created_at", "updated_at")


@router.get(
    "",
    response={200: CasePage, **READ_ERRORS},
    summary="Cases you may see, filtered, sorted and paged",
)
def cases_list(request: HttpRequest, query: Query[CaseListQuery]) -> dict[str, Any]:
    filters = CaseFilters(
        stage=query.stage or "", county=query.county, q=query.q, mine=query.mine, sort=query.sort
    )
    user = request_user(request)
    cases_listed(user=user, filters=filters, request=request)
    return _page(
        query, case_list(user=user, filters=filters), (*LIST_COLUMNS, "organization__code")
    )


def _detail(case: Case, user: User) -> dict[str, Any]:
    return {
        **{name: getattr(case, name) for name in (*LIST_COLUMNS, *DETAIL_COLUMNS)},
        "organization": case.organization.code,
        "access": "write" if case_access(user, case) is Access.WRITE else "read",
        "allowed_next_stages": sorted(ALLOWED[case.stage_enum], key=list(Stage).index),
        "team": sorted(case.team.values_list("user__username", flat=True)),
        "record_counts": {slug: kind.queryset(case).count() for slug, kind in KINDS.items()},
    }


@router.post(
    "",
    response={201: CaseDetail, **WRITE_ERRORS},
    summary="Open a case (intake)",
    description="Every section is validated before anything is written; all errors come back at once, keyed `section.field`.",
)
def cases_create(request: HttpRequest, payload: IntakeIn) -> Status[dict[str, Any]]:
    body = payload.model_dump(exclude_unset=True)
    sections = {name: body.get(name) for name, _ in SECTIONS}
    case = case_intake(actor=request_user(request), case=body["case"], sections=sections)
    return Status(201, _detail(case, request_user(request)))


@router.get("/{ref}", response={200: CaseDetail, **READ_ERRORS}, summary="One case")
def case_detail(request: HttpRequest, ref: str) -> dict[str, Any]:
    return _detail(
        case_read(user=request_user(request), ref=ref, view="api", request=request),
        request_user(request),
    )


@router.patch(
    "/{ref}",
    response={200: CaseDetail, **WRITE_ERRORS},
    summary="Change the case's own fields (partial)",
)
def case_patch(request: HttpRequest, ref: str, payload: CasePatch) -> dict[str, Any]:
    case = case_update(
        actor=request_user(request), case_ref=ref, data=payload.model_dump(exclude_unset=True)
    )
    return _detail(case, request_user(request))


# --- Record kinds: one implementation, registered per kind with the kind's own schemas -------------


def _op(kind: ChildKind) -> str:
    return kind.slug.replace("-", "_")


def _records(kind: ChildKind, shapes: RecordSchemas, case: Case) -> Any:
    return kind.queryset(case).select_related(*shapes.relations, *shapes.readonly_users)


def _record_out(
    kind: ChildKind, shapes: RecordSchemas, obj: Model, *, reload: bool = False
) -> dict[str, Any]:
    if (
        reload
    ):  # just written: answer with what was stored (e.g. 40 becomes 40.0 in a decimal column)
        obj.refresh_from_db()
    out = {"id": obj.pk, **model_to_dict(obj, fields=list(kind.form.base_fields))}
    for name in shapes.relations:
        related = getattr(obj, name)
        out[f"{name}_label"] = None if related is None else str(related)
    for name in shapes.readonly_users:
        user = getattr(obj, name)
        out[name] = None if user is None else user.username
    for name in shapes.readonly:
        out[name] = getattr(obj, name)
    return out


def _register_list(kind: ChildKind, shapes: RecordSchemas) -> None:
    @router.get(
        f"/{{ref}}/{kind.slug}",
        response={200: list[shapes.out], **READ_ERRORS},  # type: ignore[name-defined]
        operation_id=f"{_op(kind)}_list",
        summary=f"{kind.label}: list",
    )
    def records_list(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
        case = case_read(
            user=request_user(request), ref=ref, view=f"api:{kind.slug}", request=request
        )
        return [_record_out(kind, shapes, obj) for obj in _records(kind, shapes, case)]


def _register_writes(kind: ChildKind, shapes: RecordSchemas) -> None:
    @router.post(
        f"/{{ref}}/{kind.slug}",
        response={201: shapes.out, **WRITE_ERRORS},
        operation_id=f"{_op(kind)}_create",
        summary=f"{kind.label}: add",
    )
    def records_create(
        request: HttpRequest,
        ref: str,
        payload: shapes.create,  # type: ignore[name-defined]
    ) -> Status[dict[str, Any]]:
        data = payload.model_dump(exclude_unset=True)
        obj = case_child_create(
            actor=request_user(request), case_ref=ref, kind_slug=kind.slug, data=data
        )
        return Status(201, _record_out(kind, shapes, obj, reload=True))

    @router.patch(
        f"/{{ref}}/{kind.slug}/{{record_id}}",
        response={200: shapes.out, **WRITE_ERRORS},
        operation_id=f"{_op(kind)}_update",
        summary=f"{kind.label}: change one (partial)",
    )
    def records_update(
        request: HttpRequest,
        ref: str,
        record_id: int,
        payload: shapes.patch,  # type: ignore[name-defined]
    ) -> dict[str, Any]:
        data = payload.model_dump(exclude_unset=True)
        obj = case_child_update(
            actor=request_user(request), case_ref=ref, kind_slug=kind.slug, pk=record_id, data=data
        )
        return _record_out(kind, shapes, obj, reload=True)

    description = (
        ""
        if kind.deletable
        else f"{kind.label} are kept as a record: deleting one always answers 403."
    )

    @router.delete(
        f"/{{ref}}/{kind.slug}/{{record_id}}",
        response={204: None, **WRITE_ERRORS},
        operation_id=f"{_op(kind)}_delete",
        summary=f"{kind.label}: delete one",
        description=description,
    )
    def records_delete(request: HttpRequest, ref: str, record_id: int) -> Status[None]:
        case_child_delete(
            actor=request_user(request), case_ref=ref, kind_slug=kind.slug, pk=record_id
        )
        return Status(204, None)


# GET /{ref}/facts is the grouped view below; facts are written like every other kind.
for _kind in KINDS.values():
    if _kind.slug != "facts":
        _register_list(_kind, RECORDS[_kind.slug])
    _register_writes(_kind, RECORDS[_kind.slug])


@router.get(
    "/{ref}/facts",
    response={200: list[FactGroup], **READ_ERRORS},
    operation_id="facts_list",
    summary="Sourced facts: list, grouped by key, with conflicts between sources",
)
def facts_list(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    case = case_read(user=request_user(request), ref=ref, view="api:facts", request=request)
    grouped = case_facts_grouped(case)
    conflicts = fact_conflicts(grouped)
    kind, shapes = KINDS["facts"], RECORDS["facts"]
    return [
        {
            "key": key,
            "conflict": key in conflicts,
            "values": [_record_out(kind, shapes, fact) for fact in facts],
        }
        for key, facts in sorted(grouped.items())
    ]


# --- Workflow ----------------------------------------------------------------------------------------


def _transition_out(t: Any) -> dict[str, Any]:
    return {
        "from_stage": t.from_stage,
        "to_stage": t.to_stage,
        "by": t.by.username,
        "at": t.at,
        "reason": t.reason,
        "reason_code": t.reason_code,
    }


@router.get(
    "/{ref}/transitions",
    response={200: list[TransitionOut], **READ_ERRORS},
    summary="Stage history, oldest first",
)
def transitions_list(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    case = case_read(user=request_user(request), ref=ref, view="api:transitions", request=request)
    return [_transition_out(t) for t in case.transitions.select_related("by")]


@router.post(
    "/{ref}/transitions",
    response={201: TransitionOut, **WRITE_ERRORS},
    summary="Move the case to another stage",
    description="Guarded: a refused move answers 400 naming what is missing (`checklist`, `reason_code`, `votes`, `resolution`…).",
)
def transitions_create(
    request: HttpRequest, ref: str, payload: TransitionIn
) -> Status[dict[str, Any]]:
    case = case_transition(
        actor=request_user(request),
        case_ref=ref,
        target=payload.target,
        reason=payload.reason,
        reason_code=payload.reason_code,
    )
    return Status(201, _transition_out(case.transitions.select_related("by").latest("id")))


def _screening(case: Case) -> list[dict[str, Any]]:
    answers = screening_checklist(case)
    notes = dict(case.screening_answers.values_list("criterion__key", "note"))
    return [
        {"key": c.key, "label": c.label, "answer": answers[c.key], "note": notes.get(c.key, "")}
        for c in screening_criteria(case.organization_id)
    ]


@router.get(
    "/{ref}/screening",
    response={200: list[ScreeningItem], **READ_ERRORS},
    summary="Screening checklist with answers",
)
def screening_get(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    return _screening(
        case_read(user=request_user(request), ref=ref, view="api:screening", request=request)
    )


@router.put(
    "/{ref}/screening",
    response={200: list[ScreeningItem], **WRITE_ERRORS},
    summary="Answer screening criteria",
    description="Only while the case is in screening. Returns the whole checklist.",
)
def screening_put(request: HttpRequest, ref: str, payload: ScreeningIn) -> list[dict[str, Any]]:
    answers = {key: (a.answer, a.note) for key, a in payload.answers.items()}
    screening_answers_set(actor=request_user(request), case_ref=ref, answers=answers)
    return _screening(case_get(user=request_user(request), ref=ref))  # the write is the audit row


def _vote_out(v: Any) -> dict[str, Any]:
    return {
        "voter": v.voter.username,
        "vote": v.vote,
        "rationale": v.rationale,
        "cast_at": v.cast_at,
    }


@router.get(
    "/{ref}/votes", response={200: list[VoteOut], **READ_ERRORS}, summary="Review committee votes"
)
def votes_list(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    case = case_read(user=request_user(request), ref=ref, view="api:votes", request=request)
    return [_vote_out(v) for v in case.votes.select_related("voter")]


@router.post(
    "/{ref}/votes",
    response={201: VoteOut, **WRITE_ERRORS},
    summary="Cast (or change) your vote",
    description="At the decision stage, by attorneys, reviewers and admins of the owning organization; recused members get 403.",
)
def votes_create(request: HttpRequest, ref: str, payload: VoteIn) -> Status[dict[str, Any]]:
    vote = vote_cast(
        actor=request_user(request), case_ref=ref, vote=payload.vote, rationale=payload.rationale
    )
    return Status(201, _vote_out(vote))


def _recusal_out(r: Any) -> dict[str, Any]:
    return {
        "username": r.user.username,
        "reason": r.reason,
        "recorded_by": r.recorded_by.username,
        "recorded_at": r.recorded_at,
    }


@router.get(
    "/{ref}/recusals", response={200: list[RecusalOut], **READ_ERRORS}, summary="Recorded recusals"
)
def recusals_list(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    case = case_read(user=request_user(request), ref=ref, view="api:recusals", request=request)
    return [_recusal_out(r) for r in case.recusals.select_related("user", "recorded_by")]


@router.post(
    "/{ref}/recusals",
    response={201: RecusalOut, **WRITE_ERRORS},
    summary="Recuse a member from voting",
    description="A recused member's vote is withdrawn. Members who prosecuted the original case are always recused.",
)
def recusals_create(request: HttpRequest, ref: str, payload: RecusalIn) -> Status[dict[str, Any]]:
    recusal = recusal_record(
        actor=request_user(request), case_ref=ref, username=payload.username, reason=payload.reason
    )
    return Status(201, _recusal_out(recusal))


# --- Team and sharing ------------------------------------------------------------------------------------


def _member_out(m: Any) -> dict[str, Any]:
    return {
        "username": m.user.username,
        "role": m.role,
        "organization": m.user.organization.code if m.user.organization else "",
    }


@router.get(
    "/{ref}/team", response={200: list[TeamMemberOut], **READ_ERRORS}, summary="The case team"
)
def team_list(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    case = case_read(user=request_user(request), ref=ref, view="api:team", request=request)
    return [_member_out(m) for m in case.team.select_related("user", "user__organization")]


@router.post(
    "/{ref}/team",
    response={201: TeamMemberOut, **WRITE_ERRORS},
    summary="Add a member (or change their team role)",
)
def team_create(request: HttpRequest, ref: str, payload: TeamMemberIn) -> Status[dict[str, Any]]:
    member = team_member_add(
        actor=request_user(request), case_ref=ref, username=payload.username, role=payload.role
    )
    return Status(201, _member_out(member))


@router.delete(
    "/{ref}/team/{username}", response={204: None, **WRITE_ERRORS}, summary="Remove a member"
)
def team_delete(request: HttpRequest, ref: str, username: str) -> Status[None]:
    team_member_remove(actor=request_user(request), case_ref=ref, username=username)
    return Status(204, None)


def _share_out(s: Any) -> dict[str, Any]:
    return {
        "organization": s.organization.code,
        "granted_by": s.granted_by.username,
        "granted_at": s.granted_at,
        "revoked_at": s.revoked_at,
    }


@router.get(
    "/{ref}/shares",
    response={200: list[ShareOut], **READ_ERRORS},
    summary="Joint-investigation shares, newest first",
)
def shares_list(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    case = case_read(user=request_user(request), ref=ref, view="api:shares", request=request)
    return [
        _share_out(s)
        for s in case.shares.select_related("organization", "granted_by").order_by(
            "-granted_at", "-id"
        )
    ]


@router.post(
    "/{ref}/shares",
    response={201: ShareOut, **WRITE_ERRORS},
    summary="Share the case with a partner organization",
)
def shares_create(request: HttpRequest, ref: str, payload: ShareIn) -> Status[dict[str, Any]]:
    share = case_share_grant(
        actor=request_user(request), case_ref=ref, organization_code=payload.organization
    )
    return Status(201, _share_out(share))


@router.delete(
    "/{ref}/shares/{org_code}",
    response={204: None, **WRITE_ERRORS},
    summary="End a share (kept as history)",
)
def shares_delete(request: HttpRequest, ref: str, org_code: str) -> Status[None]:
    case_share_revoke(actor=request_user(request), case_ref=ref, organization_code=org_code)
    return Status(204, None)


# --- People ------------------------------------------------------------------------------------------

PERSON_COLUMNS = ("id", *PersonIn.model_fields)


@people_router.get(
    "", response={200: PersonPage, **READ_ERRORS}, summary="People known to your organization"
)
def people_list(request: HttpRequest, query: Query[PeopleQuery]) -> dict[str, Any]:
    return _page(query, person_list(user=request_user(request), q=query.q), PERSON_COLUMNS)


@people_router.post("", response={201: PersonOut, **WRITE_ERRORS}, summary="Add a person")
def people_create(request: HttpRequest, payload: PersonIn) -> Status[dict[str, Any]]:
    person = person_create(actor=request_user(request), data=payload.model_dump(exclude_unset=True))
    return Status(201, model_to_dict(person, fields=PERSON_COLUMNS))


@people_router.get(
    "/{person_id}",
    response={200: PersonDetail, **READ_ERRORS},
    summary="A person and their appearances in cases you may see",
)
def people_detail(request: HttpRequest, person_id: int) -> dict[str, Any]:
    person, appearances = person_get(user=request_user(request), person_id=person_id)
    person_read(user=request_user(request), person=person, request=request)
    listed = [
        {"case_ref": a.case.ref, "case_title": a.case.title, "role": a.role} for a in appearances
    ]
    return {**model_to_dict(person, fields=PERSON_COLUMNS), "appearances": listed}


@people_router.patch(
    "/{person_id}", response={200: PersonOut, **WRITE_ERRORS}, summary="Change a person (partial)"
)
def people_patch(request: HttpRequest, person_id: int, payload: PersonPatch) -> dict[str, Any]:
    person = person_update(
        actor=request_user(request),
        person_id=person_id,
        data=payload.model_dump(exclude_unset=True),
    )
    return model_to_dict(person, fields=PERSON_COLUMNS)


# --- Saved case-list filters: each user's own, never another's -----------------------------------


def _case_filter_out(saved: SavedCaseFilter) -> dict[str, Any]:
    return {
        "id": saved.pk,
        "name": saved.name,
        "params": saved.params,
        "list_url": case_list_url(saved.params),
        "created_at": saved.created_at,
        "updated_at": saved.updated_at,
    }


@case_filters_router.get(
    "",
    response={200: list[CaseFilterOut], 401: ErrorOut, 422: ErrorOut},
    summary="Your saved case-list filters, by name",
)
def case_filters_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_case_filter_out(s) for s in case_filters_saved(user=request_user(request))]


@case_filters_router.post(
    "",
    response={201: CaseFilterSavedOut, 200: CaseFilterSavedOut, **WRITE_ERRORS},
    summary="Save the case list's filters under a name",
    description="201: a new saved set; 200: it replaced the set you had under that name. "
    "400: the name is empty, longer than 80 characters or holds control characters. "
    "409: you already have 20 saved sets (remove one, or save under a name you use).",
)
def case_filters_create(request: HttpRequest, payload: CaseFilterIn) -> Status[dict[str, Any]]:
    result = case_filter_save(actor=request_user(request), name=payload.name, params=payload.params)
    body = {
        **_case_filter_out(result.saved),
        "replaced": result.replaced,
        "left_out": result.left_out,
    }
    return Status(200 if result.replaced else 201, body)


@case_filters_router.delete(
    "/{filter_id}",
    response={204: None, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Remove one of your saved filters",
    description="404 for an id that is not one of yours (another user's included).",
)
def case_filters_delete(request: HttpRequest, filter_id: RecordId) -> Status[None]:
    case_filter_delete(actor=request_user(request), filter_id=filter_id)
    return Status(204, None)
