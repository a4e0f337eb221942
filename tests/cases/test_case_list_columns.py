"""The case list's working columns (offense, lead, next deadline, last activity, flags), "My
cases" as the staff's default, days in stage left blank once a case has ended, and a query count
that does not grow with the number of cases."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from habeas.accounts.models import Organization
from habeas.cases.models import Case, PostConvictionFiling
from habeas.cases.panels import CaseColumn, CaseFact, placed
from habeas.cases.services.intake import case_intake
from habeas.cases.services.workflow import case_transition
from habeas.cases.views.list import title_beyond_applicant
from habeas.deadlines.services import deadline_add
from tests.cases.helpers import answer_all
from tests.conftest import World, intake_payload
from tests.documents.helpers import REPORT, ingest_text


def _row(body: str, ref: str) -> str:
    """The table row of case ``ref``, as text with single spaces."""
    match = re.search(r"<tr>((?:(?!</tr>).)*?/cases/" + re.escape(ref) + r"/.*?)</tr>", body, re.S)
    assert match, f"no row for {ref}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def _intake(world: World, i: int, **case: Any) -> Case:
    payload = intake_payload(docket=f"LC-{i}", received_on=f"2023-02-{i + 1:02d}", **case)
    payload["sections"]["applicant"]["last_name"] = f"Quill{i}"  # type: ignore[index]
    return case_intake(
        actor=world.owner,
        case=payload["case"],  # type: ignore[arg-type]
        sections=payload["sections"],  # type: ignore[arg-type]
    )


def test_columns_show_words_not_codes(world: World, client_for: Any) -> None:
    ref = world.case.ref
    due = timezone.localdate() + dt.timedelta(days=5)
    deadline_add(actor=world.owner, case_ref=ref, data={"title": "Reply brief due", "due_on": due})
    case_transition(actor=world.owner, case_ref=ref, target="screening", reason="Complete")
    ingest_text(world.owner, world.case, "report.txt", REPORT)
    body = client_for(world.owner).get("/cases/").content.decode()
    for header in (
        "Case",
        "Applicant",
        "Offense",
        "Stage",
        "Days in stage",
        "Lead attorney",
        "Next deadline",
        "Last activity",
        "Flags",
    ):
        assert f">{header}<" in body or f"{header}</a>" in body or f"\n      {header}" in body
    row = _row(body, ref)
    assert "Tomas Rivera" in row and "Murder" in row and "Screening" in row
    assert "owner" in row  # the lead (the attorney who opened the case), by name
    assert f"{due:%Y-%m-%d}, in 5 days" in row and 'title="Reply brief due' in body
    assert "to review" in row and "?tab=flags" in body
    assert timezone.localdate().strftime("%Y-%m-%d") in row  # last activity: today's changes
    # "People v. Rivera" says no more than the Applicant column: not repeated.
    assert "People v. Rivera" not in row
    assert "screening" not in row and "in_custody" not in row


def test_a_title_that_says_more_than_the_applicant_is_shown(world: World, client_for: Any) -> None:
    case = _intake(world, 1, title="People v. Quill1 (Paramount shooting)")
    assert "People v. Quill1 (Paramount shooting)" in _row(
        client_for(world.owner).get("/cases/").content.decode(), case.ref
    )
    assert title_beyond_applicant("People v. Rivera", "Tomas Rivera") == ""
    assert title_beyond_applicant("In re Tomas Rivera", "Tomas Rivera") == ""
    assert (
        title_beyond_applicant("The People of the State of California v. Rivera", "Tomas Rivera")
        == ""
    )
    assert title_beyond_applicant("People v. Rivera and Soto", "Tomas Rivera") != ""
    assert title_beyond_applicant("People v. Rivera", "") == "People v. Rivera"


def test_days_in_stage_blank_once_the_case_has_ended(world: World, client_for: Any) -> None:
    open_case = _intake(world, 2)
    ref = world.case.ref
    case_transition(actor=world.owner, case_ref=ref, target="screening", reason="Complete")
    answer_all(world, "no")
    case_transition(
        actor=world.owner,
        case_ref=ref,
        target="declined",
        reason="No new evidence",
        reason_code="no_new_evidence",
    )
    client = client_for(world.owner)
    body = client.get("/cases/").content.decode()
    declined = _row(body, ref)
    assert "Declined" in declined and re.search(r"Declined — ", declined)
    assert re.search(r"Intake \d+ ", _row(body, open_case.ref))  # still counting
    page = client.get(f"/cases/{ref}/").content.decode()
    assert "in stage" not in page.split('id="case-header"')[1].split("</div>")[0]
    assert "Declined since" in page  # the Overview summary


def test_staff_open_on_my_cases_and_may_switch_to_all(world: World, client_for: Any) -> None:
    Organization.objects.filter(pk=world.org_a.pk).update(members_see_all_cases=True)
    mine = _intake(world, 3)  # the owner's; the member is not on its team
    member = client_for(world.member)
    default = member.get("/cases/").content.decode()
    assert re.findall(r'href="/cases/([A-Z]+-\d{4}-\d{5})/"', default) == [world.case.ref]
    assert "1 case on your team" in default and 'value="mine" checked' in default
    everything = member.get("/cases/?scope=all").content.decode()
    assert {world.case.ref, mine.ref} <= set(
        re.findall(r"/cases/([A-Z]+-\d{4}-\d{5})/", everything)
    )
    assert "2 cases" in everything and 'value="all" checked' in everything
    assert member.get("/cases/?mine=1").content.decode().count("/cases/" + mine.ref) == 0
    # Someone on no team gets a way to the rest, and administrators open on every case.
    nobody = client_for(world.nonmember).get("/cases/").content.decode()
    assert "You are on the team of no case yet" in nobody and "scope=all" in nobody
    admin = client_for(world.admin).get("/cases/").content.decode()
    assert world.case.ref in admin and mine.ref in admin and "2 cases" in admin


def test_each_user_sees_only_what_they_may(world: World, client_for: Any) -> None:
    ref = world.case.ref
    for who, listed in (
        ("owner", True),
        ("member", True),
        ("nonmember", False),
        ("outsider", False),
    ):
        client = client_for(getattr(world, who))
        for scope in ("mine", "all"):
            body = client.get(f"/cases/?scope={scope}").content.decode()
            assert (ref in body) is listed, (who, scope)
        assert client.get(f"/cases/{ref}/").status_code == (200 if listed else 404), who
        assert client.get(f"/cases/{ref}/?tab=overview").status_code == (200 if listed else 404)


def _busy_cases(world: World, n: int, start: int) -> None:
    """Cases with everything the columns read: a deadline, a decided appeal, flags."""
    for i in range(start, start + n):
        case = _intake(world, i)
        deadline_add(
            actor=world.owner,
            case_ref=case.ref,
            data={"title": f"Brief {i}", "due_on": timezone.localdate() + dt.timedelta(days=i)},
        )
        PostConvictionFiling.objects.create(
            case=case,
            kind=PostConvictionFiling.Kind.DIRECT_APPEAL,
            decided_on=dt.date(2020, 1, 1 + i % 28),
        )
    ingest_text(world.owner, world.case, "report.txt", REPORT)


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/cases/?scope=all").status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_the_same_for_3_and_10_cases(world: World, client_for: Any) -> None:
    client = client_for(world.owner)
    client.get("/cases/")  # warm the session
    _busy_cases(world, 2, start=10)  # 3 cases with the world's
    three = _queries(client)
    _busy_cases(world, 7, start=20)  # 10
    body = client.get("/cases/?scope=all").content.decode()
    assert body.count("<tr>") == 11  # the header and ten cases
    assert _queries(client) == three


def test_feature_columns_go_after_the_column_they_name() -> None:
    def facts(ids: Any) -> dict[int, CaseFact]:
        return {}

    a = CaseColumn("a", "A", facts, after="lead")
    b = CaseColumn("b", "B", facts, after="a")
    lost = CaseColumn("c", "C", facts, after="nowhere")
    order = placed(["case", "lead", "activity"], {"b": b, "a": a, "c": lost})
    assert order == ["case", "lead", a, b, "activity", lost]


def test_offense_falls_back_to_the_convicted_charges(world: World, client_for: Any) -> None:
    conviction = world.case.convictions.get()
    type(conviction).objects.filter(pk=conviction.pk).update(offense="", statute="")
    conviction.charges.create(statute="PC 211", description="Robbery", disposition="Acquitted")
    conviction.charges.create(statute="PC 245", description="Assault", disposition="Convicted")
    row = _row(client_for(world.owner).get("/cases/").content.decode(), world.case.ref)
    assert "Assault" in row and "Robbery" not in row
    type(conviction).objects.filter(pk=conviction.pk).update(offense="Robbery, second degree")
    row = _row(client_for(world.owner).get("/cases/").content.decode(), world.case.ref)
    assert "Robbery, second degree" in row and "Assault" not in row
