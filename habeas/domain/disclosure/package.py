"""A production package written to disk document by document (never the whole set in memory):

    <name>/VOL001/IMAGES/0001/<BATES>.tif   one single-page image per page (bilevel, Group 4)
    <name>/VOL001/TEXT/<BEGBATES>.txt      text of the burned, stamped PDF (form feed per page)
    <name>/VOL001/PDF/<BEGBATES>.pdf       the burned, stamped, searchable PDF
    <name>/DATA/<name>.dat, <name>.opt     Concordance and Opticon load files
    <name>/<name>_index.csv                the index
    <name>/<extra files>                   cover letter, privilege log ... as the caller passes them
    <name>/manifest-sha256.txt             ``sha256sum -c`` lines for every other file, written last
    <name>.zip                             all of it

Each document goes burn -> check -> stamp -> check again -> files; a leak raises ProductionLeak
and the writer removes the partial package, so nothing half-checked is left to send.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import pymupdf

from habeas.domain.disclosure.bates import bates_check, bates_label, bates_stamp
from habeas.domain.disclosure.burn import burned_check, document_burn, document_leaks, text_leaks
from habeas.domain.disclosure.errors import ProductionError, ProductionLeak
from habeas.domain.disclosure.loadfiles import (
    DocumentRow,
    dat_header,
    dat_row,
    index_csv,
    opt_lines,
)
from habeas.domain.disclosure.marks import Mark
from habeas.domain.disclosure.raster import PageRaster
from habeas.domain.disclosure.tiff_g4 import g4_tiff_write, libtiff

IMAGE_DPI = 300
IMAGES_PER_FOLDER = 1000
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,59}")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ProduceItem:
    """One document to produce. ``forbidden`` are the strings that must not survive (the
    redacted names, numbers ...), checked on every page; ``key`` is the caller's id, echoed."""

    title: str
    pdf: bytes
    marks: tuple[Mark, ...] = ()
    forbidden: tuple[str, ...] = ()
    doc_date: str = ""  # ISO "2019-03-14" or ""
    doc_type: str = ""
    custodian: str = ""
    confidentiality: str = ""
    key: str = ""


@dataclass(frozen=True)
class PackageFile:
    path: str  # relative to the package root, forward slashes
    sha256: str
    size: int


@dataclass(frozen=True)
class ProducedDocument:
    key: str
    title: str
    first_number: int
    last_number: int
    begbates: str
    endbates: str
    page_count: int
    pdf_path: str
    text_path: str
    sha256: str  # of the produced PDF
    redacted: bool
    pages_without_text: tuple[int, ...]  # 1-based pages with no text layer
    pages_not_checked: tuple[int, ...]  # of those, the ones neither text nor OCR check read
    notes: tuple[str, ...]
    files: tuple[PackageFile, ...] = field(repr=False, default=())


@dataclass(frozen=True)
class PackageResult:
    root: Path  # the package directory
    zip_path: Path
    manifest_sha256: str  # of manifest-sha256.txt
    files: tuple[PackageFile, ...]  # every file of the package but the manifest
    documents: tuple[ProducedDocument, ...]
    page_count: int
    first_number: int
    last_number: int  # first_number - 1 when nothing was produced


@dataclass(frozen=True)
class _Job:
    item: ProduceItem
    first: int
    root: str
    volume: str
    prefix: str
    padding: int
    suffix: str
    legend: str
    dpi: int
    ocr_pages: bool
    ocr_check_all: bool
    first_image: int  # the document's first page counted from the production's first page, 0-based


class _HashingFile:
    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.fh.write(data)


def _write(root: Path, rel: str, data: bytes) -> PackageFile:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return PackageFile(rel, hashlib.sha256(data).hexdigest(), len(data))


def _image_rel(volume: str, index: int, label: str) -> str:
    folder = index // IMAGES_PER_FOLDER + 1
    return f"{volume}/IMAGES/{folder:04d}/{label}.tif"


def page_image(
    root: Path, rel: str, page: pymupdf.Page, raster: PageRaster, dpi: int
) -> PackageFile:
    """Write the page at ``root/rel`` as a single-page bilevel Group 4 TIFF at ``dpi`` (the
    ``raster``'s), thresholded at mid-grey, not dithered (text stays crisp, and photographs are
    rare in police files)."""
    bits, width = raster.bits(page)
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    image = g4_tiff_write(path, bits, width, dpi)
    return PackageFile(rel, image.sha256, image.size)


@dataclass(frozen=True)
class _Done:
    document: ProducedDocument
    row: DocumentRow


def _produce(job: _Job) -> _Done:
    """One document through burn -> check -> stamp -> check -> files (runs in a worker)."""
    item, root = job.item, Path(job.root)
    burned = document_burn(item.pdf, item.marks, ocr_pages=job.ocr_pages)
    marked_pages = {m.page for m in item.marks}
    no_text = set(burned.pages_without_text)
    ocr_check = (
        (no_text if job.ocr_check_all else {p for p in no_text if p in marked_pages})
        if item.forbidden
        else set()
    )
    leaks = burned_check(burned.pdf, item.forbidden, image_ocr_pages=ocr_check)
    if leaks:
        raise ProductionLeak(item.title, leaks)
    stamped = bates_stamp(
        burned.pdf,
        job.first,
        prefix=job.prefix,
        padding=job.padding,
        suffix=job.suffix,
        legend=job.legend,
    )
    count = burned.page_count
    labels = tuple(
        bates_label(job.prefix, job.first + i, job.padding, job.suffix) for i in range(count)
    )
    files: list[PackageFile] = []
    image_rels: list[str] = []
    pdf_rel = f"{job.volume}/PDF/{labels[0]}.pdf"
    with pymupdf.open(stream=stamped, filetype="pdf") as doc:
        # The check again, on the stamped file: the text read here is the TEXT file's too.
        texts = [page.get_text() for page in doc.pages()]
        leaks = document_leaks(doc, item.forbidden)
        for i, text in enumerate(texts):
            leaks.extend(text_leaks(i + 1, text, item.forbidden))
        if leaks:
            raise ProductionLeak(item.title, leaks)
        files.append(_write(root, pdf_rel, stamped))
        raster = PageRaster(job.dpi)  # one set of page buffers for the document's pages
        for i, page in enumerate(doc.pages()):
            rel = _image_rel(job.volume, job.first_image + i, labels[i])
            image_rels.append(rel)
            files.append(page_image(root, rel, page, raster, job.dpi))
    text_rel = f"{job.volume}/TEXT/{labels[0]}.txt"
    files.append(_write(root, text_rel, "\f".join(texts).encode("utf-8")))
    sha = files[0].sha256
    redacted = bool(item.marks)
    unchecked = tuple(sorted(no_text - ocr_check)) if item.forbidden else tuple(sorted(no_text))
    doc_out = ProducedDocument(
        key=item.key,
        title=item.title,
        first_number=job.first,
        last_number=job.first + count - 1,
        begbates=labels[0],
        endbates=labels[-1],
        page_count=count,
        pdf_path=pdf_rel,
        text_path=text_rel,
        sha256=sha,
        redacted=redacted,
        pages_without_text=burned.pages_without_text,
        pages_not_checked=unchecked,
        notes=burned.notes,
        files=tuple(files),
    )
    row = DocumentRow(
        begbates=labels[0],
        endbates=labels[-1],
        page_labels=labels,
        image_paths=tuple(image_rels),
        title=item.title,
        doc_date=item.doc_date,
        doc_type=item.doc_type,
        custodian=item.custodian,
        text_path=text_rel,
        pdf_path=pdf_rel,
        sha256=sha,
        confidentiality=item.confidentiality,
        redacted=redacted,
    )
    return _Done(doc_out, row)


def _page_count(item: ProduceItem) -> int:
    try:
        with pymupdf.open(stream=item.pdf, filetype="pdf") as doc:
            if doc.needs_pass:
                raise ProductionError(f"{item.title}: the PDF is password-protected")
            if doc.page_count < 1:
                raise ProductionError(f"{item.title}: the PDF has no pages")
            return int(doc.page_count)
    except ProductionError:
        raise
    except Exception as err:
        raise ProductionError(f"{item.title}: the PDF cannot be read") from err


def _extra_rel(name: str) -> str:
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts or "\\" in name:
        raise ProductionError(f"an extra file's name must be a plain relative path: {name}")
    return rel.as_posix()


class ProductionWriter:
    """Writes one production package under ``parent/<name>/`` and ``parent/<name>.zip``.

    ``first``, ``prefix``, ``padding``, ``suffix``: the Bates numbering (the caller has checked
    the range against numbers already used, see ``bates_ranges_overlap``). ``workers`` > 1
    produces documents in that many processes (``add_documents``); ``progress(pages_done)`` is
    called after each document. ``ocr_check_all`` OCRs every page without a text layer in the
    check (slow); by default only those that carry a redaction are read by OCR, and the others
    are listed in ``ProducedDocument.pages_not_checked``. Any error in ``add_document``,
    ``add_documents`` (consume it to the end: leaving it early abandons the package too) or
    ``finish`` removes the partial package before it propagates; ``abort()`` may be called again.
    After ``finish`` the directory stays beside the zip (remove it if only the zip is kept)."""

    def __init__(
        self,
        parent: Path,
        *,
        name: str,
        prefix: str,
        first: int,
        padding: int,
        suffix: str = "",
        legend: str = "",
        volume: str = "VOL001",
        image_dpi: int = IMAGE_DPI,
        workers: int = 1,
        ocr_pages: bool = True,
        ocr_check_all: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        if not _NAME.fullmatch(name) or not _NAME.fullmatch(volume):
            raise ProductionError(
                "a production or volume name may have letters, digits, '_' and '-'"
            )
        bates_check(prefix, padding, suffix)
        bates_label(prefix, first, padding, suffix)
        if not 72 <= image_dpi <= 600:
            raise ProductionError("page images are made at 72 to 600 dpi")
        libtiff()  # refuse at once, before any work, when the TIFF library is missing
        self.name = name
        self.root = Path(parent) / name
        self.zip_path = Path(parent) / f"{name}.zip"
        if self.root.exists() or self.zip_path.exists():
            raise ProductionError(f"a production named {name} already exists there")
        self.root.mkdir(parents=True)
        (self.root / "DATA").mkdir()
        self._settings = (
            volume,
            prefix,
            padding,
            suffix,
            legend,
            image_dpi,
            ocr_pages,
            ocr_check_all,
        )
        self.volume = volume
        self.first = first
        self.next_number = first
        self.workers = max(1, workers)
        self.progress = progress
        self.pages_done = 0
        self.documents: list[ProducedDocument] = []
        self._rows: list[DocumentRow] = []
        self._files: list[PackageFile] = []
        self._dat_rel = f"DATA/{name}.dat"
        self._opt_rel = f"DATA/{name}.opt"
        self._dat_fh = (self.root / self._dat_rel).open("wb")
        self._opt_fh = (self.root / self._opt_rel).open("wb")
        self._dat = _HashingFile(self._dat_fh)
        self._opt = _HashingFile(self._opt_fh)
        self._dat.write(dat_header())
        self._closed = False

    def _job(self, item: ProduceItem, first: int) -> _Job:
        volume, prefix, padding, suffix, legend, dpi, ocr_pages, ocr_all = self._settings
        return _Job(
            item,
            first,
            str(self.root),
            volume,
            prefix,
            padding,
            suffix,
            legend,
            dpi,
            ocr_pages,
            ocr_all,
            first - self.first,
        )

    def _reserve(self, item: ProduceItem) -> int:
        first = self.next_number
        _, prefix, padding, suffix, *_ = self._settings
        count = _page_count(item)
        bates_label(prefix, first + count - 1, padding, suffix)  # the last number must fit
        self.next_number = first + count
        return first

    def _record(self, done: _Done) -> ProducedDocument:
        self._dat.write(dat_row(done.row))
        self._opt.write(opt_lines(done.row, self.volume))
        self._rows.append(done.row)
        self._files.extend(done.document.files)
        self.documents.append(done.document)
        self.pages_done += done.document.page_count
        if self.progress is not None:
            self.progress(self.pages_done)
        return done.document

    def _check_open(self) -> None:
        if self._closed:
            raise ProductionError("this production package is already finished or abandoned")

    def add_document(self, item: ProduceItem) -> ProducedDocument:
        """Produce one document in this process. Any error abandons the whole package."""
        self._check_open()
        try:
            return self._record(_produce(self._job(item, self._reserve(item))))
        except BaseException:
            self.abort()
            raise

    def add_documents(self, items: Iterable[ProduceItem]) -> Iterator[ProducedDocument]:
        """Produce documents in order, ``workers`` at a time in worker processes (at most two
        documents per worker in flight, so memory stays bounded). Any error abandons the
        package."""
        self._check_open()
        if self.workers == 1:
            for item in items:
                yield self.add_document(item)
            return
        try:
            with ProcessPoolExecutor(max_workers=self.workers) as pool:
                pending: deque[Future[_Done]] = deque()
                for item in items:
                    job = self._job(item, self._reserve(item))
                    pending.append(pool.submit(_produce, job))
                    while len(pending) >= 2 * self.workers:
                        yield self._record(pending.popleft().result())
                while pending:
                    yield self._record(pending.popleft().result())
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Remove everything written so far."""
        self._close_handles()
        self._closed = True
        shutil.rmtree(self.root, ignore_errors=True)
        self.zip_path.unlink(missing_ok=True)

    def _close_handles(self) -> None:
        for fh in (self._dat_fh, self._opt_fh):
            if not fh.closed:
                fh.close()

    def finish(self, extra_files: Sequence[tuple[str, bytes]] = ()) -> PackageResult:
        """Write the index, the extra files (relative name, bytes) and the manifest, then the
        zip. Returns the package's files and hashes."""
        self._check_open()
        try:
            return self._finish(extra_files)
        except BaseException:
            self.abort()
            raise

    def _finish(self, extra_files: Sequence[tuple[str, bytes]]) -> PackageResult:
        self._close_handles()
        files = list(self._files)
        files.append(PackageFile(self._dat_rel, self._dat.digest.hexdigest(), self._dat.size))
        files.append(PackageFile(self._opt_rel, self._opt.digest.hexdigest(), self._opt.size))
        files.append(_write(self.root, f"{self.name}_index.csv", index_csv(self._rows)))
        taken = {f.path for f in files} | {"manifest-sha256.txt"}
        for name, data in extra_files:
            rel = _extra_rel(name)
            if rel in taken:
                raise ProductionError(f"an extra file would replace a file of the package: {name}")
            taken.add(rel)
            files.append(_write(self.root, rel, data))
        files.sort(key=lambda f: f.path)
        manifest = "".join(f"{f.sha256}  {f.path}\n" for f in files).encode("utf-8")
        (self.root / "manifest-sha256.txt").write_bytes(manifest)
        with zipfile.ZipFile(self.zip_path, "w", allowZip64=True) as zf:
            for f in [*files, PackageFile("manifest-sha256.txt", "", 0)]:
                packed = f.path.endswith((".tif", ".pdf", ".zip"))
                zf.write(
                    self.root / f.path,
                    f"{self.name}/{f.path}",
                    compress_type=zipfile.ZIP_STORED if packed else zipfile.ZIP_DEFLATED,
                )
        self._closed = True
        return PackageResult(
            root=self.root,
            zip_path=self.zip_path,
            manifest_sha256=hashlib.sha256(manifest).hexdigest(),
            files=tuple(files),
            documents=tuple(self.documents),
            page_count=self.pages_done,
            first_number=self.first,
            last_number=self.next_number - 1,
        )
