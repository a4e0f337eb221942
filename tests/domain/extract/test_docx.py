from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK

from habeas.domain.extract import ExtractionError, kind_detect, pages_extract

from .conftest import write


def _memo(path: Path, *, page_break: bool) -> Path:
    doc = docx.Document()
    doc.add_heading("Memorandum re: Quimby interview", level=1)
    doc.add_paragraph("Detective Harold Quimby was interviewed on 12 May.")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Witness", "Statement date"
    table.cell(1, 0).text, table.cell(1, 1).text = "Marjorie Tillbrook", "1987-03-04"
    para = doc.add_paragraph("End of first part.")
    if page_break:
        para.add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("Second part: recantation of 2003.")
    doc.save(str(path))
    return path


def test_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    memo = _memo(tmp_path / "memo.docx", page_break=False)
    assert kind_detect(memo.name, memo.read_bytes()[:8192]) == "docx"
    [page] = pages_extract(memo, "docx")
    lines = page.text.splitlines()
    assert lines[0] == "Memorandum re: Quimby interview"
    assert "Witness | Statement date" in lines
    assert "Marjorie Tillbrook | 1987-03-04" in lines
    assert page.text.index("Tillbrook") < page.text.index("recantation")
    assert not page.ocr and page.ocr_confidence is None


def test_explicit_page_break_splits_pages(tmp_path: Path) -> None:
    pages = pages_extract(_memo(tmp_path / "memo.docx", page_break=True), "docx")
    assert [p.number for p in pages] == [1, 2]
    assert pages[0].text.endswith("End of first part.")
    assert pages[1].text == "Second part: recantation of 2003."


def test_not_a_docx(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="not a valid DOCX"):
        pages_extract(write(tmp_path / "x.docx", b"just text"), "docx")
    other = tmp_path / "other.docx"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(ExtractionError, match="not a valid DOCX"):
        pages_extract(other, "docx")


def test_broken_document_xml(tmp_path: Path) -> None:
    memo = _memo(tmp_path / "memo.docx", page_break=False)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(memo) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(
                item, data[: len(data) // 2] if item.filename == "word/document.xml" else data
            )
    with pytest.raises(ExtractionError, match="not a valid DOCX"):
        pages_extract(broken, "docx")


def test_encrypted_docx(tmp_path: Path) -> None:
    ole = write(tmp_path / "locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ExtractionError, match="encrypted"):
        pages_extract(ole, "docx")
