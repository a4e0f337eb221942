"""REST API for cases and people: /api/v1/cases…, /api/v1/people…

Thin: every handler reads through the selectors (``case_get`` decides 404 before anything else) and
writes through the services; domain errors become JSON in habeas/api.py.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.forms.models import model_to_dict
from django.http import HttpRequest
from ninja import Body, Query, Router, Schema

from habeas.accounts.models import User
from habeas.cases.models import Case, ScreeningCriterion
from habeas.cases.schemas import (
    CaseDetail,
    CaseFields,
    CasePage,
    FactGroup,
    IntakeIn,
    PersonDetail,
    PersonIn,
    PersonOut,
    RecusalIn,
    ScreeningIn,
    ScreeningItem,
    ShareIn,
    TeamMemberIn,
    TeamMemberOut,
    TransitionIn,
    TransitionOut,
    VoteIn,
    VoteOut,
)
from habeas.cases.selectors import (
    CaseFilters,
    case_facts_grouped,
    case_get,
    case_list,
    fact_conflicts,
    person_get,
    person_list,
)
from habeas.cases.services.children import case_child_create, case_child_delete, case_child_update
from habeas.cases.services.intake import case_intake, case_update
from habeas.cases.services.kinds import KINDS, ChildKind
from habeas.cases.services.people import person_create, person_update
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
from habeas.core.errors import ApplicationError
from habeas.domain.workflow import ALLOWED

router = Router(tags=["cases"])
people_router = Router(tags=["people"])


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth classes only let users through
    return user


class CaseListQuery(Schema):
    stage: str = ""
    county: str = ""
    q: str = ""
    mine: bool = False
    sort: str = "-received_on"
    page: int = 1
    page_size: int = 25


def _page_bounds(page: int, page_size: int) -> tuple[int, int]:
    if page < 1 or not 1 <= page_size <= settings.HABEAS_MAX_PAGE_SIZE:
        raise ApplicationError(
            "Bad paging.", fields={"page_size": [f"page >= 1 and 1 <= page_size <= {settings.HABEAS_MAX_PAGE_SIZE}"]}
        )
    return (page - 1) * page_size, page * page_size


@router.get("", response=CasePage, summary="Cases you may see, filtered, sorted and paged")
def cases_list(request: HttpRequest, query: Query[CaseListQuery]) -> dict[str, Any]:
    start, end = _page_bounds(query.page, query.page_size)
    filters = CaseFilters(stage=query.stage, county=query.county, q=query.q[:100], mine=query.mine, sort=query.sort)
    qs = case_list(user=_user(request), filters=filters)
    rows = list(qs.values("ref", "title", "stage", "county", "applicant_name", "received_on", "stage_changed_at")[start:end])
    return {"count": qs.count(), "page": query.page, "page_size": query.page_size, "results": rows}


def _detail(case: Case) -> dict[str, Any]:
    return {
        "ref": case.ref, "title": case.title, "stage": case.stage, "county": case.county, "applicant_name": case.applicant_name,
        "received_on": case.received_on, "stage_changed_at": case.stage_changed_at, "organization": case.organization.code,
        "summary": case.summary, "intake_source": case.intake_source, "jurisdiction_state": case.jurisdiction_state,
        "allowed_next_stages": sorted(s.value for s in ALLOWED[case.stage_enum]),
        "team": sorted(case.team.values_list("user__username", flat=True)),
        "record_counts": {slug: kind.queryset(case).count() for slug, kind in KINDS.items()},
    }


@router.post("", response={201: CaseDetail}, summary="Open a case (intake): all sections validated, all or nothing")
def cases_create(request: HttpRequest, payload: IntakeIn) -> tuple[int, dict[str, Any]]:
    sections = {name: getattr(payload, name) for name in ("applicant", "incident", "conviction", "claim")}
    case = case_intake(actor=_user(request), case=payload.case.dict(exclude_none=True), sections=sections)
    return 201, _detail(case)


@router.get("/{ref}", response=CaseDetail)
def case_detail(request: HttpRequest, ref: str) -> dict[str, Any]:
    return _detail(case_get(user=_user(request), ref=ref, view="api"))


@router.patch("/{ref}", response=CaseDetail, summary="Change the case's own fields (partial)")
def case_patch(request: HttpRequest, ref: str, payload: CaseFields) -> dict[str, Any]:
    return _detail(case_update(actor=_user(request), case_ref=ref, data=payload.dict(exclude_unset=True)))


# --- Record kinds: one implementation, registered per kind so each has its own documented routes ---------


def _record_out(kind: ChildKind, obj: Any) -> dict[str, Any]:
    return {"id": obj.pk, **model_to_dict(obj, fields=list(kind.form.base_fields))}


def _register_kind(kind: ChildKind) -> None:
    fields = ", ".join(kind.form.base_fields)
    op = kind.slug.replace("-", "_")

    @router.get(f"/{{ref}}/{kind.slug}", response=list[dict[str, Any]], operation_id=f"{op}_list", summary=f"List {kind.label.lower()}")
    def records_list(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
        case = case_get(user=_user(request), ref=ref, view=f"api:{kind.slug}")
        return [_record_out(kind, obj) for obj in kind.queryset(case)]

    @router.post(
        f"/{{ref}}/{kind.slug}", response={201: dict[str, Any]}, operation_id=f"{op}_create",
        summary=f"Add to {kind.label.lower()}", description=f"Fields: {fields}.",
    )
    def records_create(request: HttpRequest, ref: str, payload: dict[str, Any] = Body(...)) -> tuple[int, dict[str, Any]]:  # noqa: B008
        obj = case_child_create(actor=_user(request), case_ref=ref, kind_slug=kind.slug, data=payload)
        return 201, _record_out(kind, obj)

    @router.patch(
        f"/{{ref}}/{kind.slug}/{{record_id}}", response=dict[str, Any], operation_id=f"{op}_update",
        summary=f"Change one of {kind.label.lower()} (partial)", description=f"Fields: {fields}.",
    )
    def records_update(request: HttpRequest, ref: str, record_id: int, payload: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
        obj = case_child_update(actor=_user(request), case_ref=ref, kind_slug=kind.slug, pk=record_id, data=payload)
        return _record_out(kind, obj)

    @router.delete(f"/{{ref}}/{kind.slug}/{{record_id}}", response={204: None}, operation_id=f"{op}_delete", summary=f"Delete one of {kind.label.lower()}")
    def records_delete(request: HttpRequest, ref: str, record_id: int) -> tuple[int, None]:
        case_child_delete(actor=_user(request), case_ref=ref, kind_slug=kind.slug, pk=record_id)
        return 204, None


for _kind in KINDS.values():
    _register_kind(_kind)


# --- Workflow ----------------------------------------------------------------------------------------


@router.get("/{ref}/transitions", response=list[TransitionOut])
def transitions_list(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    case = case_get(user=_user(request), ref=ref, view="api:transitions")
    return [
        {"from_stage": t.from_stage, "to_stage": t.to_stage, "by": t.by.username, "at": t.at, "reason": t.reason, "reason_code": t.reason_code}
        for t in case.transitions.select_related("by")
    ]


@router.post("/{ref}/transitions", response=CaseDetail, summary="Move the case to another stage (guarded)")
def transitions_create(request: HttpRequest, ref: str, payload: TransitionIn) -> dict[str, Any]:
    case = case_transition(actor=_user(request), case_ref=ref, target=payload.target, reason=payload.reason, reason_code=payload.reason_code)
    return _detail(case)


def _screening(case: Case) -> list[dict[str, Any]]:
    answers = screening_checklist(case)
    notes = dict(case.screening_answers.values_list("criterion__key", "note"))
    return [
        {"key": c.key, "label": c.label, "answer": answers[c.key].value, "note": notes.get(c.key, "")}
        for c in ScreeningCriterion.objects.filter(organization_id=case.organization_id, active=True)
    ]


@router.get("/{ref}/screening", response=list[ScreeningItem])
def screening_get(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    return _screening(case_get(user=_user(request), ref=ref, view="api:screening"))


@router.put("/{ref}/screening", response=list[ScreeningItem])
def screening_put(request: HttpRequest, ref: str, payload: ScreeningIn) -> list[dict[str, Any]]:
    answers = {key: (a.answer, a.note) for key, a in payload.answers.items()}
    screening_answers_set(actor=_user(request), case_ref=ref, answers=answers)
    return _screening(case_get(user=_user(request), ref=ref, view="api:screening"))


@router.get("/{ref}/votes", response=list[VoteOut])
def votes_list(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    case = case_get(user=_user(request), ref=ref, view="api:votes")
    return [{"voter": v.voter.username, "vote": v.vote, "rationale": v.rationale, "cast_at": v.cast_at} for v in case.votes.select_related("voter")]


@router.post("/{ref}/votes", response={201: VoteOut})
def votes_create(request: HttpRequest, ref: str, payload: VoteIn) -> tuple[int, dict[str, Any]]:
    v = vote_cast(actor=_user(request), case_ref=ref, vote=payload.vote, rationale=payload.rationale)
    return 201, {"voter": v.voter.username, "vote": v.vote, "rationale": v.rationale, "cast_at": v.cast_at}


@router.post("/{ref}/recusals", response={201: dict[str, str]})
def recusals_create(request: HttpRequest, ref: str, payload: RecusalIn) -> tuple[int, dict[str, str]]:
    r = recusal_record(actor=_user(request), case_ref=ref, username=payload.username, reason=payload.reason)
    return 201, {"username": r.user.username, "reason": r.reason}


@router.get("/{ref}/team", response=list[TeamMemberOut])
def team_list(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    case = case_get(user=_user(request), ref=ref, view="api:team")
    return [
        {"username": m.user.username, "role": m.role, "organization": m.user.organization.code if m.user.organization else ""}
        for m in case.team.select_related("user", "user__organization")
    ]


@router.post("/{ref}/team", response={201: TeamMemberOut})
def team_create(request: HttpRequest, ref: str, payload: TeamMemberIn) -> tuple[int, dict[str, Any]]:
    m = team_member_add(actor=_user(request), case_ref=ref, username=payload.username, role=payload.role)
    return 201, {"username": m.user.username, "role": m.role, "organization": m.user.organization.code if m.user.organization else ""}


@router.delete("/{ref}/team/{username}", response={204: None})
def team_delete(request: HttpRequest, ref: str, username: str) -> tuple[int, None]:
    team_member_remove(actor=_user(request), case_ref=ref, username=username)
    return 204, None


@router.post("/{ref}/shares", response={201: dict[str, str]})
def shares_create(request: HttpRequest, ref: str, payload: ShareIn) -> tuple[int, dict[str, str]]:
    share = case_share_grant(actor=_user(request), case_ref=ref, organization_code=payload.organization)
    return 201, {"organization": share.organization.code, "granted_at": share.granted_at.isoformat()}


@router.delete("/{ref}/shares/{org_code}", response={204: None})
def shares_delete(request: HttpRequest, ref: str, org_code: str) -> tuple[int, None]:
    case_share_revoke(actor=_user(request), case_ref=ref, organization_code=org_code)
    return 204, None


@router.get("/{ref}/facts-summary", response=list[FactGroup], summary="Sourced facts grouped by key, with conflicts between sources")
def facts_grouped(request: HttpRequest, ref: str) -> list[dict[str, Any]]:
    case = case_get(user=_user(request), ref=ref, view="api:facts")
    grouped = case_facts_grouped(case)
    conflicts = fact_conflicts(grouped)
    return [
        {"key": key, "conflict": key in conflicts,
         "values": [{"value": f.value, "source": f.source, "source_page": f.source_page, "recorded_by": f.recorded_by.username} for f in facts]}
        for key, facts in sorted(grouped.items())
    ]


# --- People ------------------------------------------------------------------------------------------


def _person_out(p: Any) -> dict[str, Any]:
    return {"id": p.pk, "first_name": p.first_name, "last_name": p.last_name, "aliases": p.aliases,
            "date_of_birth": p.date_of_birth, "badge_number": p.badge_number, "agency": p.agency}


@people_router.get("", response=list[PersonOut], summary="People known to your organization")
def people_list(request: HttpRequest, q: str = "", page: int = 1, page_size: int = 50) -> list[dict[str, Any]]:
    start, end = _page_bounds(page, page_size)
    return [_person_out(p) for p in person_list(user=_user(request), q=q[:100])[start:end]]


@people_router.post("", response={201: PersonOut})
def people_create(request: HttpRequest, payload: PersonIn) -> tuple[int, dict[str, Any]]:
    return 201, _person_out(person_create(actor=_user(request), data=payload.dict(exclude_none=True)))


@people_router.get("/{person_id}", response=PersonDetail, summary="A person and their appearances in cases you may see")
def people_detail(request: HttpRequest, person_id: int) -> dict[str, Any]:
    person, appearances = person_get(user=_user(request), person_id=person_id)
    return {**_person_out(person), "appearances": [
        {"case_ref": a.case.ref, "case_title": a.case.title, "role": a.role} for a in appearances
    ]}


@people_router.patch("/{person_id}", response=PersonOut)
def people_patch(request: HttpRequest, person_id: int, payload: PersonIn) -> dict[str, Any]:
    return _person_out(person_update(actor=_user(request), person_id=person_id, data=payload.dict(exclude_unset=True)))
