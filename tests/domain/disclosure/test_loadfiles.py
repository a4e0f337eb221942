from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.disclosure.loadfiles import (
    DAT_FIELDS,
    DocumentRow,
    dat_header,
    dat_line,
    dat_row,
    index_csv,
    opt_lines,
)
from tests.domain.disclosure.loadreaders import dat_read, opt_read

safe = st.text(
    st.characters(blacklist_characters="\x14\u00fe\u00ae\r", blacklist_categories=["Cs"])
)


@given(values=st.lists(safe, min_size=1, max_size=6))
def test_dat_round_trip(values: list[str]) -> None:
    header = [f"F{i}" for i in range(len(values))]
    [row] = dat_read(dat_header(header) + dat_line(values))
    assert list(row.values()) == values


@given(value=st.text())
def test_dat_never_breaks_a_line_or_a_field(value: str) -> None:
    [row] = dat_read(dat_header(["A", "B"]) + dat_line([value, "end"]))
    assert row["B"] == "end"
    expected = (
        value.replace("\r\n", "\n").replace("\r", "\n").replace("\x14", " ").replace("\u00fe", "th")
    )
    assert row["A"] == expected.replace("\u00ae", "\n")


def _row(n: int, pages: int) -> DocumentRow:
    labels = tuple(f"DA{n + i:06d}" for i in range(pages))
    return DocumentRow(
        begbates=labels[0],
        endbates=labels[-1],
        page_labels=labels,
        image_paths=tuple(f"VOL001/IMAGES/0001/{x}.tif" for x in labels),
        title='=HYPERLINK("x") Interview, Whitcombe',
        doc_date="2019-03-05",
        doc_type="Police report",
        custodian="Fresno PD",
        text_path=f"VOL001/TEXT/{labels[0]}.txt",
        pdf_path=f"VOL001/PDF/{labels[0]}.pdf",
        sha256="ab" * 32,
        confidentiality="Confidential",
        redacted=True,
    )


def test_dat_opt_and_index_rows() -> None:
    rows = [_row(1, 3), _row(4, 1)]
    dat = dat_read(dat_header() + b"".join(dat_row(r) for r in rows))
    assert list(dat[0]) == list(DAT_FIELDS)
    assert [(d["BEGBATES"], d["ENDBATES"], d["PGCOUNT"]) for d in dat] == [
        ("DA000001", "DA000003", "3"),
        ("DA000004", "DA000004", "1"),
    ]
    assert dat[0]["DOCDATE"] == "03/05/2019" and dat[0]["REDACTED"] == "Y"
    assert dat[0]["PDFPATH"] == "VOL001\\PDF\\DA000001.pdf"
    opt = opt_read(b"".join(opt_lines(r, "VOL001") for r in rows))
    assert opt[0] == ["DA000001", "VOL001", "VOL001\\IMAGES\\0001\\DA000001.tif", "Y", "", "", "3"]
    assert opt[1] == ["DA000002", "VOL001", "VOL001\\IMAGES\\0001\\DA000002.tif", "", "", "", ""]
    assert [r[3] for r in opt] == ["Y", "", "", "Y"]
    data = index_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data[3:].decode())))
    assert table[0] == ["Bates range", "Document", "Date", "Type", "Pages", "Redactions"]
    assert table[1][0] == "DA000001 - DA000003" and table[2][0] == "DA000004"
    assert table[1][1].startswith("'=")  # not a formula in a spreadsheet
    assert table[1][4:] == ["3", "yes"]
