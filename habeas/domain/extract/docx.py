"""Word .docx: body paragraphs and tables in document order, split on explicit page breaks."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError

from habeas.domain.extract.errors import ExtractionError
from habeas.domain.extract.extracted import ExtractedPage
from habeas.domain.extract.kinds import OLE_MAGIC
from habeas.domain.extract.textutil import normalize

MAX_DOCUMENT_XML_BYTES = 64 * 1024 * 1024  # lxml needs several times this in RAM

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PAGE_BREAK = "\f"  # a marker inside the flattened text; pages are split on it at the end


def _check_package(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as err:
        raise ExtractionError(f"cannot read file: {err.strerror or err}") from err
    if head.startswith(OLE_MAGIC):
        raise ExtractionError("DOCX is encrypted (password-protected) or is an old binary .doc")
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("word/document.xml")
    except KeyError as err:
        raise ExtractionError("not a valid DOCX file (no word/document.xml)") from err
    except (zipfile.BadZipFile, OSError) as err:
        raise ExtractionError("not a valid DOCX file") from err
    if info.file_size > MAX_DOCUMENT_XML_BYTES:
        raise ExtractionError("DOCX text is too large (word/document.xml over 64 MB)")


def _paragraph(p: Any, out: list[str], *, in_table: bool) -> None:
    ppr = p.find(f"{_W}pPr")
    if not in_table and ppr is not None and ppr.find(f"{_W}pageBreakBefore") is not None:
        out.append(_PAGE_BREAK)
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
        tag = el.tag
        if tag == f"{_W}t":
            out.append(el.text or "")
        elif tag == f"{_W}tab":
            out.append("\t")
        elif tag == f"{_W}noBreakHyphen":
            out.append("-")
        elif tag == f"{_W}br" and el.get(f"{_W}type") == "page" and not in_table:
            out.append(_PAGE_BREAK)
        else:
            out.append("\n")
    out.append("\n")


def _table(tbl: Any, out: list[str]) -> None:
    # Raw w:tc cells, so merged cells appear once (python-docx repeats them per grid column).
    for tr in tbl.iterchildren(f"{_W}tr"):
        cells: list[str] = []
        for tc in tr.iterchildren(f"{_W}tc"):
            parts: list[str] = []
            for child in tc.iterchildren():
                if child.tag == f"{_W}p":
                    _paragraph(child, parts, in_table=True)
                elif child.tag == f"{_W}tbl":
                    _table(child, parts)
            cells.append(" ".join("".join(parts).split()))
        out.append(" | ".join(cells) + "\n")


def pages_extract_docx(path: Path) -> list[ExtractedPage]:
    _check_package(path)
    try:
        document = docx.Document(str(path))
        body = document.element.body
    except PackageNotFoundError as err:
        raise ExtractionError("not a valid DOCX file") from err
    except Exception as err:  # lxml syntax errors, missing parts, bad relationships ...
        raise ExtractionError(f"not a valid DOCX file ({type(err).__name__})") from err
    out: list[str] = []
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            _paragraph(child, out, in_table=False)
        elif child.tag == f"{_W}tbl":
            _table(child, out)
        elif child.tag == f"{_W}sdt":  # content controls (e.g. a cover page) wrap paragraphs
            for p in child.iter(f"{_W}p"):
                _paragraph(p, out, in_table=False)
    chunks = "".join(out).split(_PAGE_BREAK)
    # A break as the very last thing leaves an empty trailing page that Word does not show.
    while len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()
    return [ExtractedPage(n, normalize(c), False, None) for n, c in enumerate(chunks, start=1)]
