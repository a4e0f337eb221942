"""Two fictional documents naming a witness and her address, and a production of both."""

from __future__ import annotations

import io
import zipfile

import pypdfium2  # type: ignore[import-untyped]

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.disclosure.models import Production
from habeas.disclosure.services.productions import production_create, production_documents_add
from habeas.documents.models import Document
from tests.documents.helpers import ingest_bytes, pdf_bytes

WITNESS = "Lena Okafor"
ADDRESS = "1420 Alder Street"
INTERVIEW = (
    "INTERVIEW NOTES\n"
    f"Witness {WITNESS} of {ADDRESS}, Paramount, phone 562-555-0142,\n"
    "saw a dark sedan leave the lot at 11 pm. DOB: 04/12/1979.\n"
)
FOLLOW_UP = (
    "FOLLOW-UP REPORT\n"
    f"Detectives returned to {ADDRESS}. {WITNESS} repeated that the driver was not Rivera.\n"
)


def two_documents(actor: User, case: Case) -> tuple[Document, Document]:
    a = ingest_bytes(
        actor, case, "interview.pdf", pdf_bytes([INTERVIEW, "Second page, nothing to hide."])
    )
    b = ingest_bytes(actor, case, "follow-up.pdf", pdf_bytes([FOLLOW_UP]))
    return a, b


def draft(actor: User, case: Case, documents: list[Document], **kw: object) -> Production:
    production = production_create(
        actor=actor,
        case_ref=case.ref,
        name=str(kw.pop("name", "Brady disclosure 1")),
        recipient_name="Office of the Public Defender",
        recipient_kind=str(kw.pop("recipient_kind", "defense_counsel")),
        obligation="brady",
        bates_prefix=str(kw.pop("bates_prefix", "CIU")),
        **kw,  # type: ignore[arg-type]
    )
    production_documents_add(
        actor=actor,
        case_ref=case.ref,
        production_id=production.pk,
        document_ids=[d.pk for d in documents],
    )
    return production


def package_pdfs(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.endswith(".pdf")}


def pdfium_text(pdf: bytes) -> str:
    """Every page's text and the metadata, read by another library than the one that wrote it."""
    doc = pypdfium2.PdfDocument(pdf)
    try:
        parts = [str(v) for v in doc.get_metadata_dict().values()]
        parts.extend(page.get_textpage().get_text_range() for page in doc)
        return "\n".join(parts)
    finally:
        doc.close()
