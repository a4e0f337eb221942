"""Registry analytics: the current NRE import only; public reference data behind a login."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from habeas.nre.models import NreExoneration, NreImport
from habeas.reports.selectors import registry_report_build, table_by_key


@pytest.fixture
def registry(db: None) -> NreImport:
    old = NreImport.objects.create(
        file_name="old.csv",
        sha256="a" * 64,
        schema="spreadsheet",
        encoding="utf-8",
        rows=1,
        current=False,
    )
    NreExoneration.objects.create(
        batch=old,
        row=1,
        name="Stale Record",
        state="Ohio",
        county="Franklin",
        tags=["CIU"],
        factors=["FC"],
        exoneration_date=dt.date(2019, 1, 1),
    )
    batch = NreImport.objects.create(
        file_name="nre.csv", sha256="b" * 64, schema="spreadsheet", encoding="utf-8", rows=4
    )
    for row, (name, state, county, tags, factors, day) in enumerate(
        [
            (
                "Ada Fictional",
                "California",
                "Los Angeles",
                ["CIU", "H"],
                ["MWID", "OM"],
                dt.date(2022, 3, 1),
            ),
            ("Ben Invented", "California", "Orange", [], ["FC"], dt.date(2023, 5, 1)),
            ("Cal Madeup", "Texas", "Dallas", ["CIU"], ["MWID"], dt.date(2023, 7, 1)),
            ("Dee Imaginary", "California", "Los Angeles", ["IO"], [], None),
        ],
        start=1,
    ):
        NreExoneration.objects.create(
            batch=batch,
            row=row,
            name=name,
            state=state,
            county=county,
            tags=tags,
            factors=factors,
            exoneration_date=day,
        )
    return batch


def test_registry_numbers(registry: NreImport) -> None:
    report = registry_report_build()
    assert report.batch == registry
    t = report.tables
    assert table_by_key(t, "years").rows == [(2022, 1), (2023, 2)]
    factors = {r[1]: r[2] for r in table_by_key(t, "factors").rows}
    assert factors == {"MWID": 2, "OM": 1, "FC": 1, "P/FA": 0, "F/MFE": 0, "ILD": 0, "DNA": 0}
    assert table_by_key(t, "ciu").rows == [(2022, 1, 1, "100.0%"), (2023, 2, 1, "50.0%")]
    assert table_by_key(t, "states").rows == [("California", 3), ("Texas", 1)]
    assert table_by_key(t, "counties").rows[0] == ("Los Angeles", "California", 2)


def test_registry_page(registry: NreImport, world: Any, client_for: Any) -> None:
    body = client_for(world.outsider).get("/reports/registry/").content.decode()
    assert "nre.csv" in body and 'role="img"' in body and "<table" in body and "Stale" not in body


def test_registry_page_without_an_import(world: Any, client_for: Any) -> None:
    response = client_for(world.member).get("/reports/registry/")
    assert (
        response.status_code == 200
        and "No NRE file has been imported yet" in response.content.decode()
    )
