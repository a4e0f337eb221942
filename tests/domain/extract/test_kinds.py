from __future__ import annotations

import pytest

from habeas.domain.extract import KINDS, kind_detect
from habeas.domain.extract.samples import text_pdf_bytes

EML = b"From: Ada Quill <ada@example.org>\r\nTo: desk@example.org\r\nSubject: Lab results\r\n\r\nHello"


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("report.pdf", b"%PDF-1.7\n...", "pdf"),
        ("report.bin", b"\r\n%PDF-1.4\n", "pdf"),  # junk before the header is legal
        ("scan.jpg", b"\x89PNG\r\n\x1a\n....", "image"),  # magic beats a wrong extension
        ("scan", b"\xff\xd8\xff\xe0\x00\x10JFIF", "image"),
        ("fax.tif", b"II*\x00\x08\x00\x00\x00", "image"),
        ("fax.tiff", b"MM\x00*\x00\x00\x00\x08", "image"),
        ("photo.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image"),
        ("memo.docx", b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml", "docx"),
        ("memo", b"PK\x03\x04\x14\x00\x00\x00word/document.xml", "docx"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "docx"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", None),
        ("box.zip", b"PK\x03\x04\x14\x00\x00\x00folder/a.pdf", "zip"),
        ("sheet.xlsx", b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml", None),
        ("empty.zip", b"PK\x05\x06" + b"\x00" * 18, "zip"),
        ("mail.eml", EML, "email"),
        ("mail", EML, "email"),
        ("notes.txt", b"Interview notes\r\n", "text"),
        ("notes.txt", b"\x00\x01\x02garbage", "text"),  # the text reader rejects it with a reason
        ("broken.pdf", b"garbage", "pdf"),
        ("README", "Señora Pérez".encode(), "text"),
        ("README", b"\xff\xfeI\x00n\x00", "text"),
        ("program.exe", b"MZ\x90\x00\x03\x00\x00\x00", None),
        ("data.bin", bytes(range(256)), None),
        ("empty", b"", None),
    ],
)
def test_kind_detect(name: str, head: bytes, kind: str | None) -> None:
    assert kind_detect(name, head) == kind


def test_detects_generated_pdf() -> None:
    assert kind_detect("x", text_pdf_bytes([["hello"]])[:8192]) == "pdf"
    assert set(KINDS) == {"pdf", "image", "docx", "text", "email", "zip"}
