"""Public entry points: dispatch on kind, and turn any unexpected failure into ExtractionError."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from habeas.domain.extract.archives import MB, ZipLimits, email_members, zip_members
from habeas.domain.extract.docx import pages_extract_docx
from habeas.domain.extract.email import pages_extract_email
from habeas.domain.extract.errors import BudgetExceededError, ExtractionError
from habeas.domain.extract.extracted import ExtractedPage, Member, RefusedMember
from habeas.domain.extract.images import page_render_png_image, pages_extract_image
from habeas.domain.extract.kinds import KINDS
from habeas.domain.extract.ocr import OcrRunner
from habeas.domain.extract.pdf import page_render_png_pdf, pages_extract_pdf
from habeas.domain.extract.text import pages_extract_text


def _unexpected(kind: str, err: Exception) -> ExtractionError:
    # Safety net for library failures nobody anticipated; the reason still names the file kind.
    detail = str(err).strip() or type(err).__name__
    return ExtractionError(f"could not read {kind} file: {detail}")


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ExtractionError(f"unsupported file kind {kind!r}")


def pages_extract(
    path: Path,
    kind: str,
    *,
    ocr: OcrRunner | None = None,
    min_chars: int = 25,
    max_pages: int | None = None,
) -> list[ExtractedPage]:
    """The pages of one file as text. ``ocr`` is used for scanned PDF pages and for images;
    without it those pages come back with empty text and ``ocr=False``. Pages with no ink come
    back ``blank=True`` and are never OCR'd. More than ``max_pages`` pages (counted before any
    OCR where the format says its page count), or an ``ocr`` runner past its time budget,
    raise BudgetExceededError."""
    _check_kind(kind)
    path = Path(path)
    try:
        if kind == "pdf":
            return pages_extract_pdf(path, ocr=ocr, min_chars=min_chars, max_pages=max_pages)
        if kind == "image":
            return pages_extract_image(path, ocr=ocr, max_pages=max_pages)
        if kind == "docx":
            pages = pages_extract_docx(path)
        elif kind == "text":
            pages = pages_extract_text(path)
        elif kind == "email":
            pages = pages_extract_email(path)
        else:
            raise ExtractionError("a zip archive has no pages of its own; expand its members")
        if max_pages is not None and len(pages) > max_pages:
            raise BudgetExceededError(
                f"the file has {len(pages):,} pages, more than the {max_pages:,} "
                "a document may have"
            )
        return pages
    except ExtractionError:
        raise
    except MemoryError as err:
        raise ExtractionError(f"{kind} file is too large to extract in memory") from err
    except Exception as err:
        raise _unexpected(kind, err) from err


def members_expand(
    path: Path,
    kind: str,
    dest: Path,
    *,
    prefix: str | None = None,
    max_members: int = 10_000,
    max_member_bytes: int = 512 * MB,
    max_total_bytes: int = 4096 * MB,
    max_ratio: int = 1_000,
) -> Iterator[Member | RefusedMember]:
    """Child files of a "zip" or "email": zip members (nested zips are yielded as members; the
    caller recurses, passing ``prefix=member.name`` and what is left of ``max_total_bytes``) or
    email attachments. Files are written lazily under ``dest`` as the iterator advances; the
    caller owns and deletes them. A member over ``max_member_bytes`` by its declared size is
    yielded as a RefusedMember and never written.

    ``prefix`` is the logical name the member names start with (default: ``path.name``).
    Zip archives are validated as a whole (count, declared sizes, encryption, traversal) before
    the first member is yielded; sizes are enforced again while inflating."""
    _check_kind(kind)
    if kind not in ("zip", "email"):
        raise ExtractionError(f"a {kind} file has no members to expand")
    path, dest = Path(path), Path(dest)
    limits = ZipLimits(max_members, max_member_bytes, max_total_bytes, max_ratio)
    name = (prefix if prefix is not None else path.name).rstrip("/")
    inner = zip_members if kind == "zip" else email_members
    try:
        dest.mkdir(parents=True, exist_ok=True)
        yield from inner(path, dest, name, limits)
    except ExtractionError:
        raise
    except Exception as err:
        raise _unexpected(kind, err) from err


def page_render_png(path: Path, kind: str, number: int, *, dpi: int = 110) -> bytes:
    """PNG bytes of page ``number`` (1-based) of a PDF or image, for a viewer."""
    _check_kind(kind)
    if kind not in ("pdf", "image"):
        raise ExtractionError(f"a {kind} file has no page images")
    if dpi <= 0 or dpi > 1200:
        raise ExtractionError(f"dpi must be between 1 and 1200, not {dpi}")
    path = Path(path)
    try:
        if kind == "pdf":
            return page_render_png_pdf(path, number, dpi)
        return page_render_png_image(path, number, dpi)
    except ExtractionError:
        raise
    except Exception as err:
        raise _unexpected(kind, err) from err
