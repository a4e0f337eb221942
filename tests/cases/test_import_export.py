from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.test import override_settings

from habeas.audit.models import AuditEvent
from habeas.cases.csv_io import COLUMN_NAMES
from habeas.cases.models import Case, Conviction
from tests.clients import run
from tests.conftest import World

HEADER = list(COLUMN_NAMES)


def row(n: int, **overrides: str) -> dict[str, str]:
    base = {
        "title": f"People v. Import{n}",
        "received_on": "2024-02-01",
        "county": "Los Angeles",
        "intake_source": "Letter from applicant",
        "summary": "Imported for testing.",
        "applicant_first_name": "Casey",
        "applicant_last_name": f"Import{n}",
        "applicant_dob": "1975-04-03",
        "corrections_id": f"K-{n:05d}",
        "custody_status": "in_custody",
        "facility": "State prison",
        "incident_date": "1999-05-01",
        "incident_place": "Downey",
        "incident_agency": "Sheriff",
        "agency_report_number": f"99-{n}",
        "court": "Los Angeles Superior Court",
        "docket_number": f"TA{n:06d}",
        "arrest_date": "1999-05-10",
        "conviction_date": "2000-01-20",
        "conviction_form": "jury",
        "offense": "Robbery",
        "statute": "Cal. Penal Code 211",
        "claim_basis": "Mistaken identification.",
        "nre_factors": "MWID; F/MFE",
    }
    base.update(overrides)
    return base


def write_csv(
    path: Path, rows: list[dict[str, str]], header: list[str] | None = None, encoding: str = "utf-8"
) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=header or HEADER, extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def test_import_happy_path_goes_through_intake_and_is_audited_as_cli(
    world: World, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "cases.csv", [row(1), row(2)])
    code, out, err = run("import", "cases", str(path), "--as", "owner")
    assert code == 0, err
    assert "imported 2 cases" in out
    case = Case.objects.get(title="People v. Import2")
    assert case.organization == world.org_a and case.applicant_name == "Casey Import2"
    assert case.convictions.get().docket_number == "TA000002"
    assert case.claims.get().nre_factors == ["MWID", "F/MFE"]
    assert case.incidents.get().county == "Los Angeles"
    created = AuditEvent.objects.filter(action="case.create", case_ref=case.ref).get()
    assert (
        created.source == "cli"
        and created.address.startswith("cli:")
        and created.username == "owner"
    )
    summary = AuditEvent.objects.get(action="case.import")
    assert summary.detail["imported"] == 2


def test_one_bad_row_means_nothing_is_written_and_every_bad_row_is_named(
    world: World, tmp_path: Path
) -> None:
    before = Case.objects.count()
    path = write_csv(
        tmp_path / "cases.csv",
        [
            row(1),
            row(2, conviction_date="1998-01-01"),  # line 3: conviction before the crime
            row(3),
            row(4, applicant_last_name="", custody_status="jailed"),  # line 5: two problems
        ],
    )
    code, out, err = run("import", "cases", str(path), "--as", "owner")
    assert code == 1
    assert "row 3: conviction_date: Conviction cannot precede the" in err
    assert "row 5: applicant_last_name: This field is required." in err
    assert "row 5: custody_status:" in err
    assert "nothing imported: 2 of 4 rows have errors" in err
    assert "Traceback" not in err
    assert Case.objects.count() == before


def test_skip_bad_imports_the_good_rows_and_reports_the_rest(world: World, tmp_path: Path) -> None:
    before = Case.objects.count()
    path = write_csv(tmp_path / "cases.csv", [row(1), row(2, received_on="not a date"), row(3)])
    code, out, err = run("import", "cases", str(path), "--as", "owner", "--skip-bad")
    assert code == 0
    assert "imported 2, skipped 1" in out
    assert "row 3: received_on: Enter a valid date." in err
    assert Case.objects.count() == before + 2
    assert not Case.objects.filter(title="People v. Import2").exists()


def test_dry_run_writes_nothing(world: World, tmp_path: Path) -> None:
    before = (Case.objects.count(), AuditEvent.objects.count())
    path = write_csv(tmp_path / "cases.csv", [row(1), row(2)])
    code, out, _ = run("import", "cases", str(path), "--as", "owner", "--dry-run")
    assert code == 0 and "2 of 2 rows would be imported" in out
    assert (Case.objects.count(), AuditEvent.objects.count()) == before


def test_windows_1252_file_is_read_and_the_encoding_is_named(world: World, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "cases.csv",
        [row(1, applicant_first_name="José", title="People v. Peña")],
        encoding="cp1252",
    )
    code, _, err = run("import", "cases", str(path), "--as", "owner")
    assert code == 0
    assert "cp1252" in err
    assert Case.objects.get(title="People v. Peña").applicant_name == "José Import1"


def test_undecodable_file_is_refused(world: World, tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\nPeople v. X\x81\x8d,2024-01-01\n")
    code, _, err = run("import", "cases", str(path), "--as", "owner")
    assert code == 1 and "neither UTF-8 nor Windows-1252" in err


def test_utf8_bom_is_accepted(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [row(1)], encoding="utf-8-sig")
    code, _, err = run("import", "cases", str(path), "--as", "owner")
    assert code == 0 and "note" not in err


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            [c for c in HEADER if c != "applicant_last_name"],
            "missing required column(s): applicant_last_name",
        ),
        ([*HEADER, "docket"], "unknown column(s): docket"),
        ([*HEADER, "title"], "repeated column(s): title"),
    ],
)
def test_header_problems_are_reported_before_any_row(
    world: World, tmp_path: Path, header: list[str], message: str
) -> None:
    path = write_csv(tmp_path / "cases.csv", [row(1)], header=header)
    code, _, err = run("import", "cases", str(path), "--as", "owner")
    assert code == 1 and message in err and "nothing imported" in err


def test_duplicate_docket_inside_the_file(world: World, tmp_path: Path) -> None:
    before = Case.objects.count()
    path = write_csv(tmp_path / "cases.csv", [row(1), row(2, docket_number="ta000001")])
    code, _, err = run("import", "cases", str(path), "--as", "owner")
    assert code == 1
    assert (
        "row 3: docket_number: docket ta000001 in Los Angeles Superior Court repeats row 2 of this file"
        in err
    )
    assert Case.objects.count() == before


def test_docket_already_stored_in_the_organization(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [row(1, docket_number="BA200101")])
    code, _, err = run("import", "cases", str(path), "--as", "owner")
    assert code == 1 and "row 2: docket_number: Docket BA200101" in err


def test_oversize_field_and_wrong_cell_count(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [row(1, title="x" * 250)])
    with path.open("a") as handle:
        handle.write("only,three,cells\n")
    code, _, err = run("import", "cases", str(path), "--as", "owner")
    assert code == 1
    assert "row 2: title: Ensure this value has at most 200 characters (it has 250)." in err
    assert "row 3: (row): has 3 cells but the header has" in err


def test_empty_and_header_only_files(world: World, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert run("import", "cases", str(empty), "--as", "owner")[0] == 1
    header_only = write_csv(tmp_path / "header.csv", [])
    code, _, err = run("import", "cases", str(header_only), "--as", "owner")
    assert code == 1 and "no data rows" in err


@override_settings(HABEAS_IMPORT_MAX_ROWS=2)
def test_row_limit(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [row(1), row(2), row(3)])
    code, _, err = run("import", "cases", str(path), "--as", "owner")
    assert code == 1 and "more than 2 data rows" in err


def test_roles_that_may_not_open_cases_are_refused(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cases.csv", [row(1)])
    code, _, err = run("import", "cases", str(path), "--as", "auditor")
    assert code == 1 and "may not open cases" in err


def test_missing_file_and_missing_user(world: World, tmp_path: Path) -> None:
    code, _, err = run("import", "cases", str(tmp_path / "nope.csv"), "--as", "owner")
    assert code == 1 and "cannot read" in err
    code, _, err = run("import", "cases", str(tmp_path / "nope.csv"))
    assert code == 1 and "--as USERNAME" in err
    code, _, err = run("import", "cases", str(tmp_path / "nope.csv"), "--as", "ghost")
    assert code == 1 and "no active user named 'ghost'" in err


def test_export_then_import_into_another_organization_round_trips(
    world: World, tmp_path: Path
) -> None:
    source = write_csv(
        tmp_path / "in.csv", [row(1), row(2, title='=HYPERLINK("http://x")', nre_factors="")]
    )
    assert run("import", "cases", str(source), "--as", "owner")[0] == 0
    exported = tmp_path / "out.csv"
    code, _, err = run("export", "cases", "--as", "owner", "--out", str(exported))
    assert code == 0 and "exported 3 cases" in err
    assert exported.stat().st_mode & 0o077 == 0  # private file
    text = exported.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text  # spreadsheet formula guard

    code, out, err = run("import", "cases", str(exported), "--as", "outsider")
    assert code == 0, err
    assert Case.objects.filter(organization=world.org_b).count() == 3
    assert Case.objects.filter(organization=world.org_b, title='=HYPERLINK("http://x")').exists()
    assert Conviction.objects.filter(
        case__organization=world.org_b, docket_number="BA200101"
    ).exists()

    again = tmp_path / "again.csv"
    assert run("export", "cases", "--as", "outsider", "--out", str(again))[0] == 0
    assert again.read_text(encoding="utf-8") == text


def test_export_contains_only_visible_cases_and_is_audited(world: World) -> None:
    code, out, _ = run("export", "cases", "--as", "nonmember")
    assert code == 0
    assert out.strip().splitlines() == [",".join(HEADER)]
    code, out, _ = run("export", "cases", "--as", "owner", "--stage", "intake")
    assert world.case.title in out
    events = AuditEvent.objects.filter(action="case.export").order_by("seq")
    assert [e.detail["count"] for e in events] == [0, 1]
    assert events.last().source == "cli"  # type: ignore[union-attr]
    assert run("export", "cases", "--as", "owner", "--stage", "bogus")[0] == 1
