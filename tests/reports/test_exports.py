"""CSV/XLSX exports: same filters as the dashboard, formula cells neutralised, audit-logged."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

from habeas.audit.models import AuditEvent
from habeas.cases.models import Case
from habeas.domain.spreadsheet_cells import cell_safe
from tests.reports.conftest import Seeded


def _csv(client: Any, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode())))


def test_cell_safe() -> None:
    for bad in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert cell_safe(bad) == "'" + bad
    assert cell_safe("People v. Alder") == "People v. Alder"
    assert cell_safe(-3) == -3  # numbers stay numbers


def test_cases_csv_lists_visible_cases_with_filters_and_is_audited(
    seeded: Seeded, client_for: Any
) -> None:
    client = client_for(seeded.world.owner)
    rows = _csv(client, "/reports/export.csv?part=cases")
    assert rows[0][:4] == ["ref", "title", "organization", "stage"]
    refs = {r[0] for r in rows[1:]}
    assert refs == {
        c.ref for c in (seeded.world.case, seeded.alder, seeded.birch, seeded.cedar, seeded.dogwood)
    }
    filtered = _csv(client, "/reports/export.csv?part=cases&start=2024-01-01&end=2024-01-31")
    assert {r[0] for r in filtered[1:]} == {seeded.alder.ref, seeded.birch.ref}
    events = AuditEvent.objects.filter(action="report.export", user=seeded.world.owner).order_by(
        "seq"
    )
    assert events.count() == 2
    last = events.last()
    assert last is not None and last.detail == {
        "report": "dashboard",
        "format": "csv",
        "part": "cases",
        "start": "2024-01-01",
        "end": "2024-01-31",
    }


def test_summary_csv_has_every_table(seeded: Seeded, client_for: Any) -> None:
    rows = _csv(client_for(seeded.world.owner), "/reports/export.csv")
    flat = [r[0] for r in rows if r]
    for title in (
        "Applications received per month",
        "Screening outcomes",
        "Declined by reason code",
        "Active cases by stage and days in stage",
        "Median days per stage",
        "Resolutions by kind",
    ):
        assert title in flat
    assert ["No new evidence or lead", "no_new_evidence", "1"] in rows


def test_csv_injection_is_neutralised(seeded: Seeded, client_for: Any) -> None:
    Case.objects.filter(pk=seeded.alder.pk).update(
        title='=HYPERLINK("http://evil.example","x")', county="+SUM(1)"
    )
    rows = _csv(client_for(seeded.world.owner), "/reports/export.csv?part=cases")
    alder = next(r for r in rows if r[0] == seeded.alder.ref)
    assert alder[1] == '\'=HYPERLINK("http://evil.example","x")'
    assert alder[7] == "'+SUM(1)"
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r)


def test_xlsx_opens_and_neutralises_formulas(seeded: Seeded, client_for: Any) -> None:
    Case.objects.filter(pk=seeded.birch.pk).update(title="@cmd|' /C calc'!A0")
    response = client_for(seeded.world.owner).get("/reports/export.xlsx?start=2024-01-01")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert "Cases" in workbook.sheetnames and "Median days per stage" in workbook.sheetnames
    cases = list(workbook["Cases"].iter_rows(values_only=True))
    assert cases[0][0] == "ref"
    assert {r[0] for r in cases[1:]} == {seeded.world.case.ref, seeded.alder.ref, seeded.birch.ref}
    birch = next(r for r in cases if r[0] == seeded.birch.ref)
    assert birch[1] == "'@cmd|' /C calc'!A0"
    assert workbook["Cases"]["B2"].data_type == "s"  # stored as text, not a formula
    declined = list(workbook["Declined by reason code"].iter_rows(values_only=True))
    assert declined == [
        ("Reason", "Code", "Cases"),
        ("No new evidence or lead", "no_new_evidence", 1),
    ]
    assert AuditEvent.objects.filter(
        action="report.export", detail__format="xlsx", detail__cases=3
    ).exists()


def test_outsider_exports_contain_only_their_own_case(seeded: Seeded, client_for: Any) -> None:
    response = client_for(seeded.world.outsider).get("/reports/export.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    cases = list(workbook["Cases"].iter_rows(values_only=True))
    assert [r[0] for r in cases[1:]] == [seeded.quill.ref]
    text = " ".join(
        str(v) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for v in row
    )
    assert "Alder" not in text and seeded.world.case.ref not in text


def test_unknown_part_is_refused(seeded: Seeded, client_for: Any) -> None:
    response = client_for(seeded.world.owner).get("/reports/export.csv?part=secrets")
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="report.export").exists()


def test_xlsx_replaces_control_characters_xlsx_cannot_hold(seeded: Seeded, client_for: Any) -> None:
    Case.objects.filter(pk=seeded.birch.pk).update(title="Birch\x0cpage\x0btwo", county="=\x01x")
    response = client_for(seeded.world.owner).get("/reports/export.xlsx?part=cases")
    assert response.status_code == 200
    cases = list(load_workbook(io.BytesIO(response.content))["Cases"].iter_rows(values_only=True))
    birch = next(r for r in cases if r[0] == seeded.birch.ref)
    assert birch[1] == "Birch page two"
    assert "'= x" in birch
