"""Adding files to a case, and turning them into pages, flags and suggestions in the background.

A file is stored once by SHA-256, then a ``Document`` row is created in state *queued* and the
processing task is enqueued in the same transaction (the database task backend makes the two
atomic). Processing writes all pages, flags and suggestions in ONE transaction together with the
state change, so a crash leaves either nothing or everything; the index is updated after that and
can be rebuilt from the pages at any time. Failures are kept on the row with their reason and can be
retried.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from habeas.accounts.models import User
from habeas.accounts.roles import WRITER_ROLES
from habeas.audit.services import audit_record
from habeas.cases.models import Case
from habeas.cases.selectors import case_get
from habeas.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from habeas.core.hooks import document_indexed
from habeas.core.jobs import (
    JobSupersededError,
    job_claim,
    job_enqueue,
    job_hold,
    job_requeue,
    job_update,
    job_workdir,
)
from habeas.documents.models import (
    Document,
    DocumentStatus,
    ElementFlag,
    Mention,
    Page,
)
from habeas.documents.page_index import document_index
from habeas.documents.storage import BlobStore, BlobTooLargeError, Readable, StoredBlob
from habeas.domain.extract import (
    BudgetExceededError,
    ExtractedPage,
    ExtractionError,
    OcrRunner,
    RefusedMember,
    kind_detect,
    members_expand,
    pages_extract,
    text_encoding_detect,
)
from habeas.domain.flags import Flag as DomainFlag
from habeas.domain.flags import engine_fingerprint, flags_find_pages
from habeas.domain.mentions import Mention as DomainMention
from habeas.domain.mentions import mentions_find

log = logging.getLogger(__name__)

MAX_NESTING = 3  # a zip in a zip in a zip; deeper archives are refused (zip-bomb shapes)
MAX_MEMBER_BYTES = (
    512 * 1024 * 1024
)  # no archive member is inflated past this, whatever the upload limit
HEAD_BYTES = 8192
CONTAINER_KINDS = ("zip", "email")


def blob_store() -> BlobStore:
    return BlobStore(Path(settings.HABEAS_BLOB_DIR))


@dataclass(frozen=True)
class IngestResult:
    name: str
    document: Document | None
    created: bool
    error: str = ""


def _write_access(actor: User, case_ref: str) -> Case:
    case = case_get(user=actor, ref=case_ref, write=True)
    if actor.role not in WRITER_ROLES:
        raise PermissionDeniedError("Your role may not add documents.")
    return case


def _detect(path: Path, name: str) -> str | None:
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    return kind_detect(name, head)


def _size_limit() -> str:
    limit = int(settings.HABEAS_UPLOAD_MAX_BYTES)
    return f"{limit // (1024 * 1024):,} MB" if limit >= 1024 * 1024 else f"{limit:,}-byte"


def _document_create(
    *, case: Case, actor: User, name: str, stream: Readable, parent: Document | None
) -> IngestResult:
    try:
        stored = blob_store().put_stream(stream, max_bytes=settings.HABEAS_UPLOAD_MAX_BYTES)
    except BlobTooLargeError:
        # Refused before anything is kept; the caller lists it with the reason, the batch goes on.
        return IngestResult(
            name,
            None,
            created=False,
            error=f"refused: larger than the {_size_limit()} limit (HABEAS_UPLOAD_MAX_BYTES)",
        )
    if stored.size == 0:
        return IngestResult(name, None, created=False, error="refused: the file is empty (0 bytes)")
    kind = _detect(stored.path, name)
    now = timezone.now()
    existing = Document.objects.filter(case=case, sha256=stored.sha256).first()
    if existing is not None:
        return IngestResult(name, existing, created=False)
    try:
        with transaction.atomic():
            doc = _document_row(
                case=case, actor=actor, name=name, stored=stored, kind=kind, parent=parent, now=now
            )
    except IntegrityError:  # the same bytes arrived in a concurrent request a moment earlier
        return IngestResult(
            name, Document.objects.get(case=case, sha256=stored.sha256), created=False
        )
    if kind:
        job_enqueue(doc)  # after its row is committed: a worker must find it
    doc.refresh_from_db()  # an immediate task backend may have processed it already
    return IngestResult(name, doc, created=True, error=doc.error)


def _document_row(
    *,
    case: Case,
    actor: User,
    name: str,
    stored: StoredBlob,
    kind: str | None,
    parent: Document | None,
    now: datetime,
) -> Document:
    doc = Document.objects.create(
        case=case,
        parent=parent,
        name=name[:500],
        sha256=stored.sha256,
        size=stored.size,
        kind=kind or "unknown",
        uploaded_by=actor,
        status_changed_at=now,
        status=DocumentStatus.QUEUED if kind else DocumentStatus.FAILED,
        error=""
        if kind
        else f"unsupported file type ({Path(name).suffix or 'no extension'}): "
        "supported are PDF, TIFF/PNG/JPEG, DOCX, plain text, e-mail (.eml) and zip",
    )
    audit_record(
        actor=actor,
        action="document.add",
        obj=doc,
        case=case,
        detail={
            "name": doc.name,
            "sha256": doc.sha256,
            "size": doc.size,
            "kind": doc.kind,
            "parent": parent.pk if parent else None,
        },
    )
    return doc


def documents_ingest(
    *, actor: User, case_ref: str, files: Iterable[tuple[str, Readable]]
) -> list[IngestResult]:
    """Store each file and queue it. Re-adding identical bytes to the same case returns the existing
    document unchanged. An unsupported file becomes a visible *failed* document, never a silent drop."""
    case = _write_access(actor, case_ref)
    results = []
    for name, stream in files:
        clean = Path(name.replace("\\", "/")).name or "unnamed"
        results.append(
            _document_create(case=case, actor=actor, name=clean, stream=stream, parent=None)
        )
    return results


def ingest_summary(results: list[IngestResult]) -> str:
    """One sentence for people: how many were added, already there, refused or unsupported (by name)."""
    added = sum(1 for r in results if r.created)
    same = sum(1 for r in results if r.document is not None and not r.created)
    parts = [f"{added} file{'s' if added != 1 else ''} added"]
    if same:
        parts.append(f"{same} already in this case (unchanged)")
    problems = [f"{r.name} ({r.error})" for r in results if r.error]
    if problems:
        parts.append("problems: " + "; ".join(problems))
    return ", ".join(parts) + "."


def _claim(document_id: int) -> Document | None:
    """Move a queued document to *extracting*; None if another worker has it or it is not queued."""
    if job_claim(Document, document_id, status_changed_at=timezone.now()) is None:
        return None
    return Document.objects.select_related("case", "uploaded_by").get(pk=document_id)


def _status(document: Document, status: str, error: str = "") -> bool:
    """Move this attempt's document on; False (nothing written) once a newer attempt owns it."""
    document.status = status
    document.error = error
    document.status_changed_at = timezone.now()
    return job_update(
        document, status=status, error=error, status_changed_at=document.status_changed_at
    )


def _stop(document: Document, status: str, message: str, action: str, reason: str) -> None:
    """End the document's processing in ``status`` with ``message`` shown, audited as ``action``."""
    if not _status(document, status, message[:2000]):
        return
    audit_record(
        actor=None,
        username="task",
        action=action,
        obj=document,
        case=document.case,
        detail={"reason": reason[:500]},
    )


def _fail(document: Document, reason: str) -> None:
    _stop(document, DocumentStatus.FAILED, reason, "document.failed", reason)


def _depth(document: Document) -> int:
    depth, parent_id = 0, document.parent_id
    while parent_id is not None and depth <= MAX_NESTING:
        depth += 1
        parent_id = (
            Document.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        )
    return depth


def _root(document: Document) -> int:
    """The id of the top archive (or message) this document came out of; its own id if none."""
    root, parent_id = document.pk, document.parent_id
    for _ in range(MAX_NESTING + 1):
        if parent_id is None:
            break
        root = parent_id
        parent_id = Document.objects.filter(pk=root).values_list("parent_id", flat=True).first()
    return int(root)


def _tree_bytes(root_id: int) -> int:
    """Bytes of the files already stored from the archive ``root_id``, at every depth. Nested
    archives themselves are not counted: their members are, once expanded."""
    total, level = 0, [root_id]
    for _ in range(MAX_NESTING + 1):
        rows = list(Document.objects.filter(parent_id__in=level).values_list("pk", "size", "kind"))
        if not rows:
            break
        total += sum(size for _, size, kind in rows if kind not in CONTAINER_KINDS)
        level = [pk for pk, _, _ in rows]
    return total


def _expand(document: Document, path: Path, work: Path) -> list[str]:
    """Add the archive's or message's members as documents; returns the members that were refused.

    The total limit is shared by the whole archive tree: a nested archive may expand only to
    what its ancestors left, so nesting cannot multiply it. A member over the per-file limit is
    refused by its declared size, before any of it is written."""
    if _depth(document) >= MAX_NESTING:
        raise ExtractionError(f"archives nested more than {MAX_NESTING} deep are not expanded")
    root = _root(document)
    left = int(settings.HABEAS_ARCHIVE_MAX_BYTES) - _tree_bytes(root)
    if left <= 0:
        raise ExtractionError(
            "the archive it came from already expanded to its limit; its members are not added"
        )
    refused = []
    with tempfile.TemporaryDirectory(prefix="expand-", dir=work) as tmp:
        for member in members_expand(
            path,
            document.kind,
            Path(tmp),
            prefix=document.name,
            max_member_bytes=min(MAX_MEMBER_BYTES, int(settings.HABEAS_UPLOAD_MAX_BYTES)),
            max_total_bytes=left,
        ):
            if isinstance(member, RefusedMember):
                refused.append(f"{member.name} (refused: {member.reason})")
                continue
            with member.path.open("rb") as stream:
                result = _document_create(
                    case=document.case,
                    actor=document.uploaded_by,
                    name=member.name,
                    stream=stream,
                    parent=document,
                )
            if result.document is None:
                refused.append(f"{member.name} ({result.error})")
            member.path.unlink(missing_ok=True)  # keep the temporary space to one member at a time
    return refused


def _ocr_runner(work: Path) -> OcrRunner:
    return OcrRunner(
        workers=settings.HABEAS_OCR_WORKERS,
        budget_s=float(settings.HABEAS_OCR_MAX_SECONDS),
        tmp_dir=work,
    )


def _extract(document: Document, path: Path, work: Path) -> list[ExtractedPage]:
    if document.kind == "zip":
        return []
    max_pages = int(settings.HABEAS_DOCUMENT_MAX_PAGES)
    if document.kind == "image":
        _status(document, DocumentStatus.OCR)
        return pages_extract(path, document.kind, ocr=_ocr_runner(work), max_pages=max_pages)
    pages = pages_extract(path, document.kind, ocr=None, max_pages=max_pages)
    if document.kind == "pdf" and any(
        not p.blank and len("".join(p.text.split())) < 25 for p in pages
    ):
        # Some pages with ink have no usable text layer: say so while tesseract works on them.
        _status(document, DocumentStatus.OCR)
        pages = pages_extract(path, document.kind, ocr=_ocr_runner(work), max_pages=max_pages)
    return pages


def _over_budget(document: Document, reason: str) -> None:
    """Nothing of the document is stored (its pages are written all at once or not at all)."""
    message = (
        f"Not read: {reason}. Nothing from this reading was stored. Split the file, or ask "
        "an administrator to raise the limit, then retry."
    )
    _stop(document, DocumentStatus.NEEDS_ATTENTION, message, "document.over_budget", reason)


@dataclass(frozen=True)
class _Found:
    """What the engines found on a document's pages, keyed by page number: computed before the
    write transaction, so the database's write lock (all of SQLite) is never held while the flag
    and mention engines run in this low-priority worker."""

    flags: list[DomainFlag]
    mentions: dict[int, list[DomainMention]]


def _found(pages: list[tuple[int, str]]) -> _Found:
    return _Found(
        flags=list(flags_find_pages(pages)),
        mentions={number: mentions_find(text) for number, text in pages},
    )


def flag_rows(
    document: Document, page_rows: list[Page], found: list[DomainFlag]
) -> list[ElementFlag]:
    """Unsaved rows for the engine's flags of ``document`` (its pages already stored)."""
    by_number = {p.number: p for p in page_rows}
    flags = []
    for flag in found:
        page = by_number[flag.page] if flag.page is not None else page_rows[0]
        flags.append(
            ElementFlag(
                case=document.case,
                page=page,
                rule_id=flag.rule_id,
                category=flag.category.value,
                title=flag.title[:200],
                passage=flag.passage,
                start=flag.start,
                end=flag.end,
                matched=flag.matched[:200],
                confidence=flag.confidence,
                context=flag.context.value,
                cue=flag.cue[:100],
                rule_ids=list(flag.rule_ids or (flag.rule_id,)),
                cues=list(flag.cues),
                reason=flag.reason,
                source=flag.source,
                verification=flag.verification,
                tier=flag.tier,
                authority=flag.authority,
                nre=list(flag.nre),
            )
        )
    return flags


def _findings(
    document: Document, page_rows: list[Page], found: _Found
) -> tuple[list[ElementFlag], list[Mention]]:
    flags = flag_rows(document, page_rows, found.flags)
    mentions = [
        Mention(
            case=document.case,
            page=page,
            kind=m.kind.value,
            text=m.text[:300],
            value=m.value[:300],
            role=m.role,
            badge=m.badge[:30],
            agency=m.agency[:150],
            start=m.start,
            end=m.end,
            confidence=m.confidence,
            context=m.context[:400],
        )
        for page in page_rows
        for m in found.mentions.get(page.number, [])
    ]
    return flags, mentions


def document_process(document_id: int) -> None:
    """The background job: expand archives, extract (and OCR) pages, find flags and suggestions,
    store them in one transaction, then index. Safe to run twice: only a *queued* document is taken."""
    document = _claim(document_id)
    if document is None:
        return
    # Temporary files in the job's own folder: removed when this ends, or by the worker that
    # reclaims the document if this process dies.
    with job_workdir(document) as work:
        _process(document, work)


def _process(document: Document, work: Path) -> None:
    path = blob_store().path_of(document.sha256)
    try:
        if not path.is_file():
            raise ExtractionError("the stored file is missing (run `habeas documents verify`)")
        refused = _expand(document, path, work) if document.kind in ("zip", "email") else []
        extracted = _extract(document, path, work)
        document.text_encoding = text_encoding_detect(path) if document.kind == "text" else ""
        texts = [(p.number, p.text.replace("\x00", "")) for p in extracted]
        found = _found(texts)
        with transaction.atomic():
            job_hold(document)  # given up as abandoned while extracting: the new attempt writes
            Page.objects.filter(document=document).delete()  # a retry starts clean
            Page.objects.bulk_create(
                [
                    Page(
                        document=document,
                        number=p.number,
                        text=text,
                        ocr=p.ocr,
                        ocr_confidence=p.ocr_confidence,
                        blank=p.blank,
                    )
                    for p, (_, text) in zip(extracted, texts, strict=True)
                ],
                batch_size=500,
            )
            # Read back rather than trust bulk_create to return ids on every database.
            page_rows = list(Page.objects.filter(document=document).order_by("number"))
            flags, mentions = _findings(document, page_rows, found) if page_rows else ([], [])
            ElementFlag.objects.bulk_create(flags, ignore_conflicts=True)
            Mention.objects.bulk_create(mentions, ignore_conflicts=True)
            document.page_count = len(page_rows)
            document.ocr_page_count = sum(1 for p in page_rows if p.ocr)
            Document.objects.filter(pk=document.pk).update(
                page_count=document.page_count,
                ocr_page_count=document.ocr_page_count,
                text_encoding=document.text_encoding,
                flags_engine=engine_fingerprint(),
            )
            _status(document, DocumentStatus.INDEXING)
            audit_record(
                actor=None,
                username="task",
                action="document.extracted",
                obj=document,
                case=document.case,
                detail={
                    "pages": document.page_count,
                    "ocr_pages": document.ocr_page_count,
                    "flags": len(flags),
                    "suggestions": len(mentions),
                    **({"encoding": document.text_encoding} if document.text_encoding else {}),
                },
            )
        document_index(document)
        document.finished_at = timezone.now()
        job_update(document, finished_at=document.finished_at)
        if refused:
            _status(
                document,
                DocumentStatus.NEEDS_ATTENTION,
                "Members not added: " + "; ".join(refused)[:1800],
            )
        elif extracted and all(p.blank for p in extracted):
            _status(
                document,
                DocumentStatus.NEEDS_ATTENTION,
                "Every page is blank (no ink on the page images), so there was nothing to read. "
                "Check the original file if you expected text.",
            )
        elif document.kind not in ("zip", "email") and not any(p.text.strip() for p in extracted):
            _status(
                document,
                DocumentStatus.NEEDS_ATTENTION,
                "No text was found on any page: a blank or unreadable scan? "
                "Read the page images, or retry after checking the file.",
            )
        else:
            _status(document, DocumentStatus.INDEXED)
        document_indexed(document.pk)  # after commit: listeners read the stored suggestions
    except JobSupersededError:
        log.warning(
            "document %s: attempt %s was superseded; its results are dropped",
            document.pk,
            document.attempts,
        )
    except BudgetExceededError as exc:
        _over_budget(document, str(exc))
    except ExtractionError as exc:
        _fail(document, str(exc))
    except Exception as exc:  # any other failure must still leave a visible, retryable state
        log.exception("processing document %s failed", document.pk)
        _fail(
            document, f"internal error while processing ({type(exc).__name__}); retry, or report it"
        )


def document_gave_up(document: Document) -> None:
    """Its worker died on every attempt: say so in the audit log like any other failure."""
    audit_record(
        actor=None,
        username="task",
        action="document.failed",
        obj=document,
        case=document.case,
        detail={"reason": document.error[:500]},
    )


def document_retry(*, actor: User, case_ref: str, document_id: int) -> Document:
    """Queue a failed (or abandoned in-progress) document again."""
    case = _write_access(actor, case_ref)
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(case=case, pk=document_id).first()
        if document is None:
            raise NotFoundError("No such document on this case.")
        if not document.can_retry:
            raise ConflictError(
                f"Only failed documents (or ones needing attention) can be retried; this one is {document.get_status_display().lower()}."
            )
        if document.kind == "unknown":
            raise ApplicationError("This file type is not supported; retrying cannot help.")
        job_requeue(document)
        _status(document, DocumentStatus.QUEUED)
        audit_record(
            actor=actor,
            action="document.retry",
            obj=document,
            case=case,
            detail={"attempts": document.attempts},
        )
    job_enqueue(document)  # after the retry is committed: a worker must find it queued
    document.refresh_from_db()
    return document
