"""Building case documents for tests: fictional text, PDFs made with WeasyPrint, zips."""

from __future__ import annotations

import html
import io
import zipfile

import weasyprint

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.documents.models import Document
from habeas.documents.services.ingest import documents_ingest

REPORT = (
    "LOS ANGELES COUNTY SHERIFF'S DEPARTMENT - SUPPLEMENTARY REPORT\n"
    "On June 14, 2001, Detective Maria Alvarez #4471 interviewed Carl Dorsey, a jailhouse informant housed with "
    "the suspect, who told detectives that Rivera confessed to the shooting while they shared a cell.\n"
    "Dorsey asked for leniency on his pending burglary case in exchange for his testimony.\n"
    "No bite mark evidence was introduced.\n"
)
TRANSCRIPT = (
    "REPORTER'S TRANSCRIPT, People v. Rivera, Case No. BA200101\n"
    "Q. Did you see the shooter's face?\nA. Only for a second. It was dark.\n"
    "The witness Dana Whitfield identified the defendant at a single-photo show-up arranged by Officer Ben Ortiz.\n"
)


def ingest_bytes(actor: User, case: Case, name: str, data: bytes) -> Document:
    [result] = documents_ingest(actor=actor, case_ref=case.ref, files=[(name, io.BytesIO(data))])
    assert result.document is not None
    result.document.refresh_from_db()
    return result.document


def ingest_text(actor: User, case: Case, name: str, text: str, encoding: str = "utf-8") -> Document:
    return ingest_bytes(actor, case, name, text.encode(encoding))


def pdf_bytes(pages: list[str]) -> bytes:
    """A text PDF, one page per string (WeasyPrint lays it out; pypdfium2 reads it back)."""
    body = "".join(
        f'<section style="page-break-after: always"><pre>{html.escape(p)}</pre></section>'
        for p in pages
    )
    out: bytes = weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()
    return out


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
