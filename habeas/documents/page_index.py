"""The process-wide full-text page index, and the bridge from ``Page`` rows to it.

The database is the source of truth; this index can always be rebuilt (``habeas reindex``). Writers in
different processes (web, task workers, CLI) take an exclusive file lock first, because tantivy
allows one writer per index directory.
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from habeas.documents.models import Document, Page
from habeas.domain.search import PageDoc, PageIndex

_lock = threading.Lock()
_indexes: dict[Path, PageIndex] = {}
BATCH = 2000


def page_index() -> PageIndex:
    path = Path(settings.HABEAS_INDEX_DIR)
    with _lock:
        index = _indexes.get(path)
        if index is None:
            index = _indexes[path] = PageIndex(path)
        return index


def page_index_forget() -> None:
    """Drop cached index handles (tests point HABEAS_INDEX_DIR somewhere new)."""
    with _lock:
        _indexes.clear()


@contextmanager
def index_writer_lock() -> Iterator[None]:
    path = Path(settings.HABEAS_INDEX_DIR)
    path.mkdir(parents=True, exist_ok=True)
    with (path.parent / f".{path.name}.writer.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _page_docs(pages: Iterable[Page]) -> Iterator[PageDoc]:
    for page in pages:
        doc = page.document
        yield PageDoc(
            page_id=page.pk,
            document_id=doc.pk,
            case_id=doc.case_id,
            page_number=page.number,
            text=page.text,
            doc_type=doc.doc_type,
            doc_date=doc.doc_date,
        )


def document_index(document: Document) -> int:
    """(Re)index one document's pages: delete what the index holds for it, then add its pages."""
    pages = Page.objects.filter(document=document).select_related("document").order_by("number")
    with index_writer_lock():
        index = page_index()
        index.document_delete(document.pk)
        return index.pages_add(_page_docs(pages.iterator(chunk_size=BATCH)))


def index_rebuild() -> int:
    """Empty the index and add every page of every indexed document, in batches."""
    pages = Page.objects.select_related("document").order_by("pk")
    with index_writer_lock():
        index = page_index()
        index.clear()
        return index.pages_add(_page_docs(pages.iterator(chunk_size=BATCH)))
