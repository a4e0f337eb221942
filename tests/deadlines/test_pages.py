"""The /deadlines/ page, the case-level forms and the two partial templates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from habeas.deadlines.models import CaseDeadline
from habeas.deadlines.selectors import case_custom_deadlines, deadlines_upcoming
from habeas.deadlines.services import deadline_add
from tests.conftest import World
from tests.deadlines.helpers import direct_appeal_for_aedpa_due


@pytest.fixture
def due(world: World) -> CaseDeadline:
    today = timezone.localdate()
    direct_appeal_for_aedpa_due(world.owner, world.case, today + dt.timedelta(days=9))
    deadline_add(
        actor=world.owner,
        case_ref=world.case.ref,
        data={"title": "Late traverse", "due_on": today - dt.timedelta(days=4)},
    )
    return deadline_add(
        actor=world.owner,
        case_ref=world.case.ref,
        data={
            "title": "Status conference brief",
            "due_on": today + dt.timedelta(days=45),
            "source": "Order of 2 June",
        },
    )


def _text(response: Any) -> str:
    return str(response.content.decode())


def test_list_shows_rule_source_and_the_planning_aid_warning(
    world: World, due: CaseDeadline, client_for: Any
) -> None:
    response = client_for(world.member).get("/deadlines/")
    assert response.status_code == 200
    html = _text(response)
    assert "planning aid" in html and "not legal advice" in html
    assert (
        world.case.ref in html
        and "Federal habeas limitation (AEDPA)" in html
        and "28 U.S.C. 2244(d)(1)-(2)" in html
    )
    assert "Late traverse" in html and "4 days overdue" in html and "9 days left" in html
    assert "Status conference brief" in html and "Order of 2 June" in html
    assert (
        html.index("Late traverse")
        < html.index("Federal habeas limitation")
        < html.index("Status conference brief")
    )
    assert "1 overdue · 2 due within 60 days" in html


def test_list_window_and_overdue_filters(world: World, due: CaseDeadline, client_for: Any) -> None:
    client: Client = client_for(world.owner)
    html = _text(client.get("/deadlines/?within=30&overdue=0"))
    assert (
        "Federal habeas limitation" in html
        and "Late traverse" not in html
        and "Status conference brief" not in html
    )
    html = _text(client.get("/deadlines/?within=bogus"))  # unknown windows fall back to the default
    assert "Status conference brief" in html


def test_list_hides_other_organizations_cases(
    world: World, due: CaseDeadline, client_for: Any
) -> None:
    for user in (world.outsider, world.nonmember):
        html = _text(client_for(user).get("/deadlines/"))
        assert world.case.ref not in html and "Rivera" not in html and "Late traverse" not in html
        assert "Nothing due" in html


def test_list_needs_login(db: None) -> None:
    response = Client().get("/deadlines/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_add_done_delete_through_the_forms(world: World, client_for: Any) -> None:
    client: Client = client_for(world.member)
    outcome = f"/cases/{world.case.ref}/?tab=outcome"
    response = client.post(
        f"/deadlines/case/{world.case.ref}/add/",
        {"title": "Reply brief", "due_on": "2031-03-03", "rule": "", "source": ""},
    )
    assert response.status_code == 302 and response["Location"] == outcome
    deadline = CaseDeadline.objects.get()
    assert deadline.title == "Reply brief" and deadline.created_by == world.member
    assert any("recorded" in str(m) for m in get_messages(response.wsgi_request))
    response = client.post(f"/deadlines/case/{world.case.ref}/{deadline.pk}/done/")
    assert response["Location"] == outcome
    deadline.refresh_from_db()
    assert deadline.done_at is not None
    client.post(f"/deadlines/case/{world.case.ref}/{deadline.pk}/done/", {"done": "0"})
    deadline.refresh_from_db()
    assert deadline.done_at is None
    response = client.post(f"/deadlines/case/{world.case.ref}/{deadline.pk}/delete/")
    assert response["Location"] == outcome and not CaseDeadline.objects.exists()
    # Gone already (another tab): a message on the case page, not an error page.
    response = client.post(f"/deadlines/case/{world.case.ref}/{deadline.pk}/delete/")
    assert response.status_code == 302
    assert any("No such deadline" in str(m) for m in get_messages(response.wsgi_request))


def test_form_errors_come_back_as_messages(world: World, client_for: Any) -> None:
    client: Client = client_for(world.owner)
    response = client.post(
        f"/deadlines/case/{world.case.ref}/add/", {"title": "", "due_on": "not a date"}, follow=True
    )
    assert response.status_code == 200
    html = _text(response)  # the message is shown on the case page the form redirects to
    assert "Some fields need attention" in html and "title:" in html and "due on:" in html
    assert not CaseDeadline.objects.exists()


def test_refusals(world: World, client_for: Any) -> None:
    deadline = deadline_add(
        actor=world.owner, case_ref=world.case.ref, data={"title": "Brief", "due_on": "2031-01-01"}
    )
    urls = [
        f"/deadlines/case/{world.case.ref}/add/",
        f"/deadlines/case/{world.case.ref}/{deadline.pk}/done/",
        f"/deadlines/case/{world.case.ref}/{deadline.pk}/delete/",
    ]
    for url in urls:
        assert (
            client_for(world.auditor).post(url, {"title": "x", "due_on": "2031-01-02"}).status_code
            == 403
        )
        for user in (world.outsider, world.nonmember):
            response = client_for(user).post(url, {"title": "x", "due_on": "2031-01-02"})
            assert response.status_code == 404 and "Brief" not in _text(response)
        assert client_for(world.owner).get(url).status_code == 405
    assert CaseDeadline.objects.count() == 1 and CaseDeadline.objects.get().done_at is None


def test_alerts_partial(world: World, due: CaseDeadline, rf: Any) -> None:
    rows = deadlines_upcoming(user=world.owner, within_days=30)
    html = render_to_string("deadlines/_alerts.html", {"deadline_alerts": rows})
    assert (
        "Deadlines needing attention" in html
        and "Late traverse" in html
        and "overdue since" in html
    )
    assert f"/cases/{world.case.ref}/?tab=outcome" in html
    assert "not yet been checked against the statute" in html and "(unverified)" not in html
    assert html.count("ecorded by the") == 1  # the team's own deadline says so once
    assert render_to_string("deadlines/_alerts.html", {"deadline_alerts": []}).strip() == ""


def test_case_custom_partial(world: World, due: CaseDeadline, rf: Any) -> None:
    from habeas.deadlines.services import deadline_done_set

    deadline_done_set(actor=world.owner, case_ref=world.case.ref, deadline_id=due.pk)
    custom = case_custom_deadlines(world.case)
    assert [d.title for d in custom] == [
        "Late traverse",
        "Status conference brief",
    ]  # open first, then done
    request = rf.get("/")
    request.user = world.owner
    html = render_to_string(
        "deadlines/_case_custom.html",
        {"case": world.case, "can_write": True, "custom_deadlines": custom},
        request=request,
    )
    assert (
        "Late traverse" in html
        and "overdue" in html
        and "Done " in html
        and "Reopen" in html
        and "Record a deadline" in html
    )
    assert (
        f"/deadlines/case/{world.case.ref}/add/" in html
        and f"/deadlines/case/{world.case.ref}/{due.pk}/delete/" in html
    )
    read_only = render_to_string(
        "deadlines/_case_custom.html",
        {"case": world.case, "can_write": False, "custom_deadlines": custom},
        request=request,
    )
    assert (
        "Record a deadline" not in read_only
        and "Mark done" not in read_only
        and "Late traverse" in read_only
    )
