"""A review run's XLSX export holds rows whose names carry control characters XLSX cannot store."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

from openpyxl import load_workbook

from habeas.systemic.exports import review_xlsx_write


def test_review_xlsx_replaces_control_characters() -> None:
    match: Any = SimpleNamespace(
        pk=1,
        entry=SimpleNamespace(name="Off\x0bicer"),
        field="officer",
        written="=Off\x0cicer",
        score=0.9,
        reason="same name",
        docket="BA1",
        court="LA",
        defendant="Doe\x1f",
        dob=None,
        offense="",
        conviction_date=None,
        decision="pending",
        case=None,
    )
    out = io.BytesIO()
    assert review_xlsx_write(out, [match]) == 1
    rows = list(load_workbook(io.BytesIO(out.getvalue()))["matches"].iter_rows(values_only=True))
    assert rows[1][1:4] == ("Off icer", "officer", "'=Off icer")
    assert rows[1][8] == "Doe "
