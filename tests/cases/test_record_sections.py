"""The generic record views: one set of create/update/delete views for every kind in KINDS."""

from __future__ import annotations

from typing import Any

import pytest

from habeas.cases.models import Case, CustodyEvent, EvidenceItem, Note, Task
from habeas.cases.services.children import case_child_create
from habeas.cases.services.kinds import KINDS
from tests.clients import htmx
from tests.conftest import World


def _evidence(world: World, description: str = "Jacket") -> EvidenceItem:
    item = case_child_create(
        actor=world.owner,
        case_ref=world.case.ref,
        kind_slug="evidence",
        data={"description": description},
    )
    assert isinstance(item, EvidenceItem)
    return item


def test_create_without_htmx_redirects_back_to_the_tab(world: World, client_for: Any) -> None:
    ref = world.case.ref
    response = client_for(world.member).post(
        f"/cases/{ref}/records/evidence/",
        {
            "item_number": "E-7",
            "description": "Victim's shirt",
            "is_biological": "on",
            "preservation_status": "preserved",
        },
    )
    assert (
        response.status_code == 302
        and response["Location"] == f"/cases/{ref}/?tab=evidence#section-evidence"
    )
    item = EvidenceItem.objects.get(case=world.case)
    assert item.is_biological and not item.dna_tested and item.preservation_status == "preserved"


def test_create_with_htmx_answers_with_the_section(world: World, client_for: Any) -> None:
    response = client_for(world.member).post(
        f"/cases/{world.case.ref}/records/tasks/",
        {"title": "Request the trial file", "due_on": "2030-01-01"},
        **htmx("section-tasks"),
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith('<section class="records" id="section-tasks"')
    assert "Added to tasks." in body and "Request the trial file" in body
    assert Task.objects.filter(case=world.case, title="Request the trial file").exists()


@pytest.mark.parametrize("use_htmx", [True, False])
def test_oversize_field_is_shown_next_to_the_input_and_nothing_is_saved(
    world: World, client_for: Any, use_htmx: bool
) -> None:
    headers = htmx("section-evidence") if use_htmx else {}
    response = client_for(world.owner).post(
        f"/cases/{world.case.ref}/records/evidence/",
        {"description": "x" * 301, "preservation_status": "unknown"},
        **headers,
    )
    body = response.content.decode()
    assert response.status_code == (200 if use_htmx else 400)
    assert "Ensure this value has at most 300 characters (it has 301)." in body
    assert 'id="evidence-new-description-errors"' in body and 'aria-invalid="true"' in body
    assert "x" * 301 in body  # the input is kept
    assert ("<html" in body) is not use_htmx
    assert not EvidenceItem.objects.filter(case=world.case).exists()


def test_update_changes_only_what_was_posted_and_unchecks_boxes(
    world: World, client_for: Any
) -> None:
    item = _evidence(world)
    EvidenceItem.objects.filter(pk=item.pk).update(is_biological=True)
    client = client_for(world.owner)
    response = client.post(
        f"/cases/{world.case.ref}/records/evidence/{item.pk}/",
        {
            "item_number": "E-1",
            "description": "Jacket (blood)",
            "preservation_status": "missing",
        },
        **htmx("section-evidence"),
    )
    assert response.status_code == 200 and "Saved in evidence." in response.content.decode()
    item.refresh_from_db()
    assert (item.item_number, item.description, item.preservation_status, item.is_biological) == (
        "E-1",
        "Jacket (blood)",
        "missing",
        False,
    )


def test_update_with_a_rule_error_keeps_the_row_in_edit_mode(world: World, client_for: Any) -> None:
    item = _evidence(world)
    response = client_for(world.owner).post(
        f"/cases/{world.case.ref}/records/evidence/{item.pk}/",
        {
            "description": "Jacket",
            "preservation_status": "unknown",
            "dna_tested": "on",
        },
        **htmx("section-evidence"),
    )
    body = response.content.decode()
    assert "Only biological evidence can be DNA-tested." in body and 'class="editing"' in body
    item.refresh_from_db()
    assert not item.dna_tested


def test_edit_form_is_fetched_by_htmx_or_opened_by_a_link(world: World, client_for: Any) -> None:
    item = _evidence(world)
    client = client_for(world.owner)
    partial = client.get(
        f"/cases/{world.case.ref}/records/evidence/{item.pk}/", **htmx("section-evidence")
    ).content.decode()
    assert f'id="evidence-{item.pk}-description"' in partial and 'value="Jacket"' in partial
    plain = client.get(f"/cases/{world.case.ref}/records/evidence/{item.pk}/")
    assert plain.status_code == 302 and f"edit=evidence:{item.pk}" in plain["Location"]
    page = client.get(plain["Location"]).content.decode()
    assert f'id="evidence-{item.pk}-description"' in page
    # Read-only users never get an edit form.
    auditor = (
        client_for(world.auditor)
        .get(f"/cases/{world.case.ref}/?tab=evidence&edit=evidence:{item.pk}")
        .content.decode()
    )
    assert f'id="evidence-{item.pk}-description"' not in auditor


def test_delete_and_records_that_cannot_be_deleted(world: World, client_for: Any) -> None:
    item = _evidence(world)
    client = client_for(world.owner)
    response = client.post(
        f"/cases/{world.case.ref}/records/evidence/{item.pk}/delete/", **htmx("section-evidence")
    )
    assert response.status_code == 200 and "Deleted from evidence." in response.content.decode()
    assert not EvidenceItem.objects.filter(pk=item.pk).exists()
    note = case_child_create(
        actor=world.owner,
        case_ref=world.case.ref,
        kind_slug="notes",
        data={"body": "Privileged thoughts"},
    )
    assert (
        client.post(f"/cases/{world.case.ref}/records/notes/{note.pk}/delete/").status_code == 403
    )
    assert Note.objects.filter(pk=note.pk).exists()
    assert (
        "Delete"
        not in client.get(
            f"/cases/{world.case.ref}/tab/notes/", **htmx("tab-body")
        ).content.decode()
    )


def test_nested_custody_event_is_saved_under_its_item_and_answers_with_the_evidence_section(
    world: World, client_for: Any
) -> None:
    item = _evidence(world)
    response = client_for(world.member).post(
        f"/cases/{world.case.ref}/records/custody-events/",
        {
            "item": str(item.pk),
            "occurred_on": "2001-01-02",
            "action": "Booked into evidence",
            "to_party": "Property room",
        },
        **htmx("section-evidence"),
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="records" id="section-evidence"')
    assert "Booked into evidence" in body and "Added to chain of custody." in body
    assert CustodyEvent.objects.get(item=item).to_party == "Property room"


def test_another_cases_record_and_unknown_kinds_are_404(world: World, client_for: Any) -> None:
    from habeas.cases.services.intake import case_intake
    from tests.conftest import intake_payload

    payload = intake_payload(docket="OTHER-1")
    other = case_intake(actor=world.admin, case=payload["case"], sections=payload["sections"])  # type: ignore[arg-type]
    item = case_child_create(
        actor=world.admin, case_ref=other.ref, kind_slug="evidence", data={"description": "Other"}
    )
    client = client_for(world.owner)
    assert (
        client.post(
            f"/cases/{world.case.ref}/records/evidence/{item.pk}/", {"description": "hijack"}
        ).status_code
        == 404
    )
    assert client.post(f"/cases/{world.case.ref}/records/nonsense/", {}).status_code == 404
    assert EvidenceItem.objects.get(pk=item.pk).description == "Other"


def test_read_only_and_invisible_users_cannot_write(world: World, client_for: Any) -> None:
    ref = world.case.ref
    before = EvidenceItem.objects.count()
    assert (
        client_for(world.auditor)
        .post(f"/cases/{ref}/records/evidence/", {"description": "x"})
        .status_code
        == 403
    )
    assert (
        client_for(world.auditor)
        .post(f"/cases/{ref}/records/evidence/", {"description": "x"}, **htmx("section-evidence"))
        .status_code
        == 403
    )
    for user in (world.outsider, world.nonmember):
        assert (
            client_for(user)
            .post(f"/cases/{ref}/records/evidence/", {"description": "x"})
            .status_code
            == 404
        )
        assert (
            client_for(user)
            .get(f"/cases/{ref}/records/evidence/", **htmx("section-evidence"))
            .status_code
            == 404
        )
    assert EvidenceItem.objects.count() == before


def test_every_kind_renders_its_section_and_add_form(world: World, client_for: Any) -> None:
    client = client_for(world.owner)
    for slug in KINDS:
        response = client.get(f"/cases/{world.case.ref}/records/{slug}/", **htmx())
        assert response.status_code == 200, slug
        assert "<html" not in response.content.decode()


def test_tasks_assignee_is_a_team_member_and_can_be_marked_done_and_reopened(
    world: World, client_for: Any
) -> None:
    client = client_for(world.owner)
    page = client.get(f"/cases/{world.case.ref}/?tab=tasks").content.decode()
    select = page[
        page.index('id="tasks-new-assignee"') : page.index(
            "</select>", page.index('id="tasks-new-assignee"')
        )
    ]
    assert ">member</option>" in select
    assert "nonmember" not in select and "outsider" not in select
    refused = client.post(
        f"/cases/{world.case.ref}/records/tasks/",
        {"title": "Interview", "assignee": str(world.nonmember.pk)},
    )
    assert refused.status_code == 400 and "Select a valid choice" in refused.content.decode()
    client.post(
        f"/cases/{world.case.ref}/records/tasks/",
        {"title": "Interview", "assignee": str(world.member.pk)},
    )
    task = Task.objects.get(case=world.case)
    done = client.post(
        f"/cases/{world.case.ref}/tasks/{task.pk}/done/", {"done": "1"}, **htmx("section-tasks")
    )
    assert "marked done" in done.content.decode() and "Reopen" in done.content.decode()
    task.refresh_from_db()
    assert task.done_at is not None
    client.post(f"/cases/{world.case.ref}/tasks/{task.pk}/done/", {"done": "0"})
    task.refresh_from_db()
    assert task.done_at is None
    assert (
        client_for(world.auditor)
        .post(f"/cases/{world.case.ref}/tasks/{task.pk}/done/", {"done": "1"})
        .status_code
        == 403
    )


def test_case_fields_are_edited_in_place(world: World, client_for: Any) -> None:
    ref = world.case.ref
    client = client_for(world.owner)
    form = client.get(f"/cases/{ref}/edit/", **htmx("section-case")).content.decode()
    assert 'id="case-title"' in form and 'value="People v. Rivera"' in form
    bad = client.post(
        f"/cases/{ref}/edit/",
        {"title": "", "received_on": "2024-03-01", "jurisdiction_state": "CA"},
        **htmx("section-case"),
    )
    assert bad.status_code == 200 and "This field is required." in bad.content.decode()
    ok = client.post(
        f"/cases/{ref}/edit/",
        {
            "title": "People v. Rivera (2001)",
            "received_on": "2024-03-01",
            "jurisdiction_state": "CA",
            "county": "Los Angeles",
            "summary": "Two eyewitnesses.",
        },
        **htmx("section-case"),
    )
    body = ok.content.decode()
    assert (
        "Case saved." in body
        and 'id="case-header" hx-swap-oob="true"' in body
        and "People v. Rivera (2001)" in body
    )
    assert Case.objects.get(pk=world.case.pk).summary == "Two eyewitnesses."
    assert client_for(world.auditor).post(f"/cases/{ref}/edit/", {"title": "x"}).status_code == 403
