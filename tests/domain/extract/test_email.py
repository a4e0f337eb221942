from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from habeas.domain.extract import (
    ExtractionError,
    Member,
    RefusedMember,
    kind_detect,
    members_expand,
    pages_extract,
)
from habeas.domain.extract.samples import text_pdf_bytes

from .conftest import write


def _message() -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Ada Quill <ada.quill@example.org>"
    msg["To"] = "CIU Intake <intake@example.org>"
    msg["Date"] = "Tue, 04 Mar 2025 10:15:00 -0800"
    msg["Subject"] = "Lab report for case 1987-004512"
    msg.set_content("Please find the serology report attached.\nRegards,\nAda")
    msg.add_alternative(
        "<html><body><p>Please find the <b>serology</b> report</p></body></html>", subtype="html"
    )
    pdf = text_pdf_bytes([["Serology report: sample 14-B excluded the petitioner."]])
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename="lab report.pdf")
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename="../lab report.pdf")
    inner = EmailMessage()
    inner["From"] = "lab@example.org"
    inner["Subject"] = "Original results"
    inner.set_content("Forwarded original.")
    msg.add_attachment(inner)
    return msg


def test_body_page_prefers_plain_text(tmp_path: Path) -> None:
    path = write(tmp_path / "mail.eml", _message().as_bytes())
    assert kind_detect("mail.eml", path.read_bytes()[:8192]) == "email"
    [page] = pages_extract(path, "email")
    assert page.text.splitlines()[:4] == [
        "From: Ada Quill <ada.quill@example.org>",
        "To: CIU Intake <intake@example.org>",
        "Date: Tue, 04 Mar 2025 10:15:00 -0800",
        "Subject: Lab report for case 1987-004512",
    ]
    assert "Please find the serology report attached." in page.text
    assert "<" not in page.text.split("\n\n", 1)[1]


def test_html_only_body_is_stripped(tmp_path: Path) -> None:
    msg = EmailMessage()
    msg["From"], msg["Subject"] = "ada@example.org", "Notes"
    msg.set_content(
        "<html><head><style>p{color:red}</style></head><body><p>Line &amp; one</p>"
        "<p>Line two</p><script>alert(1)</script></body></html>",
        subtype="html",
    )
    [page] = pages_extract(write(tmp_path / "h.eml", msg.as_bytes()), "email")
    body = page.text.split("\n\n", 1)[1]
    assert body.split() == ["Line", "&", "one", "Line", "two"]


def test_attachments_are_members(tmp_path: Path) -> None:
    path = write(tmp_path / "mail.eml", _message().as_bytes())
    dest = tmp_path / "out"
    members = [m for m in members_expand(path, "email", dest) if isinstance(m, Member)]
    assert [m.name for m in members] == [
        "mail.eml/lab report.pdf",
        "mail.eml/lab report (2).pdf",  # "../" stripped, then de-duplicated
        "mail.eml/Original results.eml",
    ]
    for m in members:
        assert m.path.parent == dest and m.path.exists()
    pdf_pages = pages_extract(members[0].path, "pdf")
    assert "14-B" in pdf_pages[0].text
    assert "Forwarded original." in pages_extract(members[2].path, "email")[0].text


def test_an_oversized_attachment_is_refused_by_name_and_not_written(tmp_path: Path) -> None:
    path = write(tmp_path / "mail.eml", _message().as_bytes())
    dest = tmp_path / "out"
    members = list(members_expand(path, "email", dest, max_member_bytes=10))
    assert members and all(isinstance(m, RefusedMember) for m in members)
    assert all(m.reason == "larger than the 10 bytes limit" for m in members)  # type: ignore[union-attr]
    assert not list(dest.iterdir())


def test_not_an_email(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="not a valid email"):
        pages_extract(write(tmp_path / "x.eml", b"\x00\x01 random bytes"), "email")
