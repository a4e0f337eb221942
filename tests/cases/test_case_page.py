"""The case page: every tab renders for the team and the auditor, nothing for anyone else."""

from __future__ import annotations

from typing import Any

import pytest

from habeas.audit.models import AuditEvent
from habeas.cases.panels import CASE_TABS
from habeas.cases.services.children import case_child_create
from tests.clients import htmx
from tests.conftest import World

EVERYONE_TABS = [panel.key for panel in CASE_TABS if panel.roles is None]


@pytest.mark.parametrize("tab", EVERYONE_TABS)
def test_every_tab_renders_for_owner_member_and_auditor(
    world: World, client_for: Any, tab: str
) -> None:
    for user in (world.owner, world.member, world.auditor):
        client = client_for(user)
        page = client.get(f"/cases/{world.case.ref}/?tab={tab}")
        assert page.status_code == 200, (user.username, tab)
        body = page.content.decode()
        assert f'id="tab-{tab}" href' in body and 'aria-selected="true"' in body
        assert f'aria-labelledby="tab-{tab}"' in body
        partial = client.get(f"/cases/{world.case.ref}/tab/{tab}/", **htmx("tab-body"))
        assert partial.status_code == 200 and "<html" not in partial.content.decode()


@pytest.mark.parametrize("tab", [panel.key for panel in CASE_TABS])
def test_nonmember_and_outsider_get_404_on_every_tab(
    world: World, client_for: Any, tab: str
) -> None:
    for user in (world.nonmember, world.outsider):
        client = client_for(user)
        assert client.get(f"/cases/{world.case.ref}/?tab={tab}").status_code == 404
        assert (
            client.get(f"/cases/{world.case.ref}/tab/{tab}/", **htmx("tab-body")).status_code == 404
        )
        assert "Rivera" not in client.get(f"/cases/{world.case.ref}/tab/{tab}/").content.decode()


def test_tabs_are_an_accessible_tablist_that_works_without_javascript(
    world: World, client_for: Any
) -> None:
    body = client_for(world.owner).get(f"/cases/{world.case.ref}/").content.decode()
    assert (
        'role="tablist"' in body
        and 'role="tabpanel"' in body
        and 'aria-controls="tab-body"' in body
    )
    assert f'href="/cases/{world.case.ref}/?tab=workflow"' in body  # a plain link
    assert f'hx-get="/cases/{world.case.ref}/tab/workflow/"' in body  # and an htmx swap
    assert 'tabindex="0"' in body and 'tabindex="-1"' in body  # roving focus
    # The initial tab is rendered inline.
    assert 'id="section-parties"' in body and "Tomas Rivera" in body


def test_a_tab_asked_for_without_htmx_is_the_whole_page(world: World, client_for: Any) -> None:
    body = client_for(world.owner).get(f"/cases/{world.case.ref}/tab/evidence/").content.decode()
    assert "<html" in body and 'id="section-evidence"' in body


def test_each_tab_read_is_audited_with_its_name(world: World, client_for: Any) -> None:
    client_for(world.member).get(f"/cases/{world.case.ref}/tab/evidence/", **htmx("tab-body"))
    event = (
        AuditEvent.objects.filter(action="case.read", case_ref=world.case.ref)
        .order_by("-seq")
        .first()
    )
    assert event is not None and event.detail == {"view": "tab:evidence"}


def test_write_controls_only_for_writers(world: World, client_for: Any) -> None:
    ref = world.case.ref
    owner = client_for(world.owner).get(f"/cases/{ref}/?tab=evidence").content.decode()
    auditor = client_for(world.auditor).get(f"/cases/{ref}/?tab=evidence").content.decode()
    assert "Add an evidence item" in owner and "Add an evidence item" not in auditor
    owner_wf = client_for(world.owner).get(f"/cases/{ref}/?tab=workflow").content.decode()
    member_wf = client_for(world.member).get(f"/cases/{ref}/?tab=workflow").content.decode()
    assert (
        "Move case" in owner_wf and "Move case" not in member_wf
    )  # investigators do not move cases
    assert (
        "Add to team"
        not in client_for(world.member).get(f"/cases/{ref}/?tab=team").content.decode()
    )
    assert "Edit case" in client_for(world.owner).get(f"/cases/{ref}/").content.decode()
    assert "Edit case" not in client_for(world.auditor).get(f"/cases/{ref}/").content.decode()


def test_transition_form_lists_only_allowed_targets(world: World, client_for: Any) -> None:
    body = client_for(world.owner).get(f"/cases/{world.case.ref}/?tab=workflow").content.decode()
    select = body[
        body.index('id="transition-target"') : body.index(
            "</select>", body.index('id="transition-target"')
        )
    ]
    assert 'value="screening"' in select and 'value="withdrawn"' in select
    assert 'value="decision"' not in select and 'value="closed"' not in select
    assert (
        "meets_criteria" in body and "outside_jurisdiction" in body
    )  # accept and decline reason codes


def test_letters_tab_offers_only_letters_that_fit(world: World, client_for: Any) -> None:
    # A case still at intake has been neither accepted nor declined: no letter can be produced,
    # and the tab says why (tests/letters covers the accepted and declined cases).
    body = client_for(world.owner).get(f"/cases/{world.case.ref}/?tab=letters").content.decode()
    for kind in ("accept", "decline"):
        assert f'href="/letters/case/{world.case.ref}/{kind}/' not in body
    assert "Screening has not accepted the case." in body
    assert "The case is not declined (it is at intake)." in body


def test_audit_tab_only_for_admin_and_auditor(world: World, client_for: Any) -> None:
    ref = world.case.ref
    for user in (world.auditor, world.admin):
        body = client_for(user).get(f"/cases/{ref}/?tab=audit").content.decode()
        assert f'href="/audit/case/{ref}/"' in body
    owner = client_for(world.owner)
    assert 'id="tab-audit"' not in owner.get(f"/cases/{ref}/").content.decode()
    assert owner.get(f"/cases/{ref}/tab/audit/").status_code == 403
    assert (
        'id="tab-audit"' not in owner.get(f"/cases/{ref}/?tab=audit").content.decode()
    )  # falls back to overview
    assert "?tab=audit" not in owner.get(f"/cases/{ref}/").content.decode()  # nor under More


def _tab_bar(body: str) -> tuple[list[str], list[str]]:
    import re

    bar = body[body.index('id="case-tabs"') : body.index('id="tab-body"')]
    more = bar[bar.index('class="tabs-more"') :] if 'class="tabs-more"' in bar else ""
    shown = re.findall(r'role="tab" id="tab-(\w+)"', bar)
    return shown, re.findall(r"\?tab=(\w+)\">", more)


def test_less_used_tabs_wait_under_more_until_one_is_open(world: World, client_for: Any) -> None:
    ref, admin = world.case.ref, client_for(world.admin)
    shown, more = _tab_bar(admin.get(f"/cases/{ref}/").content.decode())
    assert {"team", "letters", "audit"} <= set(more) and not set(more) & set(shown)
    assert shown[0] == "overview" and "flags" in shown
    shown, more = _tab_bar(admin.get(f"/cases/{ref}/?tab=letters").content.decode())
    assert "letters" in shown and "letters" not in more  # the open tab is on the bar
    assert "team" in more


def test_overview_groups_sourced_facts_and_marks_conflicts(world: World, client_for: Any) -> None:
    ref = world.case.ref
    for value, source in (
        ("40 years to life", "Abstract of judgment"),
        ("50 years to life", "Clinic summary"),
    ):
        case_child_create(
            actor=world.owner,
            case_ref=ref,
            kind_slug="facts",
            data={"key": "sentence", "value": value, "source": source, "source_page": 1},
        )
    case_child_create(
        actor=world.owner,
        case_ref=ref,
        kind_slug="facts",
        data={"key": "arrest_date", "value": "2001-01-18", "source": "Booking"},
    )
    body = client_for(world.member).get(f"/cases/{ref}/").content.decode()
    assert "Sources disagree on 1 fact" in body and 'id="fact-sentence"' in body
    assert "Sources disagree: 2 different values" in body
    group = body[body.index('id="fact-sentence"') :]
    assert (
        "40 years to life" in group
        and "50 years to life" in group
        and "Abstract of judgment" in group
    )
    assert (
        'class="fact-group conflict"' in body and 'class="fact-group" id="fact-arrest_date"' in body
    )


def test_leads_stay_visibly_open_after_resolution(world: World, client_for: Any) -> None:
    from habeas.cases.models import Case

    case_child_create(
        actor=world.owner,
        case_ref=world.case.ref,
        kind_slug="leads",
        data={"description": "Driver named another shooter"},
    )
    Case.objects.filter(pk=world.case.pk).update(stage="closed")
    body = client_for(world.owner).get(f"/cases/{world.case.ref}/?tab=leads").content.decode()
    assert (
        "1 lead still open." in body
        and "a resolution does not close alternate-suspect leads" in body
    )
    assert '<span class="badge tone-warn">Open</span>' in body
