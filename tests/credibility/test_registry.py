"""The credibility registry end to end: import, re-import, alerts from every source, case walls,
roles, the disclosure letter, and find-every-conviction."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from habeas.audit.models import AuditEvent
from habeas.cases.models import CasePerson, Person, PersonRole
from habeas.cases.services.children import case_child_create
from habeas.cases.services.team import case_share_grant, team_member_add
from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from habeas.credibility.models import CredibilityAlert, Finding, Official
from habeas.credibility.selectors import (
    case_alerts,
    official_get,
    officials,
    undisclosed_cases,
)
from habeas.credibility.services.alerts import alert_review, alerts_compute
from habeas.credibility.services.convictions import find_convictions
from habeas.credibility.services.disclosure import giglio_letter
from habeas.credibility.services.registry import finding_add, finding_status_set, official_create
from habeas.credibility.services.sheets import sheet_export, sheet_import, sheet_preview, sheet_read
from habeas.disclosure.models import DisclosureEntry
from habeas.disclosure.selectors import ledger_queryset
from habeas.documents.models import Mention, MentionStatus
from habeas.systemic.models import ReviewRun
from tests.conftest import World, make_user
from tests.documents.helpers import ingest_text

SHEET = (
    "Officer Name,Badge #,Department,Finding,Date,Status,Source\r\n"
    "Ann Kessler,4412,Harbor City Police Department,Sustained finding of false report,2019,On the list,IA 19-22\r\n"
    "Ray Quill,,Metro Police Department,Court found testimony not credible,2021-05-02,Pending review,People v. Example\r\n"
)


def _import(world: World, text: str = SHEET, **kw: Any) -> Any:
    sheet = sheet_read(text.encode(), "list.csv")
    return sheet_import(
        actor=world.owner, preview=sheet_preview(actor=world.owner, sheet=sheet), **kw
    )


def _person(
    world: World,
    first: str,
    last: str,
    agency: str = "",
    badge: str = "",
    role: str = PersonRole.DETECTIVE,
) -> None:
    person = Person.objects.create(
        organization=world.org_a,
        first_name=first,
        last_name=last,
        agency=agency,
        badge_number=badge,
    )
    case_child_create(
        actor=world.owner,
        case_ref=world.case.ref,
        kind_slug="people",
        data={"person": person.pk, "role": role, "agency": agency, "badge_number": badge},
    )


def test_import_then_reimport_updates_instead_of_duplicating(world: World) -> None:
    result = _import(world)
    assert (result.officials_created, result.findings_created) == (2, 2)
    again = _import(world, SHEET.replace("On the list", "Disclosed"))
    assert (again.officials_created, again.findings_created) == (0, 0)
    assert again.findings_updated == 2
    assert Official.objects.count() == 2
    assert Finding.objects.get(official__full_name="Ann Kessler").status == "disclosed"


def test_a_bad_row_imports_nothing_unless_confirmed(world: World) -> None:
    bad = SHEET + ",77,Metro Police Department,Perjury,31/31/2020,,\r\n"
    with pytest.raises(ApplicationError) as err:
        _import(world, bad)
    assert "Nothing was imported" in err.value.message
    assert any(
        m.startswith("Row 4, Officer Name: the name is empty") for m in err.value.fields["rows"]
    )
    assert Official.objects.count() == 0
    result = _import(world, bad, valid_only=True)
    assert result.officials_created == 2 and [e.row for e in result.skipped] == [4, 4]


def test_investigator_cannot_list_a_finding_through_the_sheet(world: World) -> None:
    sheet = sheet_read(SHEET.encode(), "list.csv")
    preview = sheet_preview(actor=world.member, sheet=sheet)
    assert [e.problem for e in preview.check.errors] == [
        "only administrators and attorneys may put a finding on the list"
    ]
    with pytest.raises(PermissionDeniedError):
        finding_status_set(
            actor=world.member,
            finding_id=finding_add(
                actor=world.member,
                official_id=official_create(actor=world.member, full_name="Lee Park").pk,
                type="discipline",
            ).pk,
            status="listed",
        )
    with pytest.raises(PermissionDeniedError):
        official_create(actor=world.auditor, full_name="Lee Park")


def test_xlsx_export_reimports_as_the_same_list(world: World) -> None:
    _import(world)
    content, _ = sheet_export(actor=world.owner, officials=officials(user=world.owner), fmt="xlsx")
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0][0] == "Officer Name" and len(rows) == 3
    sheet = sheet_read(content, "list.xlsx")
    result = sheet_import(actor=world.owner, preview=sheet_preview(actor=world.owner, sheet=sheet))
    assert result.officials_created == 0 and result.findings_created == 0


def test_xlsx_with_other_headers(world: World) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Serial", "Agency", "Finding", "Status"])
    sheet.append(["Ann Kessler", "4412", "Harbor City Police Department", "Perjury", "Listed"])
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = sheet_read(buffer.getvalue(), "x.xlsx")
    result = sheet_import(actor=world.owner, preview=sheet_preview(actor=world.owner, sheet=parsed))
    assert result.findings_created == 1
    assert Finding.objects.get().om_code == "PJ"


@pytest.mark.parametrize(
    ("first", "last", "agency", "badge"),
    [
        ("", "Kesler", "Harbor City Police Department", "4412"),
        ("A.", "Kessler", "Harbor City Police Department", ""),
        ("Ann", "Kessler", "", "Badge #4412"),
    ],
)
def test_case_people_alert_however_spelt(
    world: World, first: str, last: str, agency: str, badge: str
) -> None:
    _import(world)
    _person(world, first, last, agency, badge)
    alerts_compute(actor=world.owner)
    [alert] = case_alerts(user=world.owner, case=world.case)
    assert alert.official.full_name == "Ann Kessler" and alert.source == "case_person"
    assert alert.reason


def test_a_namesake_at_another_agency_does_not_alert(world: World) -> None:
    _import(world)
    _person(world, "Ann", "Kessler", "Bayside County Sheriff's Office", "")
    alerts_compute(actor=world.owner)
    assert case_alerts(user=world.owner, case=world.case) == []


def test_pending_findings_do_not_alert(world: World) -> None:
    _import(world)
    _person(world, "Ray", "Quill", "Metro Police Department")
    alerts_compute(actor=world.owner)
    assert case_alerts(user=world.owner, case=world.case) == []


def test_new_document_and_confirmed_mentions_alert(world: World) -> None:
    _import(world)
    ingest_text(
        world.owner,
        world.case,
        "report.txt",
        "HARBOR CITY POLICE DEPARTMENT\nOn May 2, 2001 Det. Ann Kessler #4412 interviewed the witness.\n",
    )
    [alert] = case_alerts(user=world.owner, case=world.case)
    assert alert.source == "document" and "page 1" in alert.passage
    mention = Mention.objects.get(pk=int(alert.source_key))
    Mention.objects.filter(pk=mention.pk).update(status=MentionStatus.CONFIRMED)
    alerts_compute(actor=world.owner)
    assert {a.source for a in case_alerts(user=world.owner, case=world.case)} == {
        "document",
        "mention",
    }


def test_case_walls_and_partners(world: World) -> None:
    _import(world)
    _person(world, "Ann", "Kessler", "Harbor City Police Department", "4412")
    alerts_compute(actor=world.owner)
    assert len(case_alerts(user=world.member, case=world.case)) == 1
    assert undisclosed_cases(user=world.nonmember) == []
    assert [r.case.ref for r in undisclosed_cases(user=world.owner)] == [world.case.ref]
    alert = CredibilityAlert.objects.get()
    with pytest.raises(NotFoundError):
        alert_review(actor=world.nonmember, alert_id=alert.pk, status="not_him")
    with pytest.raises(NotFoundError):
        official_get(user=world.outsider, official_id=alert.official_id)
    # A partner organization on the shared case sees the case, never the registry.
    partner = make_user("partner", world.org_b, "admin")
    case_share_grant(actor=world.owner, case_ref=world.case.ref, organization_code="exip")
    team_member_add(actor=world.owner, case_ref=world.case.ref, username="partner")
    assert case_alerts(user=partner, case=world.case) == []
    assert undisclosed_cases(user=partner) == []
    with pytest.raises((PermissionDeniedError, NotFoundError)):
        giglio_letter(actor=partner, case_ref=world.case.ref)


def test_the_disclosure_letter_marks_alerts_disclosed_and_is_audited(world: World) -> None:
    _import(world)
    _person(world, "Ann", "Kessler", "Harbor City Police Department", "4412")
    alerts_compute(actor=world.owner)
    with pytest.raises(PermissionDeniedError):
        giglio_letter(actor=world.member, case_ref=world.case.ref)
    letter = giglio_letter(actor=world.owner, case_ref=world.case.ref)
    text = letter.content.decode()
    assert "Ann Kessler (Harbor City Police Department #4412)" in text
    assert "sustained finding of false report" in text.lower() or "perjury" in text.lower()
    [alert] = case_alerts(user=world.owner, case=world.case)
    assert alert.disclosed_on is not None
    assert undisclosed_cases(user=world.owner) == []
    assert AuditEvent.objects.filter(action="credibility.disclose").count() == 1
    # The letter is in the case's disclosure ledger, with the hash of the file produced, and the
    # official's listed findings now say their material has been disclosed.
    [entry] = DisclosureEntry.objects.filter(case=world.case)
    assert entry.production is None and "Ann Kessler" in entry.what
    assert entry.package_sha256 == hashlib.sha256(letter.content).hexdigest()
    assert entry.obligation == "brady" and entry.disclosed_by == world.owner
    event = AuditEvent.objects.get(action="credibility.disclose")
    assert event.detail["ledger_entry"] == entry.pk
    statuses = set(Finding.objects.filter(official=alert.official).values_list("status", flat=True))
    assert "listed" not in statuses and "disclosed" in statuses
    # A partner on the shared case does not see the owner's letter in its ledger view.
    partner = make_user("partner", world.org_b, "admin")
    case_share_grant(actor=world.owner, case_ref=world.case.ref, organization_code="exip")
    assert list(ledger_queryset(user=partner, case=world.case)) == []
    assert list(ledger_queryset(user=world.member, case=world.case)) == [entry]


def test_reviewed_not_him_leaves_the_dashboard(world: World) -> None:
    _import(world)
    _person(world, "Ann", "Kessler", "Harbor City Police Department", "4412")
    alerts_compute(actor=world.owner)
    alert = CredibilityAlert.objects.get()
    alert_review(actor=world.member, alert_id=alert.pk, status="not_him")
    alerts_compute(actor=world.owner)
    assert CredibilityAlert.objects.get().status == "not_him"
    assert undisclosed_cases(user=world.owner) == []


def test_find_every_conviction_creates_one_watchlist_and_runs(world: World) -> None:
    _import(world)
    official = Official.objects.get(full_name="Ann Kessler")
    run = find_convictions(actor=world.owner, official_id=official.pk, wait=True)
    official.refresh_from_db()
    assert official.watchlist is not None
    [entry] = official.watchlist.entries.all()
    assert entry.badges == ["4412"] and "Harbor City" in entry.agency and entry.kind == "officer"
    again = find_convictions(actor=world.owner, official_id=official.pk, wait=True)
    assert again.watchlist_id == run.watchlist_id
    assert ReviewRun.objects.filter(watchlist=official.watchlist).count() == 2
    with pytest.raises(NotFoundError):
        find_convictions(actor=world.outsider, official_id=official.pk)


def test_status_changes_are_audited_once(world: World) -> None:
    official = official_create(
        actor=world.owner, full_name="Lee Park", agency="Metro Police Department"
    )
    finding = finding_add(actor=world.owner, official_id=official.pk, type="discipline")
    finding_status_set(actor=world.owner, finding_id=finding.pk, status="listed")
    finding_status_set(actor=world.owner, finding_id=finding.pk, status="listed")
    with pytest.raises(ApplicationError):
        finding_status_set(actor=world.owner, finding_id=finding.pk, status="removed")
    finding_status_set(
        actor=world.owner, finding_id=finding.pk, status="removed", reason="Overturned on appeal"
    )
    assert AuditEvent.objects.filter(action="credibility.status").count() == 2


def test_pages_render_for_the_team(world: World, client_for: Any) -> None:
    _import(world)
    _person(world, "Ann", "Kessler", "Harbor City Police Department", "4412")
    alerts_compute(actor=world.owner)
    client = client_for(world.owner)
    official = Official.objects.get(full_name="Ann Kessler")
    for url in (
        "/credibility/",
        f"/credibility/officials/{official.pk}/",
        "/credibility/import/",
        f"/cases/{world.case.ref}/?tab=credibility",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/cases/{world.case.ref}/?tab=credibility").content.decode()
    assert "is on your unit's credibility list" in page and "not yet disclosed" in page
    upload = io.BytesIO(SHEET.encode())
    upload.name = "list.csv"
    preview = client.post("/credibility/import/", {"file": upload})
    assert "2 rows can be imported" in preview.content.decode()
    done = client.post("/credibility/import/", {"step": "import"})
    assert done.status_code == 302
    assert CasePerson.objects.filter(case=world.case).exists()
