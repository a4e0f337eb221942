"""The registry's API and CLI over the same services, and the employment window on alerts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from habeas.cases.models import Incident, Person, PersonRole
from habeas.cases.services.children import case_child_create
from habeas.core.errors import NotFoundError
from habeas.credibility.models import Assignment, CredibilityAlert, Official
from habeas.credibility.selectors import case_alerts
from habeas.credibility.services.alerts import alerts_compute
from habeas.credibility.services.registry import assignment_add, finding_add, official_create
from tests.clients import Api
from tests.conftest import World
from tests.documents.helpers import ingest_text

SHEET = (
    "Name,Serial,Agency,Finding,Date,Status\n"
    "Ann Kessler,4412,Harbor City Police Department,Perjury at trial,2019-04-01,On the list\n"
)


def _kessler_on_the_case(world: World) -> None:
    person = Person.objects.create(
        organization=world.org_a,
        first_name="Ann",
        last_name="Kessler",
        agency="Harbor City Police Department",
    )
    case_child_create(
        actor=world.owner,
        case_ref=world.case.ref,
        kind_slug="people",
        data={
            "person": person.pk,
            "role": PersonRole.DETECTIVE,
            "agency": "Harbor City Police Department",
        },
    )


def test_api_lists_adds_and_changes_status(world: World) -> None:
    owner, member, outsider = Api(world.owner), Api(world.member), Api(world.outsider)
    created = owner.post(
        "/credibility/officials",
        {
            "full_name": "Ann Kessler",
            "kind": "detective",
            "agency": "Harbor City Police Department",
            "badges": ["4412"],
        },
    )
    assert created.status_code == 201
    official_id = created.json()["id"]
    refused = member.post(
        f"/credibility/officials/{official_id}/findings", {"type": "perjury", "status": "listed"}
    )
    assert refused.status_code == 403
    finding = member.post(f"/credibility/officials/{official_id}/findings", {"type": "perjury"})
    assert finding.status_code == 201 and finding.json()["status"] == "pending"
    assert outsider.get(f"/credibility/officials/{official_id}").status_code == 404
    assert outsider.get("/credibility/officials").json() == []
    listed = owner.post(
        f"/credibility/findings/{finding.json()['id']}/status", {"status": "listed"}
    )
    assert listed.status_code == 200 and listed.json()["status"] == "listed"
    _kessler_on_the_case(world)
    alerts = owner.get(f"/cases/{world.case.ref}/credibility-alerts")
    assert alerts.status_code == 200 and alerts.json()[0]["official"] == "Ann Kessler"
    assert outsider.get(f"/cases/{world.case.ref}/credibility-alerts").status_code == 404
    decided = member.post(f"/credibility/alerts/{alerts.json()[0]['id']}", {"status": "confirmed"})
    assert decided.status_code == 200 and decided.json()["status"] == "confirmed"


def test_cli_import_list_alerts_export(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "list.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    call_command("credibility", "import", str(sheet), "--as", "owner")
    assert "officials: 1 new" in capsys.readouterr().out
    call_command("credibility", "import", str(sheet), "--as", "owner")
    assert "officials: 0 new, 1 updated" in capsys.readouterr().out
    _kessler_on_the_case(world)
    call_command("credibility", "alerts", "--refresh", "--as", "owner")
    out = capsys.readouterr().out
    assert world.case.ref in out and "Ann Kessler" in out
    call_command("credibility", "alerts", "--case", world.case.ref, "--as", "member")
    assert "agency agrees" in capsys.readouterr().out
    exported = tmp_path / "out.xlsx"
    call_command("credibility", "export", str(exported), "--as", "auditor")
    assert exported.stat().st_size > 0
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Date\n,yesterday\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("credibility", "import", str(bad), "--as", "owner")
    with pytest.raises(CommandError):
        call_command("credibility", "import", str(sheet), "--as", "auditor")
    official = Official.objects.get()
    call_command("credibility", "find-convictions", str(official.pk), "--as", "owner")
    assert "review run" in capsys.readouterr().out


def test_the_employment_window_keeps_out_cases_before_he_served(world: World) -> None:
    official = official_create(
        actor=world.owner,
        full_name="Ann Kessler",
        kind="detective",
        agency="Harbor City Police Department",
    )
    finding_add(actor=world.owner, official_id=official.pk, type="perjury", status="listed")
    assignment_add(
        actor=world.owner,
        official_id=official.pk,
        agency="Harbor City Police Department",
        date_from=dt.date(2010, 1, 1),
        date_to=dt.date(2015, 12, 31),
    )
    Incident.objects.create(case=world.case, occurred_on=dt.date(2001, 6, 14))
    _kessler_on_the_case(world)
    alerts_compute(actor=world.owner)
    assert case_alerts(user=world.owner, case=world.case) == []
    Assignment.objects.filter(official=official).update(date_from=dt.date(1995, 1, 1))
    alerts_compute(actor=world.owner)
    [alert] = case_alerts(user=world.owner, case=world.case)
    assert "employment window" in alert.reason
    assert CredibilityAlert.objects.count() == 1


def test_api_import_checks_then_imports(world: World) -> None:
    api = Api(world.owner)
    checked = api.post(
        "/credibility/import", {"content": SHEET + ",1,X,Perjury,soon,\n", "check_only": True}
    )
    assert checked.status_code == 200
    body = checked.json()
    assert body["imported"] is False and body["valid_rows"] == 1
    assert body["mapping"]["badges"] == "Serial"
    assert {e["column"] for e in body["errors"]} == {"Name", "Date"}
    refused = api.post("/credibility/import", {"content": SHEET + ",1,X,Perjury,soon,\n"})
    assert refused.status_code == 400 and Official.objects.count() == 0
    done = api.post("/credibility/import", {"content": SHEET})
    assert done.status_code == 200 and done.json()["officials_created"] == 1
    assert Api(world.auditor).post("/credibility/import", {"content": SHEET}).status_code == 403


def test_a_finding_cites_a_case_document_only_through_the_case_wall(world: World) -> None:
    document = ingest_text(world.owner, world.case, "ia.txt", "Internal affairs summary.\n")
    official = official_create(actor=world.owner, full_name="Lee Park")
    finding = finding_add(
        actor=world.owner,
        official_id=official.pk,
        type="sustained_ia",
        source_case_ref=world.case.ref,
        source_document_id=document.pk,
    )
    assert finding.source_document == document
    outsider_official = official_create(actor=world.outsider, full_name="Lee Park")
    with pytest.raises(NotFoundError):
        finding_add(
            actor=world.outsider,
            official_id=outsider_official.pk,
            type="sustained_ia",
            source_case_ref=world.case.ref,
            source_document_id=document.pk,
        )
    with pytest.raises(NotFoundError):
        finding_add(
            actor=world.nonmember,
            official_id=official.pk,
            type="other",
            source_case_ref=world.case.ref,
            source_document_id=document.pk,
        )
