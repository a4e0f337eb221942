"""Work budgets: blank pages skip OCR, page and OCR-time limits, archive totals across nesting."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from PIL import Image

from habeas.documents.models import Document, DocumentStatus, Page
from habeas.documents.services import ingest
from habeas.domain.extract import OcrRunner
from habeas.domain.extract.samples import blank_pdf_bytes, text_pdf_bytes
from tests.conftest import World
from tests.documents.helpers import REPORT, ingest_bytes
from tests.documents.test_api import _client as _api_client


def _no_ocr(self: OcrRunner, images: Iterable[Image.Image | bytes]) -> Iterator[Any]:
    for _ in images:
        raise AssertionError("OCR was asked to read a blank page")
    yield from ()


def test_a_5000_page_blank_pdf_is_never_ocrd(world: World, monkeypatch: Any) -> None:
    monkeypatch.setattr(OcrRunner, "ocr_iter", _no_ocr)
    doc = ingest_bytes(world.owner, world.case, "blank.pdf", blank_pdf_bytes(5000))
    assert doc.status == DocumentStatus.NEEDS_ATTENTION, doc.error
    assert "Every page is blank" in doc.error
    assert doc.page_count == 5000 and doc.ocr_page_count == 0
    assert Page.objects.filter(document=doc, blank=True).count() == 5000


def test_the_page_view_says_a_blank_page_was_not_read(world: World, client: Any) -> None:
    doc = ingest_bytes(world.owner, world.case, "mixed.pdf", text_pdf_bytes([[REPORT], []]))
    client.force_login(world.owner)
    url = f"/cases/{world.case.ref}/documents/{doc.pk}/pages/2/"
    body = client.get(url).content.decode()
    assert "blank page — not read by OCR" in body
    assert "blank page" not in client.get(url.replace("/2/", "/1/")).content.decode()
    api_client, auth = _api_client(world.owner)
    api = f"/api/v1/cases/{world.case.ref}/documents/{doc.pk}/pages/2"
    assert api_client.get(api, **auth).json()["blank"] is True


def test_too_many_pages_needs_attention_and_stores_nothing(world: World, settings: Any) -> None:
    settings.HABEAS_DOCUMENT_MAX_PAGES = 2
    doc = ingest_bytes(
        world.owner, world.case, "long.pdf", text_pdf_bytes([["one"], ["two"], ["three"]])
    )
    assert doc.status == DocumentStatus.NEEDS_ATTENTION
    assert "3 pages, more than the 2" in doc.error and "Nothing from this reading" in doc.error
    assert not Page.objects.filter(document=doc).exists() and doc.can_retry


def test_ocr_past_its_time_budget_needs_attention_and_stores_nothing(
    world: World, settings: Any, monkeypatch: Any
) -> None:
    from habeas.domain.extract import ocr as ocr_module
    from habeas.domain.extract.samples import REPORT_LINES, scan_image

    settings.HABEAS_OCR_MAX_SECONDS = 0
    monkeypatch.setattr(ocr_module, "_tesseract_path", lambda: "/bin/true")
    monkeypatch.setattr(OcrRunner, "_run", lambda self, exe, image, stem: ("read", 90.0))
    buffer = io.BytesIO()
    scan = scan_image(REPORT_LINES, dpi=100)
    scan.save(buffer, format="TIFF", save_all=True, append_images=[scan] * 4)
    doc = ingest_bytes(world.owner, world.case, "scan.tif", buffer.getvalue())
    assert doc.status == DocumentStatus.NEEDS_ATTENTION, doc.error
    assert "longer than the 0 minutes" in doc.error
    assert not Page.objects.filter(document=doc).exists()


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_archive_total_counts_members_of_nested_archives(world: World, settings: Any) -> None:
    settings.HABEAS_ARCHIVE_MAX_BYTES = 20_000
    # Four small zips of 6,000 bytes each: every one is within the limit on its own.
    inner = {
        f"box{i}.zip": _zip({f"note{i}.txt": (f"Note {i}. " + REPORT)[:6000].ljust(6000).encode()})
        for i in range(4)
    }
    outer = ingest_bytes(world.owner, world.case, "outer.zip", _zip(inner))
    assert outer.status == DocumentStatus.INDEXED, outer.error
    leaves = Document.objects.filter(case=world.case, kind="text")
    assert sum(d.size for d in leaves) <= 20_000 and leaves.count() == 3
    [stopped] = Document.objects.filter(case=world.case, kind="zip", status=DocumentStatus.FAILED)
    assert "limit" in stopped.error


def test_an_oversized_member_is_refused_before_it_is_stored(
    world: World, settings: Any, monkeypatch: Any
) -> None:
    settings.HABEAS_UPLOAD_MAX_BYTES = 4000
    created: list[str] = []
    real = ingest._document_create

    def spy(**kwargs: Any) -> Any:
        created.append(kwargs["name"])
        return real(**kwargs)

    monkeypatch.setattr(ingest, "_document_create", spy)
    data = _zip({"small.txt": REPORT.encode()[:900], "huge.txt": b"word " * 2000})
    archive = ingest_bytes(world.owner, world.case, "set.zip", data)
    assert created == ["set.zip", "set.zip/small.txt"]  # huge.txt never reached the store
    assert archive.status == DocumentStatus.NEEDS_ATTENTION
    assert "set.zip/huge.txt (refused: larger than the 4000 bytes limit)" in archive.error
