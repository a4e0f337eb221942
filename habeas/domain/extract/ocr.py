"""OCR through Debian's ``tesseract`` CLI, one single-threaded process per page, N in parallel.

Tesseract's own OpenMP threading is slower than useless on page-sized images (13-21 s/page with
contention vs ~1 s/page with OMP_THREAD_LIMIT=1), so parallelism comes from running processes.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from habeas.domain.extract.errors import BudgetExceededError, ExtractionError

log = logging.getLogger(__name__)

OcrResult = tuple[str, float | None]


def _tesseract_path() -> str | None:
    return shutil.which("tesseract") or (
        "/usr/bin/tesseract" if os.access("/usr/bin/tesseract", os.X_OK) else None
    )


def ocr_available() -> bool:
    """True when the tesseract CLI is installed."""
    return _tesseract_path() is not None


def _mean_confidence(tsv: str) -> float | None:
    confs: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        try:
            conf = float(row.get("conf") or -1)
        except ValueError:
            continue
        if conf >= 0:  # -1 marks non-word rows
            confs.append(conf)
    return round(sum(confs) / len(confs), 2) if confs else None


def _clean(text: str) -> str:
    # tesseract ends every page with a form feed; pages are already separate here.
    return text.replace("\f", "").strip()


class OcrRunner:
    """Runs tesseract on page images in ``workers`` parallel processes.

    Threads only wait on subprocesses, so the GIL is no bottleneck; images are written to disk
    (uncompressed PGM) in those threads too. ``budget_s`` bounds the wall time of all OCR this
    runner does (one runner per document): past it, BudgetExceededError stops the pass.
    """

    def __init__(
        self,
        workers: int | None = None,
        lang: str = "eng",
        timeout_s: float = 120,
        tmp_dir: Path | None = None,
        budget_s: float | None = None,
    ) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.tmp_dir = tmp_dir  # where page images go (the job's own folder); None: the system's
        self.lang = lang
        self.timeout_s = timeout_s
        self.budget_s = budget_s
        self._started: float | None = None

    def _check_budget(self) -> None:
        if self.budget_s is None or self._started is None:
            return
        if time.monotonic() - self._started > self.budget_s:
            minutes = self.budget_s / 60
            raise BudgetExceededError(
                f"reading the scanned pages took longer than the {minutes:g} minutes "
                "a document may take"
            )

    def ocr_images(self, images: Sequence[Image.Image | bytes]) -> list[OcrResult]:
        """(text, mean word confidence 0-100 or None if no words) per image, in input order.
        ``bytes`` are an encoded image file (PNG, JPEG, TIFF...)."""
        return list(self.ocr_iter(images))

    def ocr_iter(self, images: Iterable[Image.Image | bytes]) -> Iterator[OcrResult]:
        """Like ocr_images, but lazy: ``images`` is consumed in the calling thread (so it may be a
        generator that renders with a non-thread-safe library) and at most 2 x workers images are
        held at once, which bounds memory on thousand-page scans."""
        exe = _tesseract_path()
        if exe is None:
            raise ExtractionError("OCR is not available: the tesseract program is not installed")
        if self._started is None:
            self._started = time.monotonic()
        with (
            tempfile.TemporaryDirectory(prefix="habeas-ocr-", dir=self.tmp_dir) as tmp,
            ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="ocr") as pool,
        ):
            pending: deque[Future[OcrResult]] = deque()
            try:
                for i, image in enumerate(images):
                    pending.append(pool.submit(self._run, exe, image, Path(tmp) / f"p{i}"))
                    # keep every worker busy plus one image queued behind each, no more
                    if len(pending) >= 2 * self.workers:
                        yield pending.popleft().result()
                        self._check_budget()
                while pending:
                    yield pending.popleft().result()
                    self._check_budget()
            finally:
                for fut in pending:
                    fut.cancel()

    def _run(self, exe: str, image: Image.Image | bytes, stem: Path) -> OcrResult:
        src = stem.with_suffix(".img")
        dpi: int | None = None
        try:
            if isinstance(image, bytes):
                src.write_bytes(image)
            else:
                dpi = _save_for_ocr(image, src)
        except (OSError, ValueError) as err:
            # The reason (with the work folder's path) goes to the log; the reader gets words.
            log.warning("OCR input %s not written: %s", src, err)
            raise ExtractionError("a page image could not be prepared for OCR") from err
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        cmd = [exe, str(src), str(stem), "-l", self.lang]
        if dpi:
            cmd += ["--dpi", str(dpi)]
        cmd += ["txt", "tsv"]
        try:
            proc = subprocess.run(  # noqa: S603 -- fixed argv, no shell
                cmd, env=env, capture_output=True, timeout=self.timeout_s, check=False
            )
        except subprocess.TimeoutExpired as err:
            raise ExtractionError(f"OCR timed out after {self.timeout_s:g} s on one page") from err
        except OSError as err:
            log.warning("tesseract not run: %s", err)
            raise ExtractionError("the OCR program (tesseract) could not be started") from err
        try:
            if proc.returncode != 0:
                detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
                reason = detail[-1] if detail else f"exit status {proc.returncode}"
                raise ExtractionError(f"OCR failed: {reason}")
            text = stem.with_suffix(".txt").read_text("utf-8", errors="replace")
            tsv = stem.with_suffix(".tsv").read_text("utf-8", errors="replace")
            return _clean(text), _mean_confidence(tsv)
        except OSError as err:
            log.warning("OCR output of %s not read: %s", stem, err)
            raise ExtractionError("OCR finished but left no text for a page") from err
        finally:
            for suffix in (".img", ".txt", ".tsv"):
                stem.with_suffix(suffix).unlink(missing_ok=True)


def _save_for_ocr(image: Image.Image, dest: Path) -> int | None:
    """Write ``image`` for tesseract; returns its dpi if known (PNM cannot carry it).

    Uncompressed PGM/PBM: ~1 ms to write a 300 dpi letter page vs ~50 ms for even the fastest
    PNG, time the CPU would otherwise take from the tesseract processes."""
    if image.mode not in ("1", "L"):
        image = image.convert("L")  # grey (or 1-bit) is all tesseract uses
    image.save(dest, format="PPM")
    dpi = image.info.get("dpi")
    try:
        return round(float(dpi[0])) if dpi and float(dpi[0]) > 0 else None
    except (TypeError, ValueError, IndexError):
        return None
