"""Acknowledging a computed deadline: who may, what is refused, that it stops alerting (dashboard,
deadline list, digest, API) only for the date it was acknowledged for, and at a fixed query count."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from habeas.accounts.services import token_create
from habeas.audit.models import AuditEvent
from habeas.cases.services.children import case_child_create
from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from habeas.deadlines.digest import digest_send
from habeas.deadlines.models import DeadlineAcknowledgement
from habeas.deadlines.selectors import case_computed_deadlines, case_deadlines, deadlines_upcoming
from habeas.deadlines.services import deadline_acknowledge, deadline_add, deadline_unacknowledge
from tests.clients import Api, run
from tests.conftest import World
from tests.deadlines.helpers import direct_appeal_for_aedpa_due, other_case, release_for_pc4901_due

AEDPA = "aedpa_2244d"
PC_4901 = "ca_pc_4901"
PC_4901_NAME = "CalVCB compensation claim (Cal. PC 4900/4901)"
REASON = "Not applicable: petition filed 2014-03-02"


def _today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def due(world: World) -> dict[str, dt.date]:
    """World's case: the AEDPA year ran out 100 days ago; the PC 4901 claim period ends in 20 days."""
    aedpa, pc_4901 = _today() - dt.timedelta(days=100), _today() + dt.timedelta(days=20)
    direct_appeal_for_aedpa_due(world.owner, world.case, aedpa)
    release_for_pc4901_due(world.owner, world.case, pc_4901)
    return {AEDPA: aedpa, PC_4901: pc_4901}


def _alerting(user: Any, **kw: Any) -> list[tuple[str, str]]:
    return [(r.case_ref, r.rule_id) for r in deadlines_upcoming(user=user, **kw) if not r.is_custom]


# --- services -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["owner", "member", "admin"])
def test_team_and_admin_acknowledge_with_a_reason_and_it_is_audited(
    world: World, due: dict[str, dt.date], persona: str
) -> None:
    actor = getattr(world, persona)
    ack = deadline_acknowledge(
        actor=actor,
        case_ref=world.case.ref,
        rule_id=AEDPA,
        due_on=due[AEDPA],
        reason=f"  {REASON} ",
    )
    assert (ack.case, ack.rule_id, ack.due_on, ack.reason, ack.acknowledged_by) == (
        world.case,
        AEDPA,
        due[AEDPA],
        REASON,
        actor,
    )
    event = AuditEvent.objects.filter(action="deadlines.acknowledge").get()
    assert (
        event.username == persona
        and event.case_id == world.case.pk
        and event.object_id == str(ack.pk)
    )
    assert (
        event.detail["rule_id"] == AEDPA
        and event.detail["due_on"] == due[AEDPA].isoformat()
        and event.detail["reason"] == REASON
    )
    assert event.detail["previous"] is None


def test_a_date_given_as_iso_text_is_read(world: World, due: dict[str, dt.date]) -> None:
    ack = deadline_acknowledge(
        actor=world.owner,
        case_ref=world.case.ref,
        rule_id=PC_4901,
        due_on=due[PC_4901].isoformat(),
        reason="Claim filed with the board",
    )
    assert ack.due_on == due[PC_4901]


def test_refuses_a_rule_or_date_the_record_does_not_compute(
    world: World, due: dict[str, dt.date]
) -> None:
    with pytest.raises(ApplicationError) as err:
        deadline_acknowledge(
            actor=world.owner,
            case_ref=world.case.ref,
            rule_id="ca_pc_1473_6",
            due_on=due[AEDPA],
            reason=REASON,
        )
    assert set(err.value.fields) == {"rule_id"} and err.value.status_code == 400
    assert (
        AEDPA in err.value.fields["rule_id"][0]
        and due[AEDPA].isoformat() in err.value.fields["rule_id"][0]
    )  # says what is computed
    for rule in ("custom", ""):
        with pytest.raises(ApplicationError) as err:
            deadline_acknowledge(
                actor=world.owner,
                case_ref=world.case.ref,
                rule_id=rule,
                due_on=due[AEDPA],
                reason=REASON,
            )
        assert set(err.value.fields) == {"rule_id"}
    wrong = due[AEDPA] + dt.timedelta(days=1)
    with pytest.raises(ApplicationError) as err:
        deadline_acknowledge(
            actor=world.owner, case_ref=world.case.ref, rule_id=AEDPA, due_on=wrong, reason=REASON
        )
    assert (
        set(err.value.fields) == {"due_on"}
        and due[AEDPA].isoformat() in err.value.fields["due_on"][0]
    )
    for bad in ("", "2031-02-30", "soon"):
        with pytest.raises(ApplicationError) as err:
            deadline_acknowledge(
                actor=world.owner, case_ref=world.case.ref, rule_id=AEDPA, due_on=bad, reason=REASON
            )
        assert set(err.value.fields) == {"due_on"}
    assert not DeadlineAcknowledgement.objects.exists()
    assert not AuditEvent.objects.filter(action="deadlines.acknowledge").exists()


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_a_reason_is_required_and_short(world: World, due: dict[str, dt.date], reason: str) -> None:
    with pytest.raises(ApplicationError) as err:
        deadline_acknowledge(
            actor=world.owner,
            case_ref=world.case.ref,
            rule_id=AEDPA,
            due_on=due[AEDPA],
            reason=reason,
        )
    assert set(err.value.fields) == {"reason"} and err.value.status_code == 400
    assert not DeadlineAcknowledgement.objects.exists()


def test_every_bad_field_at_once(world: World, due: dict[str, dt.date]) -> None:
    with pytest.raises(ApplicationError) as err:
        deadline_acknowledge(
            actor=world.owner, case_ref=world.case.ref, rule_id="", due_on="", reason=""
        )
    assert set(err.value.fields) == {"rule_id", "due_on", "reason"}


def test_read_only_roles_are_refused_and_outsiders_do_not_learn_the_case_exists(
    world: World, due: dict[str, dt.date]
) -> None:
    with pytest.raises(PermissionDeniedError):
        deadline_acknowledge(
            actor=world.auditor,
            case_ref=world.case.ref,
            rule_id=AEDPA,
            due_on=due[AEDPA],
            reason=REASON,
        )
    for user in (world.outsider, world.nonmember):
        with pytest.raises(NotFoundError):
            deadline_acknowledge(
                actor=user, case_ref=world.case.ref, rule_id=AEDPA, due_on=due[AEDPA], reason=REASON
            )
        with pytest.raises(NotFoundError):  # refused before the values are looked at
            deadline_acknowledge(
                actor=user, case_ref=world.case.ref, rule_id="", due_on="", reason=""
            )
    assert not DeadlineAcknowledgement.objects.exists()


def test_acknowledging_again_replaces_the_reason_and_the_audit_keeps_the_first(
    world: World, due: dict[str, dt.date]
) -> None:
    deadline_acknowledge(
        actor=world.owner, case_ref=world.case.ref, rule_id=AEDPA, due_on=due[AEDPA], reason=REASON
    )
    again = deadline_acknowledge(
        actor=world.member,
        case_ref=world.case.ref,
        rule_id=AEDPA,
        due_on=due[AEDPA],
        reason="Tolled: see order",
    )
    assert DeadlineAcknowledgement.objects.get() == again
    assert again.reason == "Tolled: see order" and again.acknowledged_by == world.member
    event = AuditEvent.objects.filter(action="deadlines.acknowledge").latest("seq")
    assert (
        event.detail["previous"]["reason"] == REASON and event.detail["previous"]["by"] == "owner"
    )


def test_undo(world: World, due: dict[str, dt.date]) -> None:
    ack = deadline_acknowledge(
        actor=world.owner, case_ref=world.case.ref, rule_id=AEDPA, due_on=due[AEDPA], reason=REASON
    )
    with pytest.raises(PermissionDeniedError):
        deadline_unacknowledge(
            actor=world.auditor, case_ref=world.case.ref, rule_id=AEDPA, due_on=due[AEDPA]
        )
    for user in (world.outsider, world.nonmember):
        with pytest.raises(NotFoundError):
            deadline_unacknowledge(
                actor=user, case_ref=world.case.ref, rule_id=AEDPA, due_on=due[AEDPA]
            )
    with pytest.raises(NotFoundError):  # another date of the same rule is not the one acknowledged
        deadline_unacknowledge(
            actor=world.owner,
            case_ref=world.case.ref,
            rule_id=AEDPA,
            due_on=due[AEDPA] - dt.timedelta(days=1),
        )
    with pytest.raises(ApplicationError) as err:
        deadline_unacknowledge(
            actor=world.owner, case_ref=world.case.ref, rule_id=AEDPA, due_on="not a date"
        )
    assert set(err.value.fields) == {"due_on"}
    assert DeadlineAcknowledgement.objects.filter(pk=ack.pk).exists()

    deadline_unacknowledge(
        actor=world.member, case_ref=world.case.ref, rule_id=AEDPA, due_on=due[AEDPA].isoformat()
    )
    assert not DeadlineAcknowledgement.objects.exists()
    event = AuditEvent.objects.filter(action="deadlines.unacknowledge").get()
    assert event.username == "member" and event.case_id == world.case.pk
    assert (
        event.detail["reason"] == REASON
        and event.detail["acknowledged_by"] == "owner"
        and event.detail["due_on"] == due[AEDPA].isoformat()
    )
    with pytest.raises(NotFoundError):
        deadline_unacknowledge(
            actor=world.member, case_ref=world.case.ref, rule_id=AEDPA, due_on=due[AEDPA]
        )


# --- selectors ------------------------------------------------------------------------------------


def test_an_acknowledged_deadline_leaves_the_alerts_but_stays_marked_in_the_case(
    world: World, due: dict[str, dt.date]
) -> None:
    ref = world.case.ref
    assert _alerting(world.owner) == [(ref, AEDPA), (ref, PC_4901)]
    deadline_acknowledge(
        actor=world.member, case_ref=ref, rule_id=AEDPA, due_on=due[AEDPA], reason=REASON
    )
    for user in (
        world.owner,
        world.member,
        world.auditor,
        world.admin,
    ):  # for everyone who sees the case
        assert _alerting(user) == [(ref, PC_4901)], user.username
    rows = deadlines_upcoming(user=world.owner, include_acknowledged=True)
    assert [(r.rule_id, r.is_acknowledged) for r in rows] == [(AEDPA, True), (PC_4901, False)]
    ack = rows[0].acknowledgement
    assert (
        ack is not None
        and ack.by_username == "member"
        and ack.reason == REASON
        and timezone.localdate(ack.at) <= _today()
    )
    assert rows[0].as_dict()["acknowledgement"] == {
        "by": "member",
        "by_name": world.member.display_name(),
        "at": ack.at,
        "reason": REASON,
    }

    _, listed = case_deadlines(user=world.auditor, ref=ref)
    marked = {r.rule_id: r.acknowledgement for r in listed}
    aedpa = marked[AEDPA]
    assert marked[PC_4901] is None and aedpa is not None and aedpa.reason == REASON
    Api(world.owner).get("/deadlines")  # the read's audit event counts what it left out
    event = AuditEvent.objects.filter(action="deadlines.list").latest("seq")
    assert event.detail["acknowledged"] == 1 and event.detail["rows"] == 1


def test_it_alerts_again_when_the_record_moves_the_date(world: World) -> None:
    ref, today = world.case.ref, _today()
    first = today + dt.timedelta(days=10)
    direct_appeal_for_aedpa_due(world.owner, world.case, first)
    deadline_acknowledge(
        actor=world.owner, case_ref=ref, rule_id=AEDPA, due_on=first, reason="Tolled: see order"
    )
    assert _alerting(world.owner) == []
    # A state petition pending for 40 days tolls the year: the computed date moves, the acknowledgement no longer fits.
    case_child_create(
        actor=world.owner,
        case_ref=ref,
        kind_slug="filings",
        data={
            "kind": "state_habeas",
            "court": "Superior Court",
            "filed_on": (today - dt.timedelta(days=60)).isoformat(),
            "decided_on": (today - dt.timedelta(days=20)).isoformat(),
        },
    )
    [row] = deadlines_upcoming(user=world.owner)
    assert (
        row.rule_id == AEDPA
        and row.due == first + dt.timedelta(days=40)
        and row.acknowledgement is None
    )
    [computed] = case_computed_deadlines(world.case)
    assert computed.due == row.due and computed.acknowledgement is None
    # The old date cannot be acknowledged any more; the stale acknowledgement can still be undone.
    with pytest.raises(ApplicationError) as err:
        deadline_acknowledge(
            actor=world.owner, case_ref=ref, rule_id=AEDPA, due_on=first, reason="again"
        )
    assert (
        set(err.value.fields) == {"due_on"} and row.due.isoformat() in err.value.fields["due_on"][0]
    )
    deadline_unacknowledge(actor=world.owner, case_ref=ref, rule_id=AEDPA, due_on=first)
    assert not DeadlineAcknowledgement.objects.exists()


def test_an_acknowledgement_belongs_to_its_own_case(world: World) -> None:
    """The same rule and due date in another case keeps alerting."""
    same_day = _today() + dt.timedelta(days=5)
    second = other_case(world.owner)
    for case in (world.case, second):
        direct_appeal_for_aedpa_due(world.owner, case, same_day)
    deadline_acknowledge(
        actor=world.owner, case_ref=world.case.ref, rule_id=AEDPA, due_on=same_day, reason=REASON
    )
    assert _alerting(world.owner) == [(second.ref, AEDPA)]
    [row] = case_computed_deadlines(second)
    assert row.acknowledgement is None


def test_custom_deadlines_are_not_affected(world: World, due: dict[str, dt.date]) -> None:
    deadline_add(
        actor=world.owner,
        case_ref=world.case.ref,
        data={"title": "Reply brief", "due_on": due[AEDPA]},
    )
    deadline_acknowledge(
        actor=world.owner, case_ref=world.case.ref, rule_id=AEDPA, due_on=due[AEDPA], reason=REASON
    )
    rows = deadlines_upcoming(user=world.owner)
    assert [(r.name, r.kind, r.rule_id) for r in rows] == [
        ("Reply brief", "custom", "custom"),
        (PC_4901_NAME, "computed", PC_4901),
    ]


def test_acknowledgements_cost_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    today = _today()

    def setup(case: Any, days: int) -> None:
        direct_appeal_for_aedpa_due(world.owner, case, today - dt.timedelta(days=days))
        release_for_pc4901_due(world.owner, case, today + dt.timedelta(days=days))
        deadline_acknowledge(
            actor=world.owner,
            case_ref=case.ref,
            rule_id=AEDPA,
            due_on=today - dt.timedelta(days=days),
            reason=REASON,
        )

    def count(**kw: Any) -> int:
        with CaptureQueriesContext(connection) as ctx:
            deadlines_upcoming(user=world.owner, **kw)
        return len(ctx.captured_queries)

    setup(world.case, 3)
    one, one_all = count(), count(include_acknowledged=True)
    assert len(deadlines_upcoming(user=world.owner)) == 1
    for i in range(6):
        setup(
            other_case(
                world.owner, title=f"People v. Example{i}", surname=f"Example{i}", docket=f"AQ-{i}"
            ),
            4 + i,
        )
    assert len(deadlines_upcoming(user=world.owner)) == 7  # the seven PC 4901 claims; no AEDPA
    assert len(deadlines_upcoming(user=world.owner, include_acknowledged=True)) == 14
    assert count() == one and count(include_acknowledged=True) == one_all
    with django_assert_max_num_queries(one):
        deadlines_upcoming(user=world.owner)


# --- pages ----------------------------------------------------------------------------------------


def _html(response: Any) -> str:
    return str(response.content.decode())


@pytest.mark.parametrize("persona", ["owner", "member"])
def test_the_team_acknowledges_and_undoes_on_the_outcome_tab(
    world: World, due: dict[str, dt.date], client_for: Any, persona: str
) -> None:
    user = getattr(world, persona)
    client: Client = client_for(user)
    ref = world.case.ref
    outcome = f"/cases/{ref}/?tab=outcome"
    html = _html(client.get(outcome))
    assert "it stops alerting" in html and f'action="/deadlines/case/{ref}/acknowledge/"' in html
    assert (
        html.count('name="reason"') == 2
        and f'value="{due[AEDPA].isoformat()}"' in html
        and "Acknowledged by" not in html
    )
    assert "Federal habeas limitation (AEDPA)" in _html(client.get("/reports/"))

    response = client.post(
        f"/deadlines/case/{ref}/acknowledge/",
        {"rule_id": AEDPA, "due_on": due[AEDPA].isoformat(), "reason": REASON},
    )
    assert response.status_code == 302 and response["Location"] == outcome
    assert any("acknowledged" in str(m) for m in get_messages(response.wsgi_request))
    html = _html(client.get(outcome))
    assert f"Acknowledged by {user.display_name()} on {_today().isoformat()}: {REASON}" in html
    assert f'action="/deadlines/case/{ref}/unacknowledge/"' in html and "Undo" in html
    assert html.count('name="reason"') == 1  # only the PC 4901 claim still offers the form
    # Gone from the dashboard alerts and the deadline list, which can show it on request.
    assert "Federal habeas limitation (AEDPA)" not in _html(client.get("/reports/"))
    listing = _html(client.get("/deadlines/"))
    assert (
        "Federal habeas limitation (AEDPA)" not in listing
        and "1 acknowledged by a case team (hidden)" in listing
    )
    listing = _html(client.get("/deadlines/?acknowledged=1"))
    assert (
        "Federal habeas limitation (AEDPA)" in listing
        and f"Acknowledged by {user.display_name()}" in listing
    )

    response = client.post(
        f"/deadlines/case/{ref}/unacknowledge/",
        {"rule_id": AEDPA, "due_on": due[AEDPA].isoformat()},
    )
    assert response.status_code == 302 and response["Location"] == outcome
    assert not DeadlineAcknowledgement.objects.exists()
    assert "Federal habeas limitation (AEDPA)" in _html(client.get("/reports/"))


def test_form_errors_come_back_as_messages_not_tracebacks(
    world: World, due: dict[str, dt.date], client_for: Any
) -> None:
    client: Client = client_for(world.owner)
    url = f"/deadlines/case/{world.case.ref}/acknowledge/"
    response = client.post(
        url, {"rule_id": AEDPA, "due_on": due[AEDPA].isoformat(), "reason": "  "}, follow=True
    )
    assert response.status_code == 200
    html = _html(response)
    assert (
        "Some fields need attention" in html
        and "reason: Give a short reason" in html
        and "Traceback" not in html
    )
    html = _html(
        client.post(
            url,
            {"rule_id": "nonsense", "due_on": due[AEDPA].isoformat(), "reason": REASON},
            follow=True,
        )
    )
    assert "no such computed deadline" in html and "rule id:" in html
    html = _html(
        client.post(url, {"rule_id": AEDPA, "due_on": "2001-01-01", "reason": REASON}, follow=True)
    )
    assert "due on:" in html and "the record has changed" in html
    html = _html(
        client.post(
            f"/deadlines/case/{world.case.ref}/unacknowledge/",
            {"rule_id": AEDPA, "due_on": due[AEDPA].isoformat()},
            follow=True,
        )
    )
    assert "No such acknowledgement" in html
    assert not DeadlineAcknowledgement.objects.exists()


def test_read_only_and_outsiders_are_refused(
    world: World, due: dict[str, dt.date], client_for: Any
) -> None:
    ref = world.case.ref
    deadline_acknowledge(
        actor=world.owner, case_ref=ref, rule_id=AEDPA, due_on=due[AEDPA], reason=REASON
    )
    posts = [
        (
            f"/deadlines/case/{ref}/acknowledge/",
            {"rule_id": PC_4901, "due_on": due[PC_4901].isoformat(), "reason": "x"},
        ),
        (
            f"/deadlines/case/{ref}/unacknowledge/",
            {"rule_id": AEDPA, "due_on": due[AEDPA].isoformat()},
        ),
    ]
    for url, data in posts:
        assert client_for(world.auditor).post(url, data).status_code == 403
        for user in (world.outsider, world.nonmember):
            response = client_for(user).post(url, data)
            assert response.status_code == 404 and REASON not in _html(response)
        assert client_for(world.owner).get(url).status_code == 405
    assert DeadlineAcknowledgement.objects.count() == 1
    # The auditor reads the acknowledgement but gets no forms.
    html = _html(client_for(world.auditor).get(f"/cases/{ref}/?tab=outcome"))
    assert f"Acknowledged by owner on {_today().isoformat()}: {REASON}" in html
    assert 'name="reason"' not in html and "/unacknowledge/" not in html and "Alerting" in html


# --- API ------------------------------------------------------------------------------------------


def _api(user: Any) -> tuple[Client, dict[str, Any]]:
    _, token = token_create(user=user)
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _post(client: Client, url: str, auth: dict[str, Any], body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json", **auth)


@pytest.mark.parametrize("persona", ["owner", "member"])
def test_api_acknowledge_list_and_undo(world: World, due: dict[str, dt.date], persona: str) -> None:
    client, auth = _api(getattr(world, persona))
    ref, day = world.case.ref, due[AEDPA].isoformat()
    base = f"/api/v1/cases/{ref}/deadlines/acknowledgements"
    response = _post(client, base, auth, {"rule_id": AEDPA, "due_on": day, "reason": REASON})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["case_ref"] == ref
        and body["rule_id"] == AEDPA
        and body["due_on"] == day
        and body["reason"] == REASON
    )
    assert body["acknowledged_by"] == persona and body["acknowledged_at"].endswith(("Z", "+00:00"))

    listing = {
        r["rule_id"]: r
        for r in client.get(f"/api/v1/cases/{ref}/deadlines", **auth).json()["deadlines"]
    }
    assert (
        listing[AEDPA]["acknowledgement"]["reason"] == REASON
        and listing[AEDPA]["acknowledgement"]["by"] == persona
    )
    assert listing[PC_4901]["acknowledgement"] is None
    upcoming = client.get("/api/v1/deadlines", **auth).json()
    assert upcoming["include_acknowledged"] is False and [
        r["rule_id"] for r in upcoming["deadlines"]
    ] == [PC_4901]
    upcoming = client.get("/api/v1/deadlines?include_acknowledged=true", **auth).json()
    assert [r["rule_id"] for r in upcoming["deadlines"]] == [AEDPA, PC_4901]

    assert client.delete(f"{base}/{AEDPA}/{day}", **auth).status_code == 204
    assert not DeadlineAcknowledgement.objects.exists()
    response = client.delete(f"{base}/{AEDPA}/{day}", **auth)
    assert (
        response.status_code == 404
        and response.json()["detail"] == "No such acknowledgement on this case."
    )


def test_api_errors_and_refusals(world: World, due: dict[str, dt.date]) -> None:
    ref, day = world.case.ref, due[AEDPA].isoformat()
    base = f"/api/v1/cases/{ref}/deadlines/acknowledgements"
    client, auth = _api(world.owner)
    response = _post(client, base, auth, {"rule_id": AEDPA, "due_on": day, "reason": ""})
    assert (
        response.status_code == 400
        and set(response.json()["fields"]) == {"reason"}
        and response.json()["detail"]
    )
    response = _post(
        client, base, auth, {"rule_id": "ca_pc_1417_9", "due_on": day, "reason": REASON}
    )
    assert response.status_code == 400 and set(response.json()["fields"]) == {"rule_id"}
    response = _post(
        client, base, auth, {"rule_id": AEDPA, "due_on": "2001-01-01", "reason": REASON}
    )
    assert response.status_code == 400 and set(response.json()["fields"]) == {"due_on"}
    assert (
        _post(
            client, base, auth, {"rule_id": AEDPA, "due_on": 1700000000, "reason": REASON}
        ).status_code
        == 422
    )
    response = _post(
        client, base, auth, {"rule_id": AEDPA, "due_on": day, "reason": REASON, "colour": "red"}
    )
    assert response.status_code == 422 and "colour" in response.json()["fields"]
    response = client.delete(f"{base}/{AEDPA}/2031-02-30", **auth)
    assert response.status_code == 400 and set(response.json()["fields"]) == {"due_on"}
    assert not DeadlineAcknowledgement.objects.exists()

    deadline_acknowledge(
        actor=world.owner, case_ref=ref, rule_id=AEDPA, due_on=due[AEDPA], reason=REASON
    )
    auditor, a_auth = _api(world.auditor)
    assert (
        _post(
            auditor,
            base,
            a_auth,
            {"rule_id": PC_4901, "due_on": due[PC_4901].isoformat(), "reason": "x"},
        ).status_code
        == 403
    )
    assert auditor.delete(f"{base}/{AEDPA}/{day}", **a_auth).status_code == 403
    for user in (world.outsider, world.nonmember):
        other, o_auth = _api(user)
        for response in (
            _post(
                other,
                base,
                o_auth,
                {"rule_id": PC_4901, "due_on": due[PC_4901].isoformat(), "reason": "x"},
            ),
            _post(other, base, o_auth, {}),
            other.delete(f"{base}/{AEDPA}/{day}", **o_auth),
        ):
            assert response.status_code == 404 and REASON not in response.content.decode()
            assert set(response.json()) == {"detail", "fields"}
    assert Client().delete(f"{base}/{AEDPA}/{day}").status_code == 401
    assert DeadlineAcknowledgement.objects.count() == 1


# --- digest and CLI -------------------------------------------------------------------------------


def test_an_acknowledged_deadline_is_not_in_the_digest(
    world: World, due: dict[str, dt.date]
) -> None:
    for user in (world.owner, world.member):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    digest_send()
    assert len(mail.outbox) == 2 and "Federal habeas limitation (AEDPA)" in str(mail.outbox[0].body)
    mail.outbox.clear()
    deadline_acknowledge(
        actor=world.owner, case_ref=world.case.ref, rule_id=AEDPA, due_on=due[AEDPA], reason=REASON
    )
    digest_send(force=True)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        body = str(message.body)
        assert "AEDPA" not in body and "CalVCB compensation claim" in body and "OVERDUE" not in body
        assert message.subject == "Habeas deadlines: 1 due within 30 days"
    # With every deadline acknowledged there is nothing to send.
    deadline_acknowledge(
        actor=world.owner,
        case_ref=world.case.ref,
        rule_id=PC_4901,
        due_on=due[PC_4901],
        reason="Claim filed",
    )
    mail.outbox.clear()
    report = digest_send(force=True)
    assert mail.outbox == [] and report.nothing_due >= 2


def test_cli_acknowledge_and_undo(world: World, due: dict[str, dt.date]) -> None:
    ref, day = world.case.ref, due[AEDPA].isoformat()
    code, out, err = run(
        "deadlines", "acknowledge", ref, AEDPA, day, "--reason", REASON, "--as", "member"
    )
    assert code == 0, err
    assert f"{ref}: {AEDPA} due {day} acknowledged" in out
    ack = DeadlineAcknowledgement.objects.get()
    assert ack.acknowledged_by == world.member and ack.reason == REASON
    assert AuditEvent.objects.filter(action="deadlines.acknowledge").get().source == "cli"
    code, _, err = run(
        "deadlines",
        "acknowledge",
        ref,
        PC_4901,
        due[PC_4901].isoformat(),
        "--reason",
        " ",
        "--as",
        "owner",
    )
    assert code != 0 and "reason:" in err
    code, _, err = run(
        "deadlines",
        "acknowledge",
        ref,
        PC_4901,
        due[PC_4901].isoformat(),
        "--reason",
        "x",
        "--as",
        "auditor",
    )
    assert code != 0 and "read-only" in err
    code, _, err = run(
        "deadlines",
        "acknowledge",
        ref,
        PC_4901,
        due[PC_4901].isoformat(),
        "--reason",
        "x",
        "--as",
        "outsider",
    )
    assert code != 0 and "not found" in err.lower()
    code, out, err = run("deadlines", "unacknowledge", ref, AEDPA, day, "--as", "owner")
    assert code == 0, err
    assert "undone" in out and not DeadlineAcknowledgement.objects.exists()
    code, _, err = run("deadlines", "unacknowledge", ref, AEDPA, day)
    assert code != 0 and "--as" in err
