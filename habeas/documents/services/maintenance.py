"""Operator jobs: re-hash every stored file, rebuild the search index from the database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from habeas.audit.services import audit_record
from habeas.documents.models import Document, DocumentStatus
from habeas.documents.page_index import index_rebuild
from habeas.documents.services.ingest import blob_store


@dataclass(frozen=True)
class VerifyProblem:
    sha256: str
    problem: str  # "missing" or "content changed (now <sha>)"
    documents: tuple[str, ...]  # "CASE-REF: name" of every document using the file


def documents_verify(
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, list[VerifyProblem]]:
    """Re-hash every stored file that a document refers to. Returns (files checked, problems)."""
    store = blob_store()
    by_hash: dict[str, list[str]] = {}
    for sha, ref, name in Document.objects.values_list("sha256", "case__ref", "name").order_by(
        "sha256"
    ):
        by_hash.setdefault(sha, []).append(f"{ref}: {name}")
    problems = []
    for i, (sha, docs) in enumerate(by_hash.items(), 1):
        now = store.rehash(sha)
        if now is None:
            problems.append(VerifyProblem(sha, "missing", tuple(docs)))
        elif now != sha:
            problems.append(VerifyProblem(sha, f"content changed (now {now})", tuple(docs)))
        if progress:
            progress(i, len(by_hash))
    audit_record(
        actor=None,
        username="cli",
        action="documents.verify",
        detail={"files": len(by_hash), "problems": len(problems)},
    )
    return len(by_hash), problems


def reindex_all() -> int:
    """Rebuild the page index from the database; documents caught mid-indexing become indexed."""
    count = index_rebuild()
    Document.objects.filter(status=DocumentStatus.INDEXING).update(
        status=DocumentStatus.INDEXED, status_changed_at=timezone.now()
    )
    audit_record(actor=None, username="cli", action="index.rebuild", detail={"pages": count})
    return count
