"""Ingestion: storage by hash, processing states, failures that stay visible, retry, atomicity."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection

from habeas.audit.models import AuditEvent
from habeas.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from habeas.documents.models import Document, DocumentStatus, ElementFlag, Mention, Page
from habeas.documents.services.ingest import blob_store, document_retry, documents_ingest
from habeas.documents.services.maintenance import documents_verify
from habeas.domain.flags import flags_find_pages
from habeas.domain.mentions import mentions_find
from tests.conftest import World
from tests.documents.helpers import (
    REPORT,
    TRANSCRIPT,
    ingest_bytes,
    ingest_text,
    pdf_bytes,
    zip_bytes,
)


def test_text_file_is_stored_extracted_flagged_and_indexed(world: World) -> None:
    doc = ingest_text(world.owner, world.case, "supplementary.txt", REPORT)
    assert doc.status == DocumentStatus.INDEXED, doc.error
    assert doc.kind == "text" and doc.page_count == 1 and doc.attempts == 1
    assert blob_store().path_of(doc.sha256).read_bytes() == REPORT.encode()
    page = Page.objects.get(document=doc)
    assert "jailhouse informant" in page.text
    categories = set(ElementFlag.objects.filter(page=page).values_list("category", flat=True))
    assert "informant" in categories
    assert Mention.objects.filter(page=page, kind="person").exists()
    actions = list(
        AuditEvent.objects.filter(case_id=world.case.pk).values_list("action", flat=True)
    )
    assert "document.add" in actions and "document.extracted" in actions


def test_same_bytes_twice_change_nothing(world: World) -> None:
    first = ingest_text(world.owner, world.case, "a.txt", REPORT)
    events = AuditEvent.objects.count()
    [again] = documents_ingest(
        actor=world.member,
        case_ref=world.case.ref,
        files=[("renamed.txt", io.BytesIO(REPORT.encode()))],
    )
    assert not again.created and again.document is not None and again.document.pk == first.pk
    assert Document.objects.count() == 1 and AuditEvent.objects.count() == events


def test_legacy_encodings_are_read(world: World) -> None:
    doc = ingest_text(
        world.owner,
        world.case,
        "memo.txt",
        "Declaración del testigo José Núñez: “no lo vi”.\n" * 3,
        encoding="cp1252",
    )
    assert doc.status == DocumentStatus.INDEXED, doc.error
    assert "José Núñez" in Page.objects.get(document=doc).text


def test_text_pdf_pages_keep_their_numbers(world: World) -> None:
    [result] = documents_ingest(
        actor=world.owner,
        case_ref=world.case.ref,
        files=[
            (
                "report.pdf",
                io.BytesIO(
                    pdf_bytes(
                        [
                            "First page: the photographic lineup was shown to the witness.",
                            "Second page: the jailhouse informant testified.",
                        ]
                    )
                ),
            )
        ],
    )
    assert result.document is not None
    doc = Document.objects.get(pk=result.document.pk)
    assert doc.status == DocumentStatus.INDEXED, doc.error
    assert doc.kind == "pdf" and doc.page_count == 2 and doc.ocr_page_count == 0
    assert "jailhouse informant" in Page.objects.get(document=doc, number=2).text
    assert ElementFlag.objects.filter(
        page__document=doc, page__number=2, category="informant"
    ).exists()


def test_unsupported_file_is_a_visible_failure_not_a_silent_drop(world: World) -> None:
    [result] = documents_ingest(
        actor=world.owner,
        case_ref=world.case.ref,
        files=[("photo.heic", io.BytesIO(b"\x00\x01binary" * 50))],
    )
    assert result.created and result.document is not None
    assert result.document.status == DocumentStatus.FAILED
    assert "unsupported file type (.heic)" in result.document.error
    with pytest.raises(Exception, match="not supported"):
        document_retry(actor=world.owner, case_ref=world.case.ref, document_id=result.document.pk)


def test_corrupt_pdf_fails_with_a_reason_and_can_be_retried(world: World) -> None:
    [result] = documents_ingest(
        actor=world.owner,
        case_ref=world.case.ref,
        files=[("broken.pdf", io.BytesIO(b"%PDF-1.7\n garbage"))],
    )
    assert result.document is not None
    doc = Document.objects.get(pk=result.document.pk)
    assert doc.status == DocumentStatus.FAILED and doc.error and "Traceback" not in doc.error
    assert not Page.objects.filter(document=doc).exists()
    again = document_retry(actor=world.owner, case_ref=world.case.ref, document_id=doc.pk)
    assert again.status == DocumentStatus.FAILED and again.attempts == 2
    with pytest.raises(ConflictError):
        document_retry(
            actor=world.owner,
            case_ref=world.case.ref,
            document_id=ingest_text(world.owner, world.case, "ok.txt", REPORT).pk,
        )


def test_a_crash_mid_processing_leaves_no_half_state_and_retry_recovers(
    world: World, monkeypatch: Any
) -> None:
    import habeas.documents.services.ingest as ingest

    def explode(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingest, "_findings", explode)  # inside the write transaction
    doc = ingest_text(world.owner, world.case, "report.txt", REPORT)
    assert (
        doc.status == DocumentStatus.FAILED
        and "internal error" in doc.error
        and "disk full" not in doc.error
    )
    assert (
        not Page.objects.filter(document=doc).exists()
        and not Mention.objects.filter(page__document=doc).exists()
    )
    monkeypatch.undo()
    doc = document_retry(actor=world.member, case_ref=world.case.ref, document_id=doc.pk)
    assert doc.status == DocumentStatus.INDEXED and Page.objects.filter(document=doc).count() == 1


def test_flag_and_mention_engines_run_before_the_write_transaction(
    world: World, monkeypatch: Any
) -> None:
    """On SQLite a transaction holds the whole database's write lock: the engines, slow on a long
    document and run by a low-priority worker, must not hold it while every reader's audit row
    waits."""
    import habeas.documents.services.ingest as ingest

    outer = len(connection.atomic_blocks)  # the test's own transaction
    depths: list[int] = []

    def flags(pages: Any) -> Any:
        depths.append(len(connection.atomic_blocks))
        return flags_find_pages(pages)

    def mentions(text: str) -> Any:
        depths.append(len(connection.atomic_blocks))
        return mentions_find(text)

    monkeypatch.setattr(ingest, "flags_find_pages", flags)
    monkeypatch.setattr(ingest, "mentions_find", mentions)
    doc = ingest_text(world.owner, world.case, "report.txt", REPORT)
    assert doc.status == DocumentStatus.INDEXED, doc.error
    assert depths and set(depths) == {outer}
    assert ElementFlag.objects.filter(page__document=doc).exists()


def test_zip_members_become_documents_of_the_case(world: World) -> None:
    data = zip_bytes(
        {
            "reports/one.txt": REPORT.encode(),
            "transcripts/two.txt": TRANSCRIPT.encode(),
            "reports/notes.xyz": b"\x00\x01\x02\xff binary",
        }
    )
    [result] = documents_ingest(
        actor=world.owner, case_ref=world.case.ref, files=[("discovery.zip", io.BytesIO(data))]
    )
    assert result.document is not None
    archive = Document.objects.get(pk=result.document.pk)
    assert archive.status == DocumentStatus.INDEXED, archive.error
    children = {d.name: d for d in archive.children.all()}
    assert {n.rsplit("/", 1)[-1] for n in children} == {"one.txt", "two.txt", "notes.xyz"}
    statuses = {n.rsplit("/", 1)[-1]: d.status for n, d in children.items()}
    assert statuses == {"one.txt": "indexed", "two.txt": "indexed", "notes.xyz": "failed"}
    # Re-ingesting the archive changes nothing.
    count = Document.objects.count()
    documents_ingest(
        actor=world.owner, case_ref=world.case.ref, files=[("again.zip", io.BytesIO(data))]
    )
    assert Document.objects.count() == count


def test_who_may_add_documents(world: World) -> None:
    payload = [("a.txt", io.BytesIO(b"some text here for the test"))]
    with pytest.raises(NotFoundError):
        documents_ingest(actor=world.outsider, case_ref=world.case.ref, files=payload)
    with pytest.raises(NotFoundError):
        documents_ingest(actor=world.nonmember, case_ref=world.case.ref, files=payload)
    with pytest.raises(PermissionDeniedError):
        documents_ingest(actor=world.auditor, case_ref=world.case.ref, files=payload)
    assert not Document.objects.exists()


def test_verify_reports_a_changed_or_missing_file(world: World) -> None:
    doc = ingest_text(world.owner, world.case, "a.txt", REPORT)
    other = ingest_text(world.owner, world.case, "b.txt", TRANSCRIPT)
    assert documents_verify() == (2, [])
    path = blob_store().path_of(doc.sha256)
    path.chmod(0o600)
    path.write_bytes(b"tampered")
    blob_store().path_of(other.sha256).unlink()
    checked, problems = documents_verify()
    assert checked == 2
    kinds = {p.sha256: p.problem for p in problems}
    assert kinds[other.sha256] == "missing" and kinds[doc.sha256].startswith("content changed")


def test_empty_and_oversized_files_are_refused_by_name_and_the_batch_goes_on(
    world: World, settings: Any
) -> None:
    settings.HABEAS_UPLOAD_MAX_BYTES = 1000
    results = documents_ingest(
        actor=world.owner,
        case_ref=world.case.ref,
        files=[
            ("empty.txt", io.BytesIO(b"")),
            ("huge.txt", io.BytesIO(b"x" * 5000)),
            ("fine.txt", io.BytesIO(REPORT.encode())),
        ],
    )
    assert [(r.name, r.document is None) for r in results] == [
        ("empty.txt", True),
        ("huge.txt", True),
        ("fine.txt", False),
    ]
    assert "empty" in results[0].error and "1,000-byte limit" in results[1].error
    assert results[2].document is not None and results[2].document.status == DocumentStatus.INDEXED
    assert not list(blob_store().root.glob("tmp/*")), "no partial file is left behind"


def test_an_image_with_no_text_needs_attention(world: World) -> None:
    from PIL import Image

    from habeas.domain.extract import ocr_available

    if not ocr_available():
        pytest.skip("tesseract is not installed")
    buffer = io.BytesIO()
    Image.new("L", (600, 400), 255).save(buffer, format="PNG")
    [result] = documents_ingest(
        actor=world.owner,
        case_ref=world.case.ref,
        files=[("blank.png", io.BytesIO(buffer.getvalue()))],
    )
    assert result.document is not None
    doc = Document.objects.get(pk=result.document.pk)
    assert (
        doc.status == DocumentStatus.NEEDS_ATTENTION
        and "Every page is blank" in doc.error
        and doc.ocr_page_count == 0  # a blank page is not sent to OCR
    )
    assert (
        document_retry(actor=world.owner, case_ref=world.case.ref, document_id=doc.pk).status
        == DocumentStatus.NEEDS_ATTENTION
    )


def test_a_zip_member_refused_for_size_is_named_on_the_archive(world: World, settings: Any) -> None:
    settings.HABEAS_UPLOAD_MAX_BYTES = 4000
    data = zip_bytes(
        {"small.txt": REPORT.encode()[:900], "huge.txt": b"word " * 2000, "empty.txt": b""}
    )
    [result] = documents_ingest(
        actor=world.owner, case_ref=world.case.ref, files=[("set.zip", io.BytesIO(data))]
    )
    assert result.document is not None
    archive = Document.objects.get(pk=result.document.pk)
    assert archive.status == DocumentStatus.NEEDS_ATTENTION
    assert "huge.txt" in archive.error and "limit" in archive.error and "empty.txt" in archive.error
    assert [d.name.rsplit("/", 1)[-1] for d in archive.children.all()] == ["small.txt"]


def test_shift_jis_text_file_is_read_as_japanese_and_says_so(world: World) -> None:
    text = "供述調書\n被疑者 山田太郎は、次のとおり供述した。私はその夜、現場にはいませんでした。\n"
    doc = ingest_bytes(world.owner, world.case, "kyojutsu.txt", text.encode("shift_jis"))
    assert doc.status == "indexed" and doc.text_encoding == "cp932"
    assert doc.pages.get().text == text.strip()
    utf8 = ingest_bytes(world.owner, world.case, "notes.txt", b"Plain notes.")
    assert utf8.text_encoding == "utf-8"
