"""Saved filters on the case list: personal named sets of the list's filters, saved and removed
through one service (audited once each), shown as links on the list, and in the API."""

from __future__ import annotations

import re
from typing import Any

import pytest

from habeas.audit.models import AuditEvent
from habeas.cases.models import SavedCaseFilter
from habeas.cases.models.saved_filter import MAX_SAVED_FILTERS
from habeas.cases.selectors import case_filters_saved
from habeas.cases.services.saved_filters import case_filter_delete, case_filter_save
from habeas.cases.services.workflow import case_transition
from habeas.core.errors import ApplicationError, ConflictError, NotFoundError
from tests.cases.test_case_list import _open, refs_in
from tests.clients import Api, htmx
from tests.conftest import World

SCREENING = {"stage": "screening", "scope": "mine", "sort": "ref"}


def _audit(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


# --- service --------------------------------------------------------------------------------------


def test_save_keeps_the_known_filters_and_audits_once(world: World) -> None:
    result = case_filter_save(
        actor=world.owner, name="  My screening cases ", params={**SCREENING, "q": " Rivera "}
    )
    assert result.saved.name == "My screening cases"
    assert result.saved.params == {**SCREENING, "q": "Rivera"}
    assert not result.replaced and result.left_out == []
    rows = _audit("case_filter.save")
    assert len(rows) == 1
    assert rows[0].detail == {"name": "My screening cases", "replaced": False}
    assert rows[0].case_id is None and rows[0].object_type == "SavedCaseFilter"


def test_saving_under_a_used_name_replaces_it(world: World) -> None:
    first = case_filter_save(actor=world.owner, name="LA County murders", params={"q": "murder"})
    again = case_filter_save(
        actor=world.owner, name="la county MURDERS", params={"county": "Los Angeles"}
    )
    assert again.replaced and again.saved.pk == first.saved.pk
    assert [(s.name, s.params) for s in case_filters_saved(user=world.owner)] == [
        ("la county MURDERS", {"county": "Los Angeles"})
    ]
    assert [e.detail["replaced"] for e in _audit("case_filter.save")] == [False, True]


def test_unknown_keys_and_invalid_values_are_left_out_and_said(world: World) -> None:
    result = case_filter_save(
        actor=world.owner,
        name="Odd",
        params={
            "stage": "purgatory",
            "sort": "by_mood",
            "scope": "everyone",
            "q": "x" * 101,
            "county": "Kern",
            "page": "3",
            "mine": "1",
        },
    )
    assert result.saved.params == {"county": "Kern"}  # nothing truncated or replaced quietly
    assert len(result.left_out) == 6
    words = " ".join(result.left_out)
    assert "stage" in words and "order" in words and "100 characters" in words
    assert "“page” is not a filter of the case list" in words


def test_values_the_database_cannot_hold_are_left_out(world: World) -> None:
    result = case_filter_save(actor=world.owner, name="Nul", params={"q": "a\x00b", "stage": 3})
    assert result.saved.params == {} and len(result.left_out) == 2


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, "line\nbreak", "\u202eevil"])
def test_a_bad_name_saves_nothing(world: World, name: str) -> None:
    with pytest.raises(ApplicationError) as exc:
        case_filter_save(actor=world.owner, name=name, params=SCREENING)
    assert "name" in exc.value.fields
    assert not SavedCaseFilter.objects.exists() and not _audit("case_filter.save")


def test_at_most_twenty_per_user(world: World) -> None:
    for i in range(MAX_SAVED_FILTERS):
        case_filter_save(actor=world.owner, name=f"Set {i}", params={"q": str(i)})
    with pytest.raises(ConflictError, match="remove one"):
        case_filter_save(actor=world.owner, name="One more", params={})
    # Replacing one of the twenty still works, and another user has their own twenty.
    assert case_filter_save(actor=world.owner, name="set 3", params={}).replaced
    case_filter_save(actor=world.member, name="One more", params={})
    assert SavedCaseFilter.objects.filter(user=world.owner).count() == MAX_SAVED_FILTERS


def test_delete_own_only_and_audit_once(world: World) -> None:
    mine = case_filter_save(actor=world.owner, name="Mine", params=SCREENING).saved
    with pytest.raises(NotFoundError):
        case_filter_delete(actor=world.member, filter_id=mine.pk)
    with pytest.raises(NotFoundError):
        case_filter_delete(actor=world.owner, filter_id=2**70)
    assert SavedCaseFilter.objects.filter(pk=mine.pk).exists()
    assert case_filter_delete(actor=world.owner, filter_id=mine.pk) == "Mine"
    assert not SavedCaseFilter.objects.exists()
    rows = _audit("case_filter.delete")
    assert len(rows) == 1 and rows[0].detail == {"name": "Mine"}


# --- pages ----------------------------------------------------------------------------------------


def _saved_links(body: str) -> list[tuple[str, bool]]:
    block = body[body.index('id="saved-filter-list"') :]
    block = block[: block.index("</div>")]
    return [
        (name, "aria-current" in attrs)
        for attrs, name in re.findall(r"<a ([^>]*)>([^<]+)</a>", block)
    ]


def test_save_on_the_page_then_apply_it(world: World, client_for: Any) -> None:
    kern = _open(world, 2)
    case_transition(actor=world.owner, case_ref=kern[0].ref, target="screening", reason="Complete")
    client = client_for(world.owner)
    page = client.get("/cases/?stage=screening&scope=all").content.decode()
    assert "Save these filters" in page and '<label for="id_filter_name">' in page
    # The save form carries the filters in use (no JavaScript: a redirect to them applied).
    response = client.post(
        "/cases/saved-filters/",
        {"name": "Screening", "stage": "screening", "scope": "all", "sort": "-received_on"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/cases/?stage=screening&scope=all&sort=-received_on"
    applied = client.get(response["Location"]).content.decode()
    assert refs_in(applied) == [kern[0].ref]
    assert "Saved “Screening”." in applied
    assert _saved_links(applied) == [("Screening", True)]
    # Elsewhere on the list the link is there, not marked in use.
    assert _saved_links(client.get("/cases/?scope=all").content.decode()) == [("Screening", False)]


def test_htmx_save_answers_the_block_and_the_table_updates_it(
    world: World, client_for: Any
) -> None:
    client = client_for(world.owner)
    answer = client.post(
        "/cases/saved-filters/", {"name": "Kern", "county": "Kern", "scope": "mine"}, **htmx()
    )
    body = answer.content.decode()
    assert answer.status_code == 200 and "<html" not in body
    assert _saved_links(body) == [("Kern", True)]
    assert 'id="saved-filters-status"' in body and "Saved “Kern”." in body
    # Changing the filters (the table through htmx) marks the link as not in use any more.
    table = client.get("/cases/?county=Fresno&scope=mine", **htmx("case-table")).content.decode()
    assert 'id="saved-filter-list" hx-swap-oob="true"' in table
    assert _saved_links(table) == [("Kern", False)]
    assert '<input type="hidden" name="county" value="Fresno">' in table


def test_a_refused_save_shows_the_error_by_the_name(world: World, client_for: Any) -> None:
    client = client_for(world.owner)
    answer = client.post("/cases/saved-filters/", {"name": "", "stage": "screening"})
    body = answer.content.decode()
    assert answer.status_code == 400
    assert "Give these filters a name." in body and 'aria-invalid="true"' in body
    assert not SavedCaseFilter.objects.exists()
    partial = client.post("/cases/saved-filters/", {"name": ""}, **htmx()).content.decode()
    assert "Give these filters a name." in partial and "<html" not in partial


def test_saved_filters_are_personal_on_the_page(world: World, client_for: Any) -> None:
    mine = case_filter_save(actor=world.owner, name="Owner's secret set", params=SCREENING).saved
    other = client_for(world.member)
    assert "Owner's secret set" not in other.get("/cases/").content.decode()
    assert other.post(f"/cases/saved-filters/{mine.pk}/delete/").status_code == 404
    assert SavedCaseFilter.objects.filter(pk=mine.pk).exists()
    owner = client_for(world.owner)
    answer = owner.post(f"/cases/saved-filters/{mine.pk}/delete/", {"stage": "screening"})
    assert answer.status_code == 302 and answer["Location"] == "/cases/?stage=screening&scope=mine"
    assert not SavedCaseFilter.objects.exists()
    assert len(_audit("case_filter.delete")) == 1


# --- API ------------------------------------------------------------------------------------------


def test_api_owner_and_other_user(world: World) -> None:
    owner, member = Api(world.owner), Api(world.member)
    created = owner.post(
        "/case-filters", {"name": "Screening", "params": {**SCREENING, "colour": "red"}}
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["params"] == SCREENING and body["replaced"] is False
    assert body["list_url"].startswith("/cases/?") and len(body["left_out"]) == 1
    again = owner.post("/case-filters", {"name": "screening", "params": {"q": "Rivera"}})
    assert again.status_code == 200 and again.json()["replaced"] is True
    assert [f["name"] for f in owner.get("/case-filters").json()] == ["screening"]
    assert member.get("/case-filters").json() == []
    filter_id = body["id"]
    assert member.delete(f"/case-filters/{filter_id}").status_code == 404
    assert owner.delete(f"/case-filters/{2**70}").status_code == 422
    assert owner.delete(f"/case-filters/{filter_id}").status_code == 204
    assert owner.delete(f"/case-filters/{filter_id}").status_code == 404
    assert len(_audit("case_filter.save")) == 2 and len(_audit("case_filter.delete")) == 1


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"name": ""}, 400),
        ({"name": "x" * 81}, 400),
        ({}, 422),
        ({"name": "A", "params": {"q": 3}}, 422),
        ({"name": "A", "extra": 1}, 422),
    ],
)
def test_api_refusals(world: World, body: dict[str, Any], status: int) -> None:
    answer = Api(world.owner).post("/case-filters", body)
    assert answer.status_code == status, answer.content
    assert not SavedCaseFilter.objects.exists()


def test_api_limit_is_a_409(world: World) -> None:
    for i in range(MAX_SAVED_FILTERS):
        case_filter_save(actor=world.owner, name=f"Set {i}", params={})
    answer = Api(world.owner).post("/case-filters", {"name": "One more"})
    assert answer.status_code == 409 and "remove one" in answer.json()["detail"]
