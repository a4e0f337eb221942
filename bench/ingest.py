"""End-to-end ingestion benchmark for text PDFs (store, extract, find flags and suggestions, write pages,
index), on the embedded default (SQLite WAL under a temporary HABEAS_DATA_DIR), next to raw pypdfium2
text extraction of the same files in the same run; and peak memory while ingesting a big folder.

    .venv/bin/python -m bench.ingest [--docs 40] [--pages 50] [--workers 2] [--scans 8] [--big-gb 2]

Throughput: the files are stored with ``documents_ingest`` (as `habeas ingest` does), then processed by
``--workers`` processes calling ``document_process`` (what `habeas worker` runs), until every document
is indexed. "raw" is pypdfium2 opening each file and reading every page's text, in the same number of
processes. Target: >= 300 pages/s on 2 cores.

OCR (--scans): a scanned PDF (letter-size 300 dpi page images) stored and processed end to end, in
s/page, next to raw tesseract (OMP_THREAD_LIMIT=1, --workers processes) on the same images. Target <= 1.3.

Memory (--big-gb): a folder of --big-gb GB of PDFs (each a few text pages plus a large unreferenced
stream, so files are big but cheap to make) is ingested and processed in ONE process; its peak resident
set size must stay under 1 GB (the files are streamed, never read whole).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.embedded import embedded_setup

TARGET_PAGES_PER_S = 300.0
TARGET_PEAK_RSS_MB = 1024.0
TARGET_OCR_S_PER_PAGE = 1.3


def _world() -> tuple[object, str]:
    from habeas.accounts.services import organization_create, user_create
    from habeas.cases.services.intake import case_intake

    org = organization_create(name="Bench CIU", code="benchdocs", kind="ciu")
    user = user_create(
        username="bench-docs",
        password="bench-password-123",
        organization=org,
        role="attorney",
        check_password=False,
    )
    payload = {"applicant": {"first_name": "Sam", "last_name": "Bench"}}
    case = case_intake(
        actor=user,
        case={"title": "People v. Bench", "received_on": "2024-01-02", "county": "Los Angeles"},
        sections=payload,
    )
    return user, case.ref


def _raw_one(path: str) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    pages = 0
    for page in pdf:
        page.get_textpage().get_text_range()
        pages += 1
    pdf.close()
    return pages


def _raw(paths: list[Path], workers: int) -> float:
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pages = sum(pool.map(_raw_one, [str(p) for p in paths]))
    return pages / (time.perf_counter() - start)


def _worker(queue: Any, ready: Any) -> None:
    from django.db import connections

    from habeas.documents.page_index import page_index_forget
    from habeas.documents.services.ingest import document_process
    from habeas.domain.flags import rules_default

    connections.close_all()  # never share the parent's SQLite connection across fork
    page_index_forget()
    # A worker is long-lived: compiling the flag rules (~0.8 s) happens once when it starts, before the clock.
    rules_default()
    ready.set()
    while (pk := queue.get()) is not None:
        document_process(pk)


def _habeas(
    paths: list[Path], workers: int, user: object, ref: str
) -> tuple[float, int, dict[str, int]]:
    """Store every file in this process (as `habeas ingest` does) while ``workers`` processes take the
    queued documents as they appear (as `habeas worker` does); the clock runs from the first store to
    the last document indexed."""
    from django.db import connections

    from habeas.documents.models import Document, Page
    from habeas.documents.services.ingest import documents_ingest

    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    readies = [ctx.Event() for _ in range(workers)]
    procs = [ctx.Process(target=_worker, args=(queue, readies[i])) for i in range(workers)]
    for p in procs:
        p.start()
    for ready in readies:
        ready.wait()
    start = time.perf_counter()
    ids = []
    for path in paths:
        with path.open("rb") as stream:
            [result] = documents_ingest(actor=user, case_ref=ref, files=[(path.name, stream)])  # type: ignore[arg-type]
        assert result.document is not None
        ids.append(result.document.pk)
        queue.put(result.document.pk)
    for _ in procs:
        queue.put(None)
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - start
    pages = Page.objects.filter(document_id__in=ids).count()
    statuses: dict[str, int] = {}
    for status in Document.objects.filter(pk__in=ids).values_list("status", flat=True):
        statuses[status] = statuses.get(status, 0) + 1
    return pages / elapsed, pages, statuses


def _scanned(folder: Path, pages: int, workers: int, user: object, ref: str) -> tuple[float, float]:
    """s/page of a scanned PDF through Habeas (store, render, OCR, flags, index) and of raw tesseract
    on the same page images (PNG, OMP_THREAD_LIMIT=1, ``workers`` at a time)."""
    from django.conf import settings

    from bench.extract import _raw_tesseract
    from habeas.documents.services.ingest import document_process, documents_ingest
    from habeas.domain.extract.samples import scan_pages

    images = scan_pages(pages)
    pdf = folder / "scanned.pdf"
    images[0].save(pdf, save_all=True, append_images=images[1:], resolution=300)
    pngs = []
    for i, image in enumerate(images):
        png = folder / f"page-{i}.png"
        image.save(png)
        pngs.append(png)
    start = time.perf_counter()
    _raw_tesseract(pngs, workers)
    raw = (time.perf_counter() - start) / pages
    settings.HABEAS_OCR_WORKERS = workers
    start = time.perf_counter()
    with pdf.open("rb") as stream:
        [result] = documents_ingest(actor=user, case_ref=ref, files=[(pdf.name, stream)])  # type: ignore[arg-type]
    assert result.document is not None
    document_process(result.document.pk)
    ours = (time.perf_counter() - start) / pages
    result.document.refresh_from_db()
    assert result.document.ocr_page_count == pages, result.document.error
    return ours, raw


def _big(folder: Path, gigabytes: float, user: object, ref: str) -> tuple[float, int]:
    from bench.pdfgen import page_lines, pdf_write
    from habeas.documents.services.ingest import document_process, documents_ingest

    rng = random.Random(7)
    per_file = 256 * 1024 * 1024
    count = max(1, int(gigabytes * 1024**3 // per_file))
    for i in range(count):
        pdf_write(
            folder / f"big-{i}.pdf", [page_lines(rng) for _ in range(5)], padding_bytes=per_file + i
        )
    start = time.perf_counter()
    for path in sorted(folder.glob("big-*.pdf")):
        with path.open("rb") as stream:
            [result] = documents_ingest(actor=user, case_ref=ref, files=[(path.name, stream)])  # type: ignore[arg-type]
        assert result.document is not None
        document_process(result.document.pk)
        path.unlink()
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak_mb, int(elapsed)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--big-gb",
        type=float,
        default=0.0,
        help="Also measure peak memory over a folder this big (e.g. 2)",
    )
    parser.add_argument(
        "--scans",
        type=int,
        default=8,
        help="Pages of a scanned PDF for the OCR measurement (0: skip)",
    )
    args = parser.parse_args()
    from bench.pdfgen import page_lines, pdf_write

    with tempfile.TemporaryDirectory(prefix="habeas-bench-ingest-") as tmp:
        embedded_setup(os.path.join(tmp, "data"))
        user, ref = _world()
        folder = Path(tmp) / "pdfs"
        folder.mkdir()
        rng = random.Random(2001)
        paths = []
        for d in range(args.docs):
            path = folder / f"report-{d:04d}.pdf"
            pdf_write(path, [page_lines(rng) for _ in range(args.pages)])
            paths.append(path)
        total = args.docs * args.pages
        print(
            f"{args.docs} text PDFs x {args.pages} pages = {total:,} pages; {args.workers} processes; {os.cpu_count()} cores"
        )
        raw = _raw(paths, args.workers)
        rate, pages, statuses = _habeas(paths, args.workers, user, ref)
        ok = rate >= TARGET_PAGES_PER_S and pages == total and statuses == {"indexed": args.docs}
        print(f"raw pypdfium2 text extraction   : {raw:8.0f} pages/s")
        print(
            f"Habeas end to end               : {rate:8.0f} pages/s  ({pages:,} pages, statuses {statuses})"
        )
        print(f"ratio Habeas / raw              : {rate / raw:8.2f}")
        print(f"target >= {TARGET_PAGES_PER_S:.0f} pages/s          : {'PASS' if ok else 'FAIL'}")
        if args.scans:
            ours, raw_ocr = _scanned(folder, args.scans, args.workers, user, ref)
            ocr_ok = ours <= TARGET_OCR_S_PER_PAGE
            print(
                f"scanned PDF, {args.scans} pages, {args.workers} OCR processes: Habeas {ours:.2f} s/page, raw tesseract {raw_ocr:.2f} s/page, "
                f"ratio {ours / raw_ocr:.2f}; target <= {TARGET_OCR_S_PER_PAGE} s/page: {'PASS' if ocr_ok else 'FAIL'}"
            )
            ok = ok and ocr_ok
        if args.big_gb:
            big = Path(tmp) / "big"
            big.mkdir()
            peak, seconds = _big(big, args.big_gb, user, ref)
            mem_ok = peak < TARGET_PEAK_RSS_MB
            print(
                f"{args.big_gb:g} GB folder: peak RSS {peak:.0f} MB in {seconds} s; target < {TARGET_PEAK_RSS_MB:.0f} MB: {'PASS' if mem_ok else 'FAIL'}"
            )
            ok = ok and mem_ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
