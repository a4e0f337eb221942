"""Blank pages: a 5,000-page blank PDF through ``pages_extract`` with the blank check, next to what
OCR'ing every page costs, plus the blank check's false skips on the generated page set.

    .venv/bin/python -m bench.blank_pages [--pages 5000] [--ocr-sample 8] [--workers 2]

(1) with the skip: pages/s of ``pages_extract(path, "pdf", ocr=OcrRunner(workers))`` on a PDF of
    --pages empty pages (no OCR is run; every page comes back blank).
(2) without it: pages/s of the same OcrRunner on --ocr-sample of those pages rendered at 300 dpi
    (what extraction did before the check), extrapolated to --pages; needs tesseract.
(3) the blank check on ``samples.blank_check_set()``: pages with print wrongly skipped (must be 0)
    and noise pages sent to OCR, with the ms per 300 dpi page image.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--ocr-sample", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    from habeas.domain.extract import OcrRunner, ocr_available, pages_extract
    from habeas.domain.extract.blank import image_is_blank
    from habeas.domain.extract.pdf import OCR_DPI, open_pdf, render_page
    from habeas.domain.extract.samples import blank_check_set, blank_pdf_bytes

    with tempfile.TemporaryDirectory(prefix="bench-blank-") as tmp:
        path = Path(tmp) / "blank.pdf"
        path.write_bytes(blank_pdf_bytes(args.pages))
        size_kb = path.stat().st_size / 1024
        t0 = time.perf_counter()
        pages = pages_extract(path, "pdf", ocr=OcrRunner(workers=args.workers))
        with_skip = time.perf_counter() - t0
        assert all(p.blank for p in pages) and not any(p.ocr for p in pages)
        print(
            f"with the skip:    {args.pages:,} blank pages ({size_kb:,.0f} KB) in {with_skip:.2f} s"
            f" = {args.pages / with_skip:,.0f} pages/s"
        )
        if ocr_available():
            n = min(args.ocr_sample, args.pages)
            with open_pdf(path) as doc:
                t0 = time.perf_counter()
                images = (render_page(doc, i, OCR_DPI, grayscale=True) for i in range(n))
                list(OcrRunner(workers=args.workers).ocr_iter(images))
                per_page = (time.perf_counter() - t0) / n
            total = per_page * args.pages
            print(
                f"without the skip: {1 / per_page:,.2f} pages/s (OCR of {n} pages, {args.workers} "
                f"workers) -> {args.pages:,} pages in ~{total / 60:,.1f} min"
            )
            print(f"ratio: {total / with_skip:,.0f}x faster with the skip")
        else:
            print("without the skip: tesseract is not installed; not measured")

    pages_set = blank_check_set()
    t0 = time.perf_counter()
    verdicts = {name: image_is_blank(img) for name, (img, _) in pages_set.items()}
    ms = (time.perf_counter() - t0) * 1000 / len(pages_set)
    words = [n for n, (_, w) in pages_set.items() if w]
    noise = [n for n, (_, w) in pages_set.items() if not w]
    false_skip = [n for n in words if verdicts[n]]
    noise_read = [n for n in noise if not verdicts[n]]
    print(
        f"blank check on {len(pages_set)} generated pages ({ms:.0f} ms per 300 dpi image): "
        f"false skips {len(false_skip)}/{len(words)} pages with print"
        f"{' ' + str(false_skip) if false_skip else ''}, "
        f"noise pages sent to OCR {len(noise_read)}/{len(noise)}"
    )
    return 1 if false_skip else 0


if __name__ == "__main__":
    sys.exit(main())
