from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from habeas.audit.models import AuditEvent
from habeas.nre.models import NreExoneration, NreImport

FIXTURES = Path(__file__).parents[1] / "domain" / "nre" / "fixtures"


def run(*args: str) -> str:
    out = StringIO()
    call_command("nre", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_import_then_stats_text_and_json() -> None:
    text = run("import", str(FIXTURES / "spreadsheet_cp1252.csv"))
    assert "imported 6 rows" in text and "row 5: release" in text
    assert (
        NreExoneration.objects.count() == 6
        and AuditEvent.objects.filter(action="registry.import").exists()
    )
    report = json.loads(run("stats", "--year", "2023", "--json"))
    assert (report["count"], report["ciu"], report["io"], report["both"], report["homicide"]) == (
        4,
        2,
        3,
        1,
        3,
    )
    assert report["years_lost_total"] == "30.4" and report["factors"]["MWID"] == 2
    assert "Exonerations in 2023: 4" in run("stats", "--year", "2023")


@pytest.mark.django_db
def test_reimport_is_idempotent_and_a_new_file_supersedes() -> None:
    run("import", str(FIXTURES / "spreadsheet_cp1252.csv"))
    assert "already imported" in run("import", str(FIXTURES / "spreadsheet_cp1252.csv"))
    assert NreImport.objects.count() == 1
    run("import", str(FIXTURES / "full_export.csv"))
    assert NreImport.objects.filter(current=True).count() == 1
    assert json.loads(run("stats", "--year", "2021", "--json"))["count"] == 3


@pytest.mark.django_db
def test_bad_files_and_no_data_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        run("import", str(tmp_path / "missing.csv"))
    bogus = tmp_path / "bogus.csv"
    bogus.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="not an NRE"):
        run("import", str(bogus))
    assert NreImport.objects.count() == 0
    with pytest.raises(CommandError, match="No NRE data"):
        run("stats", "--year", "2023")


def test_compensation_command_shows_the_computation() -> None:
    out = StringIO()
    call_command(
        "compensation",
        "--jurisdiction",
        "CA",
        "--custody-from",
        "2001-01-18",
        "--custody-to",
        "2021-10-19",
        stdout=out,
    )
    text = out.getvalue()
    assert (
        "7,579 days x $140 per day = $1,061,060.00" in text
        and "Cal. Penal Code 4900" in text
        and "10 years" in text
    )
    with pytest.raises(CommandError, match="--custody-to"):
        call_command(
            "compensation",
            "--jurisdiction",
            "CA",
            "--custody-from",
            "2021-01-18",
            "--custody-to",
            "2001-10-19",
        )
    out = StringIO()
    call_command(
        "compensation",
        "--jurisdiction",
        "US",
        "--custody-from",
        "2010-01-01",
        "--custody-to",
        "2011-01-01",
        "--json",
        stdout=out,
    )
    assert json.loads(out.getvalue())["total"] == "50000.00"
