"""Load files a recipient's review tool reads: Concordance DAT, Opticon OPT, and an index CSV.

DAT: UTF-8 with a byte-order mark, CRLF line ends, fields separated by DC4 (0x14) and quoted
with thorn (þ, U+00FE), first line the field names. Concordance has no escape inside a field, so
values are made safe: a line break (CRLF, CR or LF) becomes the registered sign ® (U+00AE),
Concordance's in-field newline that review tools turn back into one; a DC4 inside a value
becomes a space and a thorn becomes "th". Nothing else is changed.

OPT: one line per page, ``BATES,VOLUME,IMAGEPATH,Y,,,PAGECOUNT`` on a document's first page and
``BATES,VOLUME,IMAGEPATH,,,,`` on the others, CRLF, paths relative to the package root with
backslashes (the Windows convention of these tools), plain ASCII.

The PDF index is left to the app (weasyprint, with the letters' look); ``index_csv`` gives the
same rows as CSV.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DELIM = "\x14"
QUOTE = "\u00fe"
NEWLINE_MARK = "\u00ae"
CRLF = "\r\n"
DAT_FIELDS = (
    "BEGBATES",
    "ENDBATES",
    "BEGATTACH",
    "ENDATTACH",
    "PGCOUNT",
    "CUSTODIAN",
    "DOCDATE",
    "DOCTYPE",
    "TITLE",
    "TEXTPATH",
    "PDFPATH",
    "SHA256",
    "CONFIDENTIALITY",
    "REDACTED",
)
_BREAKS = re.compile(r"\r\n|\r|\n")


def dat_value(value: str) -> str:
    """``value`` made safe for a DAT field (see the module docstring)."""
    value = _BREAKS.sub(NEWLINE_MARK, value)
    return value.replace(DELIM, " ").replace(QUOTE, "th")


def dat_line(values: Sequence[str]) -> bytes:
    """One DAT line (no BOM), CRLF-terminated, UTF-8."""
    return (DELIM.join(f"{QUOTE}{dat_value(v)}{QUOTE}" for v in values) + CRLF).encode("utf-8")


def dat_header(fields: Sequence[str] = DAT_FIELDS) -> bytes:
    """The first line of a DAT file, with the UTF-8 byte-order mark."""
    return b"\xef\xbb\xbf" + dat_line(fields)


@dataclass(frozen=True)
class DocumentRow:
    """One produced document, as the load files and the index list it."""

    begbates: str
    endbates: str
    page_labels: tuple[str, ...]  # every page's Bates label, in order
    image_paths: tuple[str, ...]  # package-relative, forward slashes, one per page
    title: str
    doc_date: str  # ISO date "2019-03-14" or ""
    doc_type: str
    custodian: str
    text_path: str
    pdf_path: str
    sha256: str  # of the produced PDF
    confidentiality: str
    redacted: bool
    begattach: str = ""
    endattach: str = ""

    @property
    def page_count(self) -> int:
        return len(self.page_labels)


def _us_date(iso: str) -> str:
    # Concordance's usual date form is MM/DD/YYYY.
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        y, m, d = iso.split("-")
        return f"{m}/{d}/{y}"
    return iso


def _backslashed(path: str) -> str:
    return path.replace("/", "\\")


def dat_row(row: DocumentRow) -> bytes:
    return dat_line(
        [
            row.begbates,
            row.endbates,
            row.begattach or row.begbates,
            row.endattach or row.endbates,
            str(row.page_count),
            row.custodian,
            _us_date(row.doc_date),
            row.doc_type,
            row.title,
            _backslashed(row.text_path),
            _backslashed(row.pdf_path),
            row.sha256,
            row.confidentiality,
            "Y" if row.redacted else "N",
        ]
    )


def opt_lines(row: DocumentRow, volume: str) -> bytes:
    """The document's Opticon lines, one per page."""
    out = []
    for i, (label, path) in enumerate(zip(row.page_labels, row.image_paths, strict=True)):
        first = i == 0
        tail = f"Y,,,{row.page_count}" if first else ",,,"
        out.append(f"{label},{volume},{_backslashed(path)},{tail}{CRLF}")
    return "".join(out).encode("ascii")


INDEX_FIELDS = ("Bates range", "Document", "Date", "Type", "Pages", "Redactions")


def _cell(value: str) -> str:
    # A title starting with = + - @ would run as a formula in a spreadsheet.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def index_csv(rows: Iterable[DocumentRow]) -> bytes:
    """The production index as CSV (UTF-8 with a byte-order mark so spreadsheets read it)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=CRLF)
    writer.writerow(INDEX_FIELDS)
    for r in rows:
        span = r.begbates if r.begbates == r.endbates else f"{r.begbates} - {r.endbates}"
        writer.writerow(
            [
                span,
                _cell(r.title),
                r.doc_date,
                _cell(r.doc_type),
                r.page_count,
                "yes" if r.redacted else "no",
            ]
        )
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")
